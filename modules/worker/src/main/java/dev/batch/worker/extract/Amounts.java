package dev.batch.worker.extract;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers and money amounts in a line of text, whatever the convention: {@code 1,234.56},
 * {@code 1.234,56}, {@code RM60.30}, {@code $ 4.11}, {@code 60,30 €}. A separator
 * followed by one or two digits at the end is the decimal point; by three, a thousands separator.
 */
final class Amounts {
    private Amounts() {}

    /** An amount: its value, where it is in the line, whether it has cents, whether a currency marks it. */
    record Amount(BigDecimal value, int start, int end, boolean decimals, boolean currency) {}

    private static final String CURRENCY =
            "(?:RM|MYR|USD|EUR|GBP|INR|SGD|AUD|CAD|CHF|JPY|CNY|Rs\\.?|S\\$|US\\$|[$€£¥₹])";
    private static final Pattern AMOUNT = Pattern.compile("(?<![\\p{L}\\d.,])(-)?(" + CURRENCY + "\\s?)?(-)?"
            + "(\\d{1,3}(?:[,.']\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:\\s?[.,]\\s?\\d{1,2})?)"
            + "(?![\\d])(\\s?" + CURRENCY + ")?");
    /**
     * A currency, then cents set off by a space where the point was lost ("RM 28 60"), at the end of the line;
     * the currency may be one or two capitals OCR made of it, glued to the digits ("R28 05" for "RM28.05").
     */
    private static final Pattern SPACED_CENTS =
            Pattern.compile("(?<![\\p{L}\\d])(" + CURRENCY + "\\s?|\\p{Lu}{1,2})(\\d{1,5}) (\\d{2})\\s*$");

    private static final Pattern MISREAD =
            Pattern.compile("(?<![\\p{L}\\d])(RM|\\$|€|£)?([0-9OoIlS]{1,6})([.,]\\s?)([0-9Oo]{2})(?![\\p{L}\\d])");
    private static final Pattern TIME = Pattern.compile("\\d{1,2}:\\d{2}");

    /** The amounts of a line, leaving out the characters {@code taken} marks (dates found there). */
    static List<Amount> in(String text, boolean[] taken) {
        List<Amount> out = new ArrayList<>();
        text = repaired(text);
        boolean[] used = taken.clone();
        Matcher spaced = SPACED_CENTS.matcher(text);
        while (spaced.find()) {
            if (overlaps(used, spaced.start(), spaced.end())) continue;
            BigDecimal value = new BigDecimal(spaced.group(2) + "." + spaced.group(3));
            out.add(new Amount(value, spaced.start(), spaced.end(), true, true));
            for (int i = spaced.start(); i < spaced.end(); i++) used[i] = true;
        }
        taken = used;
        Matcher m = AMOUNT.matcher(text);
        while (m.find()) {
            int start = m.start();
            int end = m.end();
            if (overlaps(taken, start, end) || nextToTime(text, start, end)) continue;
            String number = m.group(4);
            if (notAnAmount(text, number, end)) continue;
            BigDecimal value = parse(number);
            if (value == null) continue;
            if (m.group(1) != null || m.group(3) != null) value = value.negate();
            boolean currency = m.group(2) != null || m.group(5) != null;
            boolean decimals = value.scale() > 0;
            out.add(new Amount(value, start, end, decimals, currency));
        }
        out.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return out;
    }

    static List<Amount> in(String text) {
        return in(text, new boolean[text.length()]);
    }

    /** A number as written, or null. */
    static BigDecimal parse(String written) {
        String s = written.replaceAll("\\s", "");
        int lastDot = s.lastIndexOf('.');
        int lastComma = s.lastIndexOf(',');
        int sep = Math.max(lastDot, lastComma);
        String digits;
        if (sep >= 0 && s.length() - sep - 1 <= 2 && s.length() - sep - 1 >= 1) {
            digits = s.substring(0, sep).replaceAll("[.,']", "") + "." + s.substring(sep + 1);
        } else {
            digits = s.replaceAll("[.,']", "");
        }
        if (digits.isEmpty() || digits.equals(".")) return null;
        try {
            return new BigDecimal(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The line with OCR's usual misreadings inside amounts put right, character for character (offsets
     * stay): O for 0, l and I for 1, S for 5, in a number with cents ("RMS.OO", "1O.50").
     */
    static String repaired(String text) {
        Matcher m = MISREAD.matcher(text);
        if (!m.find()) return text;
        StringBuilder b = new StringBuilder(text);
        do {
            boolean digit = (m.group(2) + m.group(4)).chars().anyMatch(Character::isDigit);
            if (!digit && m.group(1) == null) continue;
            for (int i = m.start(2); i < m.end(4); i++) {
                char c = b.charAt(i);
                b.setCharAt(i, c == 'O' || c == 'o' ? '0' : c == 'l' || c == 'I' ? '1' : c == 'S' ? '5' : c);
            }
        } while (m.find());
        return b.toString();
    }

    /** Percentages, and long or zero-led digit strings without separators (codes, phone and account numbers). */
    private static boolean notAnAmount(String text, String number, int end) {
        int next = end;
        while (next < text.length() && text.charAt(next) == ' ') next++;
        if (next < text.length() && text.charAt(next) == '%') return true;
        boolean plain = number.chars().allMatch(Character::isDigit);
        return plain && (number.length() >= 7 || (number.length() > 1 && number.charAt(0) == '0'));
    }

    private static boolean overlaps(boolean[] taken, int start, int end) {
        for (int i = start; i < end && i < taken.length; i++) if (taken[i]) return true;
        return false;
    }

    /** Hours and minutes ("12:45") are not amounts. */
    private static boolean nextToTime(String text, int start, int end) {
        Matcher t = TIME.matcher(text);
        while (t.find()) if (t.start() < end && start < t.end()) return true;
        return (end < text.length() && text.charAt(end) == ':')
                || (start > 0
                        && text.charAt(start - 1) == ':'
                        && start > 1
                        && Character.isDigit(text.charAt(start - 2)));
    }
}
