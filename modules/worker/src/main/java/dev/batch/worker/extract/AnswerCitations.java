package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.worker.extract.ValueLocator.Hit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's answer (already valid against the schema) in the built-in extractor's shape: every
 * field of the schema in its order (null where the model gave none), and beside it the field
 * metadata, each value located in the document for its citation. A value found as written is
 * cited with a high confidence; one the document does not hold keeps the model's value with a low
 * one. The objects of an array (line items, table rows) are cited where most of their values
 * stand together, so each row points at its own line rather than the first that repeats a value.
 */
final class AnswerCitations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final double NOT_IN_TEXT = 0.3;
    static final double NO_VALUE = 0.1;
    static final double UNCITED = 0.6;

    private final ValueLocator locator;
    private final boolean cite;
    private final boolean confidence;

    AnswerCitations(DocIndex ix, boolean cite, boolean confidence) {
        this.locator = new ValueLocator(ix);
        this.cite = cite;
        this.confidence = confidence;
    }

    /** The object of {@code fields} from {@code answer}; its metadata into {@code metadata}. {@code near}: a line, or -1. */
    ObjectNode object(List<FieldSpec> fields, JsonNode answer, ObjectNode metadata, int near) {
        ObjectNode value = F.objectNode();
        for (FieldSpec f : fields) {
            JsonNode v = answer == null ? MissingNode.getInstance() : answer.path(f.name());
            switch (f.type()) {
                case "object" -> {
                    if (v.isObject()) {
                        value.set(f.name(), object(f.properties(), v, metadata.putObject(f.name()), near));
                    } else {
                        value.putNull(f.name());
                        metadata.set(f.name(), scalar(v, near).metadata(cite, confidence));
                    }
                }
                case "array" -> value.set(f.name(), array(f, v, metadata.putArray(f.name()), near));
                default -> {
                    value.set(f.name(), v.isMissingNode() ? F.nullNode() : v);
                    metadata.set(f.name(), scalar(v, near).metadata(cite, confidence));
                }
            }
        }
        return value;
    }

    /** Objects of rows, each cited near the line that holds most of its values; rows in document order. */
    ArrayNode rows(List<FieldSpec> fields, JsonNode answer, ArrayNode metadata) {
        ArrayNode out = F.arrayNode();
        int after = -1;
        for (JsonNode row : answer) {
            if (!row.isObject()) {
                out.add(row);
                metadata.addObject();
                continue;
            }
            int anchor = anchor(fields, row, after);
            if (anchor >= 0) after = anchor;
            out.add(object(fields, row, metadata.addObject(), anchor));
        }
        return out;
    }

    private JsonNode array(FieldSpec f, JsonNode v, ArrayNode metadata, int near) {
        if (!v.isArray()) return F.nullNode();
        if (f.isArrayOfObjects()) return rows(f.items().properties(), v, metadata);
        ArrayNode out = F.arrayNode();
        for (JsonNode item : v) {
            out.add(item);
            metadata.add(scalar(item, near).metadata(cite, confidence));
        }
        return out;
    }

    private Answer scalar(JsonNode v, int near) {
        if (v.isMissingNode() || v.isNull()) return Answer.none("the model found no value", NO_VALUE);
        if (v.isBoolean()) return new Answer(v, UNCITED, List.of(), "the model's answer (a yes or no is not cited)");
        List<Hit> hits = locator.hits(v);
        if (hits.isEmpty())
            return new Answer(v, NOT_IN_TEXT, List.of(), "the model's answer; not found in the document's text");
        Hit best = hits.get(0);
        for (Hit h : hits) {
            if (h.quality() > best.quality()
                    || (near >= 0
                            && h.quality() == best.quality()
                            && Math.abs(h.first() - near) < Math.abs(best.first() - near))) best = h;
        }
        String how = best.quality() >= ValueLocator.SAME_TEXT
                ? "found as written"
                : best.quality() >= ValueLocator.OVER_LINES ? "found in the document" : "most of its words found";
        return new Answer(v, best.quality(), locator.citations(best), "the model's answer, " + how);
    }

    /** The line (from {@code after} on, if any there) holding most of the row's values; -1 if none. */
    private int anchor(List<FieldSpec> fields, JsonNode row, int after) {
        Map<Integer, Integer> count = new HashMap<>();
        for (FieldSpec f : fields) {
            if (!f.isScalar()) continue;
            for (Hit h : locator.hits(row.path(f.name()))) {
                if (h.quality() >= ValueLocator.OVER_LINES) count.merge(h.first(), 1, Integer::sum);
            }
        }
        int best = -1;
        for (Map.Entry<Integer, Integer> e : count.entrySet()) {
            if (best < 0 || better(e.getKey(), e.getValue(), best, count.get(best), after)) best = e.getKey();
        }
        return best;
    }

    private static boolean better(int line, int n, int best, int bestN, int after) {
        boolean ahead = line > after;
        boolean bestAhead = best > after;
        if (ahead != bestAhead) return ahead;
        if (n != bestN) return n > bestN;
        return line < best;
    }
}
