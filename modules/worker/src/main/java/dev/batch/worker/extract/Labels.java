package dev.batch.worker.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Labels found in a line: each of a field's labels where it occurs as whole words (longest first,
 * no two overlapping), and the labels that rule a value out ("Cash", "Change", "Subtotal" for a
 * total) unless a word before them makes them part of the label ("Total incl. GST").
 */
final class Labels {
    private Labels() {}

    record Hit(int start, int end, String label) {}

    /** Words that make a following excluding label part of the label: "incl. GST", "inklusive MwSt". */
    private static final Set<String> INCLUDING = Set.of(
            "incl",
            "inclusive",
            "including",
            "inc",
            "with",
            "w",
            "inkl",
            "inklusive",
            "avec",
            "con",
            "after",
            "plus",
            "ttc",
            "of");

    static List<Hit> find(String folded, List<String> labels) {
        List<Hit> hits = new ArrayList<>();
        for (String label : labels) {
            int at = 0;
            while ((at = Text.find(folded, label, at)) >= 0) {
                int end = at + label.length();
                if (free(hits, at, end)) hits.add(new Hit(at, end, label));
                at = end;
            }
        }
        hits.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return hits;
    }

    /** The excluding labels of a line that are not part of one of its labels nor qualified by "incl." and the like. */
    static List<Hit> excluding(String folded, List<String> notLabels, List<Hit> labels) {
        List<Hit> out = new ArrayList<>();
        for (Hit h : find(folded, notLabels)) {
            if (!free(labels, h.start(), h.end())) {
                // "Total" inside "Subtotal": the excluding label is the longer one, and it wins
                if (!longerThanOverlapped(labels, h)) continue;
            }
            if (qualified(folded, h.start())) continue;
            out.add(h);
        }
        return out;
    }

    private static boolean longerThanOverlapped(List<Hit> labels, Hit h) {
        for (Hit l : labels) {
            if (l.start() < h.end()
                    && h.start() < l.end()
                    && l.label().length() >= h.label().length()) return false;
        }
        return true;
    }

    private static boolean qualified(String folded, int at) {
        String before =
                folded.substring(0, at).replaceAll("[^\\p{L}\\p{N} ]", " ").strip();
        if (before.isEmpty()) return false;
        String[] words = before.split(" +");
        for (int i = words.length - 1; i >= Math.max(0, words.length - 2); i--) {
            if (INCLUDING.contains(words[i])) return true;
        }
        return false;
    }

    private static boolean free(List<Hit> hits, int start, int end) {
        for (Hit h : hits) if (h.start() < end && start < h.end()) return false;
        return true;
    }
}
