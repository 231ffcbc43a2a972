package dev.batch.worker.extract;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Text helpers: folding that keeps offsets, words of field names, phrase look-ups on word boundaries. */
final class Text {
    private Text() {}

    /**
     * Lower case without accents, one character for one: an offset in the folded text is the same
     * offset in the original, so a label found in a folded line can be cited in the line itself.
     */
    static String fold(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                b.append(Character.isWhitespace(c) ? ' ' : Character.toLowerCase(c));
                continue;
            }
            String d = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
            char base = d.isEmpty() ? c : d.charAt(0);
            String lower = String.valueOf(base).toLowerCase(Locale.ROOT);
            b.append(Character.isWhitespace(base) ? ' ' : lower.length() == 1 ? lower.charAt(0) : base);
        }
        return b.toString();
    }

    /** The words of a field name or description: {@code totalAmount}, {@code total_amount}, "Total amount" alike. */
    static List<String> words(String s) {
        String spaced = s.replaceAll("([a-z])([A-Z])", "$1 $2").replaceAll("[_\\-./:()\\[\\]#]+", " ");
        List<String> out = new ArrayList<>();
        for (String w : fold(spaced).split("[^\\p{L}\\p{N}]+")) if (!w.isEmpty()) out.add(w);
        return out;
    }

    /** Where {@code phrase} (folded) occurs in {@code folded} as whole words, from {@code from}; -1 if nowhere. */
    static int find(String folded, String phrase, int from) {
        boolean cjk =
                !phrase.isEmpty() && Character.UnicodeScript.of(phrase.codePointAt(0)) == Character.UnicodeScript.HAN;
        int at = from;
        while ((at = folded.indexOf(phrase, at)) >= 0) {
            int end = at + phrase.length();
            boolean startOk = cjk || at == 0 || !Character.isLetterOrDigit(folded.charAt(at - 1));
            boolean endOk = cjk
                    || end >= folded.length()
                    || !Character.isLetterOrDigit(folded.charAt(end))
                    || !Character.isLetterOrDigit(phrase.charAt(phrase.length() - 1));
            if (startOk && endOk) return at;
            at++;
        }
        return -1;
    }

    /** Whether a word of a field's name means cue {@code cue}: equal, plural, or (long cues) a compound of it. */
    static boolean wordMeans(String word, String cue) {
        if (word.equals(cue)) return true;
        if (Character.UnicodeScript.of(cue.codePointAt(0)) == Character.UnicodeScript.HAN) return word.contains(cue);
        if (word.equals(cue + "s") || word.equals(cue + "es")) return true;
        if (cue.length() >= 4 && word.startsWith(cue) && word.length() - cue.length() >= 3) return true;
        return cue.length() >= 5 && word.endsWith(cue);
    }

    /** Letters that are upper case, as a share of all letters (0 when there are none). */
    static double upperShare(String s) {
        int letters = 0;
        int upper = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isLetter(c)) continue;
            letters++;
            if (Character.isUpperCase(c)) upper++;
        }
        return letters == 0 ? 0 : (double) upper / letters;
    }

    /** Digits as a share of the non-space characters. */
    static double digitShare(String s) {
        int all = 0;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) continue;
            all++;
            if (Character.isDigit(c)) digits++;
        }
        return all == 0 ? 0 : (double) digits / all;
    }
}
