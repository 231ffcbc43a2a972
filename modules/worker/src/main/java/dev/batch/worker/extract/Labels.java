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
    /** Words after an excluding label that make it part of the label: "GST incl.", "MwSt inklusive". */
    private static final Set<String> INCLUDED = Set.of(
            "incl", "inclusive", "including", "inc", "included", "inkl", "inklusive", "incluido", "incluse", "compris");

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
            if (qualified(folded, h)) continue;
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

    /** Whether one of the two words before an excluding label, or the word after it, makes it part of the label. */
    private static boolean qualified(String folded, Hit h) {
        String before = folded.substring(0, h.start())
                .replaceAll("[^\\p{L}\\p{N} ]", " ")
                .strip();
        String[] words = before.isEmpty() ? new String[0] : before.split(" +");
        for (int i = words.length - 1; i >= Math.max(0, words.length - 2); i--) {
            if (INCLUDING.contains(words[i])) return true;
        }
        String after =
                folded.substring(h.end()).replaceAll("[^\\p{L}\\p{N} ]", " ").strip();
        return !after.isEmpty() && INCLUDED.contains(after.split(" +")[0]);
    }

    private static boolean free(List<Hit> hits, int start, int end) {
        for (Hit h : hits) if (h.start() < end && start < h.end()) return false;
        return true;
    }
}
