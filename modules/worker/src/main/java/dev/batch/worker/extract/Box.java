package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where text sits on its page: x, y from the top-left corner, width, height (points, or pixels for images). */
public record Box(float x, float y, float w, float h) {
    static Box union(Box a, Box b) {
        if (a == null) return b;
        if (b == null) return a;
        float x0 = Math.min(a.x, b.x);
        float y0 = Math.min(a.y, b.y);
        float x1 = Math.max(a.x + a.w, b.x + b.w);
        float y1 = Math.max(a.y + a.h, b.y + b.h);
        return new Box(x0, y0, x1 - x0, y1 - y0);
    }

    /** A box from the parse result's {@code {"x", "y", "w", "h"}}, or null. */
    static Box of(JsonNode node) {
        if (node == null || !node.isObject() || !node.has("x")) return null;
        return new Box(
                (float) node.path("x").asDouble(),
                (float) node.path("y").asDouble(),
                (float) node.path("w").asDouble(),
                (float) node.path("h").asDouble());
    }

    float bottom() {
        return y + h;
    }

    float right() {
        return x + w;
    }

    /** How much two boxes share vertically, as a share of the lower one's height. */
    double verticalOverlap(Box o) {
        double top = Math.max(y, o.y);
        double bottom = Math.min(bottom(), o.bottom());
        double min = Math.min(h, o.h);
        return min <= 0 ? 0 : Math.max(0, bottom - top) / min;
    }

    ObjectNode json() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("x", Math.round(x * 10) / 10.0);
        n.put("y", Math.round(y * 10) / 10.0);
        n.put("w", Math.round(w * 10) / 10.0);
        n.put("h", Math.round(h * 10) / 10.0);
        return n;
    }
}
