package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The pages an extraction reads: {@code target_pages} ("1,3-5", 1-based) and {@code max_pages} of
 * the configuration; all of them when neither is set.
 */
record PageChoice(List<int[]> ranges, Integer maxPages) {
    static PageChoice of(JsonNode configuration) {
        List<int[]> ranges = new ArrayList<>();
        String spec = configuration.path("target_pages").asText("");
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            String[] ends = p.split("-", 2);
            try {
                int a = Integer.parseInt(ends[0].strip());
                int b = ends.length == 2 ? Integer.parseInt(ends[1].strip()) : a;
                ranges.add(new int[] {Math.min(a, b), Math.max(a, b)});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "target_pages: '" + p + "' is not a page number or range (e.g. \"1,3-5\")");
            }
        }
        JsonNode max = configuration.path("max_pages");
        return new PageChoice(List.copyOf(ranges), max.canConvertToInt() && max.asInt() > 0 ? max.asInt() : null);
    }

    ExtractDocument apply(ExtractDocument doc) {
        List<ExtractDocument.Page> kept = new ArrayList<>();
        for (ExtractDocument.Page p : doc.pages()) {
            if (maxPages != null && kept.size() >= maxPages) break;
            if (wants(p.number())) kept.add(p);
        }
        List<ExtractDocument> others = new ArrayList<>();
        for (ExtractDocument o : doc.otherReadings()) others.add(apply(o));
        return new ExtractDocument(List.copyOf(kept), List.copyOf(others));
    }

    private boolean wants(int page) {
        if (ranges.isEmpty()) return true;
        for (int[] r : ranges) if (page >= r[0] && page <= r[1]) return true;
        return false;
    }
}
