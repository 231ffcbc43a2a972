package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Running headers and footers of paged documents: the first or last text item of a page that comes
 * back, digits aside, on at least half of the pages (three at least), such as "Baraffe et al.: Local
 * heating…" or a bare page number. {@code hide_headers}/{@code hide_footers} drop them.
 */
final class HeadersFooters {
    private HeadersFooters() {}

    static List<List<Item>> strip(List<List<Item>> pages, boolean headers, boolean footers) {
        if ((!headers && !footers) || pages.size() < 3) return pages;
        Map<String, Integer> firsts = new HashMap<>();
        Map<String, Integer> lasts = new HashMap<>();
        for (List<Item> p : pages) {
            if (p.isEmpty()) continue;
            firsts.merge(shape(p.get(0)), 1, Integer::sum);
            lasts.merge(shape(p.get(p.size() - 1)), 1, Integer::sum);
        }
        int needed = Math.max(3, (pages.size() + 1) / 2);
        List<List<Item>> out = new ArrayList<>(pages.size());
        for (List<Item> p : pages) {
            List<Item> kept = new ArrayList<>(p);
            if (headers && !kept.isEmpty() && firsts.getOrDefault(shape(kept.get(0)), 0) >= needed) kept.remove(0);
            if (footers
                    && !kept.isEmpty()
                    && (lasts.getOrDefault(shape(kept.get(kept.size() - 1)), 0) >= needed
                            || isPageNumber(kept.get(kept.size() - 1)))) {
                kept.remove(kept.size() - 1);
            }
            out.add(kept);
        }
        return out;
    }

    private static String shape(Item item) {
        return item.plain().replaceAll("\\d+", "#").strip();
    }

    private static boolean isPageNumber(Item item) {
        return item.plain().strip().matches("[-–(\\[]?\\s*(page\\s*)?\\d{1,4}\\s*(of\\s*\\d{1,4})?\\s*[-–)\\]]?");
    }
}
