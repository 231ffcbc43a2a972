package dev.batch.worker.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment labels as OCR reads them: the labels themselves, and a word of five letters or more one
 * letter away from one ("Charye" for "Change", "Tendred"). What was tendered and given back settles
 * the total, and those words are short and printed small, so they are misread often; a long word
 * one letter off is still that word far more often than another.
 */
final class PaymentLabels {
    private PaymentLabels() {}

    private static final Pattern WORD = Pattern.compile("\\p{L}+");
    private static final int FUZZY_LENGTH = 5;
    /** Words one letter off a payment label that are words of their own on a bill ("Service Charge"). */
    private static final Set<String> OWN_WORDS = Set.of("charge", "charges", "charged", "render", "rendered");

    /** The hits of {@code labels} in a folded line: whole labels first, else single words one letter off one. */
    static List<Labels.Hit> find(String folded, List<String> labels) {
        List<Labels.Hit> hits = Labels.find(folded, labels);
        if (!hits.isEmpty()) return hits;
        List<Labels.Hit> out = new ArrayList<>();
        Matcher m = WORD.matcher(folded);
        while (m.find()) {
            for (String label : labels) {
                if (label.length() >= FUZZY_LENGTH
                        && !label.contains(" ")
                        && !OWN_WORDS.contains(m.group())
                        && oneEditApart(m.group(), label)) {
                    out.add(new Labels.Hit(m.start(), m.end(), label));
                    break;
                }
            }
        }
        return out;
    }

    /** Whether one letter changed, added or dropped turns {@code a} into {@code b}. */
    static boolean oneEditApart(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 1 || a.equals(b)) return false;
        int i = 0;
        while (i < Math.min(a.length(), b.length()) && a.charAt(i) == b.charAt(i)) i++;
        if (a.length() == b.length()) return a.substring(i + 1).equals(b.substring(i + 1));
        return a.length() > b.length()
                ? a.substring(i + 1).equals(b.substring(i))
                : a.substring(i).equals(b.substring(i + 1));
    }
}
