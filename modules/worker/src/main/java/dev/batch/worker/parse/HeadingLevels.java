package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Levels of a PDF's headings. Level 1 is the title: the largest heading, unnumbered, on the first
 * page, and clearly larger than every other heading. Below it, a numbered heading's level is its
 * numbering depth ("1." top, "1.2" one deeper); an unnumbered one takes the level of the numbered
 * headings set in its type (size and weight), or, for a type with no numbered heading, one below
 * the type ranked before it (larger, then bold, first).
 */
final class HeadingLevels {
    private static final float CLEARLY_LARGER = 1.15f;

    private HeadingLevels() {}

    /** A heading in document order: its page (0-based among those read), item index, and number if consistent. */
    record Entry(int page, int index, HeadingCandidate candidate, SectionNumber number) {}

    /** Per page, the level of each heading by item index. */
    static List<Map<Integer, Integer>> of(List<Entry> entries, boolean firstPageRead, float bodySize, int pages) {
        List<Map<Integer, Integer>> out = new ArrayList<>(pages);
        for (int p = 0; p < pages; p++) out.add(new HashMap<>());
        List<Entry> title = firstPageRead ? title(entries, bodySize) : List.of();
        for (Entry e : title) out.get(e.page()).put(e.index(), 1);
        int top = title.isEmpty() ? 1 : 2;
        List<Entry> rest = entries.stream().filter(e -> !title.contains(e)).toList();
        Map<Integer, Integer> byStyle = styleLevels(rest, top);
        for (Entry e : rest) {
            int level = e.number() != null ? top + e.number().depth() - 1 : byStyle.get(style(e));
            out.get(e.page()).put(e.index(), Math.min(6, level));
        }
        return out;
    }

    /** The title's heading(s): unnumbered, on the first page, in a size no other heading comes near. */
    private static List<Entry> title(List<Entry> entries, float bodySize) {
        float largest = 0;
        for (Entry e : entries)
            if (e.page() == 0 && e.number() == null)
                largest = Math.max(largest, e.candidate().size());
        float others = bodySize;
        List<Entry> title = new ArrayList<>();
        for (Entry e : entries) {
            boolean sameSize = Math.abs(e.candidate().size() - largest) < 0.25f;
            if (e.page() == 0 && e.number() == null && sameSize) title.add(e);
            else others = Math.max(others, e.candidate().size());
        }
        return largest >= CLEARLY_LARGER * others ? title : List.of();
    }

    /** Each type's level: that of its numbered headings (the depth most of them have), else one below the type before. */
    private static Map<Integer, Integer> styleLevels(List<Entry> entries, int top) {
        Map<Integer, Map<Integer, Integer>> depths = new TreeMap<>(Comparator.reverseOrder());
        for (Entry e : entries) {
            Map<Integer, Integer> d = depths.computeIfAbsent(style(e), k -> new HashMap<>());
            if (e.number() != null) d.merge(e.number().depth(), 1, Integer::sum);
        }
        Map<Integer, Integer> levels = new HashMap<>();
        int next = top;
        for (Map.Entry<Integer, Map<Integer, Integer>> s : depths.entrySet()) {
            int level = usualDepth(s.getValue()).map(d -> top + d - 1).orElse(next);
            levels.put(s.getKey(), level);
            next = Math.min(6, level + 1);
        }
        return levels;
    }

    /** The depth most often seen (the shallower of two as often), if any. */
    private static Optional<Integer> usualDepth(Map<Integer, Integer> counts) {
        Integer best = null;
        for (Map.Entry<Integer, Integer> d : counts.entrySet()) {
            if (best == null
                    || d.getValue() > counts.get(best)
                    || (d.getValue().equals(counts.get(best)) && d.getKey() < best)) best = d.getKey();
        }
        return Optional.ofNullable(best);
    }

    /** A type as a sortable key: larger first, then bold first. */
    private static int style(Entry e) {
        return Math.round(e.candidate().size() * 2) * 2 + (e.candidate().bold() ? 1 : 0);
    }
}
