package dev.batch.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an extracted receipt field is scored against the SROIE ground truth: the total by value
 * ({@code "RM 60.30"} and {@code 60.3} agree), the date by day, month and year (the truth is
 * written day first, {@code 19/10/2018}, {@code 18-11-18}, {@code 10 MAR 2018}), names and
 * addresses by normalised similarity (upper case, punctuation as spaces) of at least 0.8.
 */
final class ReceiptScore {
    private ReceiptScore() {}

    static final double SIMILAR = 0.8;
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)?");
    private static final Pattern NUMERIC_DATE = Pattern.compile("(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{2,4})");
    private static final Pattern NAMED_DATE =
            Pattern.compile("(\\d{1,2})[\\s/.-]*([A-Za-z]{3})[A-Za-z]*[\\s/.-]*(\\d{2,4})");
    private static final String MONTHS = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";

    /** The truth's amount, or null when the truth has none. */
    static BigDecimal amount(String truth) {
        Matcher m = NUMBER.matcher(truth.replace(",", "."));
        return m.find() ? new BigDecimal(m.group()) : null;
    }

    static boolean totalMatches(BigDecimal truth, JsonNode got) {
        if (got == null || got.isNull()) return false;
        BigDecimal ours = got.isNumber() ? got.decimalValue() : amount(got.asText());
        return ours != null && ours.compareTo(truth) == 0;
    }

    /** The truth's date (day first), or null. */
    static LocalDate date(String truth) {
        Matcher m = NUMERIC_DATE.matcher(truth);
        try {
            if (m.find())
                return LocalDate.of(year(m.group(3)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
            m = NAMED_DATE.matcher(truth);
            if (m.find()) {
                int month = MONTHS.indexOf(m.group(2).toUpperCase(Locale.ROOT)) / 3 + 1;
                return month < 1 ? null : LocalDate.of(year(m.group(3)), month, Integer.parseInt(m.group(1)));
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    static boolean dateMatches(LocalDate truth, JsonNode got) {
        if (got == null || got.isNull()) return false;
        try {
            return LocalDate.parse(
                            got.asText().substring(0, Math.min(10, got.asText().length())))
                    .equals(truth);
        } catch (DateTimeParseException e) {
            return truth.equals(date(got.asText()));
        }
    }

    static boolean similar(String truth, JsonNode got) {
        return got != null && !got.isNull() && similarity(truth, got.asText()) >= SIMILAR;
    }

    static double similarity(String a, String b) {
        return Levenshtein.ratio(normal(a), normal(b));
    }

    static String normal(String s) {
        return s.toUpperCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    private static int year(String y) {
        int n = Integer.parseInt(y);
        return y.length() == 2 ? 2000 + n : n;
    }
}
