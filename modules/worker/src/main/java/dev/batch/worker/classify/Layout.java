package dev.batch.worker.classify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * What the pages look like, from the items' bounding boxes (PDFs): pages set in two columns, and a
 * letterhead (contact details or an address in the top band of the first page). Used by
 * {@code MULTIMODAL}.
 */
final class Layout {
    private Layout() {}

    private static final Pattern CONTACT = Pattern.compile(
            "(?i)(?:[\\w.+-]+@[\\w-]+\\.[\\w.]+|\\+?\\d[\\d ()./-]{7,}\\d|www\\.|https?://|\\b(?:tel|phone|fax|telefon|t[ée]l[ée]phone)\\b)");

    static void read(JsonNode parse, Signals signals) {
        int columns = 0;
        boolean first = true;
        for (JsonNode page : parse.path("pages")) {
            double w = page.path("page_width").asDouble(0);
            double h = page.path("page_height").asDouble(0);
            if (w <= 0 || h <= 0) continue;
            int left = 0;
            int right = 0;
            StringBuilder top = new StringBuilder();
            for (JsonNode item : page.path("items")) {
                JsonNode box = item.path("bbox").path(0);
                if (box.isMissingNode()) continue;
                double x = box.path("x").asDouble();
                double y = box.path("y").asDouble();
                double bw = box.path("w").asDouble();
                double bh = box.path("h").asDouble();
                String type = item.path("type").asText();
                if (type.equals("text") || type.equals("heading")) {
                    if (x + bw <= 0.55 * w && x < 0.4 * w && bw > 0.2 * w) left++;
                    if (x >= 0.45 * w && bw > 0.2 * w) right++;
                }
                if (first && y + bh <= 0.18 * h)
                    top.append(item.path("value").asText("")).append('\n');
            }
            if (left >= 3 && right >= 3) columns++;
            if (first && CONTACT.matcher(top).find()) signals.add(Signals.Kind.LETTERHEAD, 1);
            first = false;
        }
        signals.add(Signals.Kind.COLUMNS, columns);
    }
}
