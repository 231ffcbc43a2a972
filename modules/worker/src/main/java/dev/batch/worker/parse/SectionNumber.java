package dev.batch.worker.parse;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The number a heading starts with, as parts from the top: "3.2.1" is [3, 2, 1], "IV." is [4], and a
 * lettered subsection "B." under section IV is [4, 2] (IEEE style), "Appendix A" is [1]. Its depth
 * is its number of parts. {@code dotted} tells "1. Introduction" from "1 Introduction", which is
 * also how footnotes start; a {@code named} number ("Chapter 3", "Appendix A") is a top part.
 */
record SectionNumber(int[] parts, boolean dotted, boolean letter, boolean named, String title) {
    private static final Pattern ARABIC = Pattern.compile("^(\\d{1,2}(?:\\.\\d{1,2}){0,4})(\\.?)\\s+(\\S.*)$");
    private static final Pattern LETTERED = Pattern.compile("^([A-Z])((?:\\.\\d{1,2}){1,4})\\.?\\s+(\\S.*)$");
    private static final Pattern ROMAN = Pattern.compile("^([IVX]{1,5})\\.\\s+(\\S.*)$");
    private static final Pattern LETTER = Pattern.compile("^([A-H])\\.\\s+(\\S.*)$");
    private static final Pattern NAMED = Pattern.compile(
            "^(?i:chapter|appendix|part|annex|kapitel|anhang|chapitre|annexe)\\s+([A-Z\\d]{1,4}|[IVX]{1,5})\\b[.:]?\\s*(.*)$");

    /** The number {@code text} starts with, or null; a lone letter only means something under a previous number. */
    static SectionNumber parse(String text) {
        Matcher m = ARABIC.matcher(text);
        if (m.matches()) {
            int[] parts = Arrays.stream(m.group(1).split("\\."))
                    .mapToInt(Integer::parseInt)
                    .toArray();
            return new SectionNumber(parts, !m.group(2).isEmpty() || parts.length > 1, false, false, m.group(3));
        }
        m = LETTERED.matcher(text);
        if (m.matches()) {
            String[] rest = m.group(2).substring(1).split("\\.");
            int[] parts = new int[rest.length + 1];
            parts[0] = m.group(1).charAt(0) - 'A' + 1;
            for (int i = 0; i < rest.length; i++) parts[i + 1] = Integer.parseInt(rest[i]);
            return new SectionNumber(parts, true, false, false, m.group(3));
        }
        m = ROMAN.matcher(text);
        if (m.matches() && roman(m.group(1)) > 0)
            return new SectionNumber(new int[] {roman(m.group(1))}, true, false, false, m.group(2));
        m = LETTER.matcher(text);
        if (m.matches())
            return new SectionNumber(new int[] {m.group(1).charAt(0) - 'A' + 1}, true, true, false, m.group(2));
        m = NAMED.matcher(text);
        if (m.matches()) return new SectionNumber(new int[] {1}, true, false, true, m.group(2));
        return null;
    }

    int depth() {
        return parts.length;
    }

    /** A lettered subsection placed under the section before it ("B." after "IV." is [4, 2]); others as they are. */
    SectionNumber under(SectionNumber previous) {
        if (!letter) return this;
        if (previous == null) return null;
        int[] p = Arrays.copyOf(previous.parts, 2);
        p[1] = parts[0];
        return new SectionNumber(p, true, true, false, title);
    }

    /**
     * Whether this number can follow {@code previous} in a document: the next at some depth (one may
     * be missing), or the first below it ("3.1" after "3"). The first number of all starts low; a
     * named one ("Appendix A", "Chapter 3") may come anywhere.
     */
    boolean follows(SectionNumber previous) {
        if (named) return true;
        if (previous == null) return Arrays.stream(parts).allMatch(p -> p <= 2);
        int[] q = previous.parts;
        if (parts.length == q.length + 1 && parts[q.length] == 1 && Arrays.equals(q, Arrays.copyOf(parts, q.length)))
            return true;
        if (parts.length > q.length) return false;
        int k = parts.length - 1;
        for (int i = 0; i < k; i++) if (parts[i] != q[i]) return false;
        return parts[k] - q[k] >= 1 && parts[k] - q[k] <= 2;
    }

    private static int roman(String s) {
        int total = 0;
        int prev = 0;
        for (int i = s.length() - 1; i >= 0; i--) {
            int v = s.charAt(i) == 'I' ? 1 : s.charAt(i) == 'V' ? 5 : 10;
            total += v < prev ? -v : v;
            prev = Math.max(prev, v);
        }
        return total > 0 && total <= 30 ? total : 0;
    }
}
