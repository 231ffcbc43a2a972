package dev.batch.worker.extract;

import java.time.LocalDate;
import java.util.Map;

/**
 * A document's date whose year lies in the future was often printed in the past and misread: OCR
 * takes a 1 for a 7 ("2078" for "2018"), a 6 or a 0 for an 8. The year put right is the one that a
 * single look-alike digit turns into a year no later than {@code horizon} and not long before it;
 * when no such change, or more than one, gives one, the date stays as read.
 */
final class MisreadYears {
    private MisreadYears() {}

    /** Digits OCR takes for one another in print. */
    private static final Map<Character, String> LOOK_ALIKES = Map.of(
            '0', "869",
            '1', "74",
            '3', "8",
            '4', "1",
            '5', "6",
            '6', "58",
            '7', "1",
            '8', "3609",
            '9', "80");

    /** Whether OCR takes digit {@code a} for {@code b} or {@code b} for {@code a}. */
    static boolean lookAlike(char a, char b) {
        return LOOK_ALIKES.getOrDefault(a, "").indexOf(b) >= 0
                || LOOK_ALIKES.getOrDefault(b, "").indexOf(a) >= 0;
    }

    /** How many years back a repaired year may lie. */
    private static final int YEARS_BACK = 30;

    /** {@code date} with its year put right, or null when it is not after {@code horizon} or has no single repair. */
    static LocalDate repaired(LocalDate date, LocalDate horizon) {
        if (!date.isAfter(horizon)) return null;
        String year = Integer.toString(date.getYear());
        LocalDate found = null;
        for (int i = 0; i < year.length(); i++) {
            for (char c : LOOK_ALIKES.getOrDefault(year.charAt(i), "").toCharArray()) {
                int y = Integer.parseInt(year.substring(0, i) + c + year.substring(i + 1));
                if (y < horizon.getYear() - YEARS_BACK || y > horizon.getYear()) continue;
                LocalDate d = date.withYear(y);
                if (d.isAfter(horizon) || d.getDayOfMonth() != date.getDayOfMonth()) continue;
                if (found != null && !found.equals(d)) return null;
                found = d;
            }
        }
        return found;
    }
}
