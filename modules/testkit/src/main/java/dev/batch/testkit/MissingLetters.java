package dev.batch.testkit;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Words a reference text (pdftotext's) has that ours has only with letters missing ("the" where ours
 * reads "he", "however" where ours reads "howevr"). The two texts are aligned as word sequences
 * ({@link WordAlignment}); in each stretch where they differ, a reference word counts as missing
 * letters when ours has, in the same stretch, a word that is it with one or more letters deleted
 * (and nothing else), and the stretch of ours does not hold the word whole anyway (split over a
 * line-end hyphen, or glued to its neighbours).
 */
public final class MissingLetters {
    /** A reference word ({@code expected}) that ours has only as {@code found}, on page {@code page} (from 1). */
    public record Miss(int page, String expected, String found) {}

    private MissingLetters() {}

    /** The misses of ours against the reference, page by page (lists of equal length, page 1 first). */
    public static List<Miss> compare(List<String> referencePages, List<String> ourPages) {
        List<Miss> out = new ArrayList<>();
        for (int p = 0; p < referencePages.size(); p++) {
            String ours = p < ourPages.size() ? ourPages.get(p) : "";
            out.addAll(comparePage(p + 1, referencePages.get(p), ours));
        }
        return out;
    }

    static List<Miss> comparePage(int page, String reference, String ours) {
        String[] ref = words(reference);
        String[] our = words(ours);
        Map<String, Integer> ourCounts = counts(our);
        Map<String, Integer> refCounts = counts(ref);
        List<Miss> out = new ArrayList<>();
        for (WordAlignment.Stretch s : WordAlignment.differing(ref, our)) {
            // one word of context each side: a word pdftotext glues to its neighbour ("inweights")
            int from = Math.max(0, s.bFrom() - 1);
            int to = Math.min(our.length, s.bTo() + 1);
            String joined = join(our, from, to, false);
            String dehyphenated = join(our, from, to, true);
            for (int i = s.aFrom(); i < s.aTo(); i++) {
                String w = ref[i];
                if (letters(w) < 2 || joined.contains(w) || dehyphenated.contains(w)) continue;
                if (ourCounts.getOrDefault(w, 0) >= refCounts.get(w)) continue; // ours has it whole, elsewhere
                for (int j = s.bFrom(); j < s.bTo(); j++) {
                    if (lettersDeleted(w, our[j]) && !gluedFrom(w, our[j], ourCounts, refCounts)) {
                        out.add(new Miss(page, w, our[j]));
                        break;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Whether {@code word} is {@code found} with another word of ours glued on before or after it
     * (pdftotext gluing a letter of a formula or a neighbouring line to a word), not letters lost: ours
     * has that other word standing alone more often than the reference.
     */
    private static boolean gluedFrom(
            String word, String found, Map<String, Integer> ourCounts, Map<String, Integer> refCounts) {
        String rest = word.startsWith(found)
                ? word.substring(found.length())
                : word.endsWith(found) ? word.substring(0, word.length() - found.length()) : null;
        return rest != null && ourCounts.getOrDefault(rest, 0) > refCounts.getOrDefault(rest, 0);
    }

    private static Map<String, Integer> counts(String[] words) {
        Map<String, Integer> m = new HashMap<>();
        for (String w : words) m.merge(w, 1, Integer::sum);
        return m;
    }

    /** The text's words: whitespace-separated, in Unicode compatibility form (ligatures spelled out). */
    static String[] words(String text) {
        String t = Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }

    /**
     * Whether {@code found} is {@code word} with letters deleted and nothing else changed, keeping at
     * least two of its letters and half of them (so that an unrelated short word does not count).
     */
    static boolean lettersDeleted(String word, String found) {
        if (found.length() >= word.length()) return false;
        int kept = letters(found);
        if (kept < 2 || 2 * kept < letters(word)) return false;
        int j = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (j < found.length() && found.charAt(j) == c) j++;
            else if (!Character.isLetter(c)) return false;
        }
        return j == found.length();
    }

    private static int letters(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (Character.isLetter(s.charAt(i))) n++;
        return n;
    }

    private static String join(String[] words, int from, int to, boolean dropLineEndHyphens) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            String w = words[i];
            b.append(dropLineEndHyphens && w.endsWith("-") ? w.substring(0, w.length() - 1) : w);
        }
        return b.toString();
    }
}
