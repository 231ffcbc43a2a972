package dev.batch.worker.extract;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates in a line of text, in the ways documents write them: {@code 2018-10-19}, {@code 19/10/2018},
 * {@code 19.10.18}, {@code 19 Oct 2018}, {@code Oct 19, 2018}, {@code 19. Oktober 2018},
 * {@code 2018年10月19日}. A numeric date whose day and month could be swapped ({@code 03/04/2018})
 * keeps both readings; the document decides ({@link #dayFirst}).
 */
final class Dates {
    private Dates() {}

    /**
     * A date found at {@code start}-{@code end}; {@code monthFirst} is the other reading of a numeric one
     * ({@code numeric}: day and month both in digits), null where that reading is no date.
     */
    record Found(LocalDate dayFirst, LocalDate monthFirst, int start, int end, boolean numeric) {
        LocalDate read(boolean preferDayFirst) {
            if (dayFirst == null) return monthFirst;
            if (monthFirst == null) return dayFirst;
            return preferDayFirst ? dayFirst : monthFirst;
        }

        boolean ambiguous() {
            return dayFirst != null && monthFirst != null && !dayFirst.equals(monthFirst);
        }
    }

    private static final Pattern YMD =
            Pattern.compile("(?<![\\p{L}\\d])((?:19|20)\\d{2})\\s?[-/.]\\s?(\\d{1,2})\\s?[-/.]\\s?(\\d{1,2})(?!\\d)");
    private static final Pattern DMY = Pattern.compile(
            "(?<![\\p{L}\\d.])(\\d{1,2})\\s?([-/.])\\s?(\\d{1,2})\\s?\\2\\s?(\\d{4}|\\d{2})(?![\\d]|\\.\\d)");
    private static final Pattern D_MON_Y = Pattern.compile(
            "(?<!\\d)(\\d{1,2})(?:st|nd|rd|th|er)?\\.?[\\s\\-/]*(\\p{L}{3,10})\\.?[\\s\\-/,']*(\\d{4}|\\d{2})(?!\\d)");
    private static final Pattern MON_D_Y =
            Pattern.compile("(?<!\\p{L})(\\p{L}{3,10})\\.?\\s*(\\d{1,2})(?:st|nd|rd|th)?\\s?,?\\s*(\\d{4})(?!\\d)");
    private static final Pattern CJK = Pattern.compile("(\\d{4})\\s?年\\s?(\\d{1,2})\\s?月\\s?(\\d{1,2})\\s?日");
    private static final Pattern MISREAD =
            Pattern.compile("(?<![\\p{L}\\d])[0-9OoIl]{1,4}[/.-][0-9OoIl]{1,2}[/.-][0-9OoIl]{2,4}(?![\\p{L}\\d])");
    private static final Map<String, Integer> MONTHS = new HashMap<>();

    static {
        String[] names = {
            "jan,january,janv,janvier,januar,jan,enero,ene,gennaio,gen,janeiro,januari,jänner,janner",
            "feb,february,fevr,fevrier,februar,febrero,febbraio,fevereiro,februari,feb",
            "mar,march,mars,marz,maerz,marzo,marco,maart,mac,mrt",
            "apr,april,avr,avril,abril,abr,aprile",
            "may,mai,mayo,maggio,maio,mei,mag",
            "jun,june,juin,juni,junio,giugno,junho,giu",
            "jul,july,juil,juillet,juli,julio,luglio,julho,lug",
            "aug,august,aout,agosto,ago,augustus,ogos,ogo",
            "sep,sept,september,septembre,septiembre,settembre,setembro,set",
            "oct,october,octobre,oktober,okt,octubre,ottobre,outubro,out,ott",
            "nov,november,novembre,noviembre,novembro",
            "dec,december,decembre,dezember,dez,diciembre,dic,dicembre,dezembro,dis,desember"
        };
        for (int m = 0; m < names.length; m++) for (String n : names[m].split(",")) MONTHS.put(n, m + 1);
    }

    /** The dates of a line, left to right. */
    static List<Found> in(String written) {
        String text = repaired(written);
        List<Found> out = new ArrayList<>();
        boolean[] taken = new boolean[text.length()];
        Matcher m = CJK.matcher(text);
        while (m.find()) add(out, taken, m, date(m.group(1), m.group(2), m.group(3)), null, false);
        m = YMD.matcher(text);
        while (m.find()) add(out, taken, m, date(m.group(1), m.group(2), m.group(3)), null, false);
        m = DMY.matcher(text);
        while (m.find()) {
            String y = m.group(4);
            LocalDate dmy = date(y, m.group(3), m.group(1));
            LocalDate mdy = date(y, m.group(1), m.group(3));
            add(out, taken, m, dmy, mdy, true);
        }
        m = D_MON_Y.matcher(text);
        while (m.find()) add(out, taken, m, monthNamed(m.group(3), m.group(2), m.group(1)), null, false);
        m = MON_D_Y.matcher(text);
        while (m.find()) add(out, taken, m, monthNamed(m.group(3), m.group(1), m.group(2)), null, false);
        out.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return out;
    }

    /** OCR's O for 0 and l or I for 1 inside a numeric date ("O9/02/17"), character for character. */
    static String repaired(String text) {
        Matcher m = MISREAD.matcher(text);
        if (!m.find()) return text;
        StringBuilder b = new StringBuilder(text);
        do {
            if (m.group().chars().filter(Character::isDigit).count() < 4) continue;
            for (int i = m.start(); i < m.end(); i++) {
                char c = b.charAt(i);
                b.setCharAt(i, c == 'O' || c == 'o' ? '0' : c == 'l' || c == 'I' ? '1' : c);
            }
        } while (m.find());
        return b.toString();
    }

    /** The characters of a line that are part of a date (amounts are not looked for there). */
    static boolean[] mask(String text, List<Found> dates) {
        boolean[] taken = new boolean[text.length()];
        for (Found f : dates) for (int i = f.start(); i < f.end(); i++) taken[i] = true;
        return taken;
    }

    /** Whether the document writes day before month: its unambiguous numeric dates vote; a tie is day first. */
    static boolean dayFirst(List<Found> all) {
        int day = 0;
        int month = 0;
        for (Found f : all) {
            if (!f.numeric()) continue;
            if (f.dayFirst() != null && f.monthFirst() == null) day++;
            if (f.monthFirst() != null && f.dayFirst() == null) month++;
        }
        return day >= month;
    }

    private static void add(
            List<Found> out, boolean[] taken, Matcher m, LocalDate first, LocalDate second, boolean numeric) {
        if (first == null && second == null) return;
        for (int i = m.start(); i < m.end(); i++) if (taken[i]) return;
        for (int i = m.start(); i < m.end(); i++) taken[i] = true;
        out.add(new Found(first, second, m.start(), m.end(), numeric));
    }

    private static LocalDate monthNamed(String year, String month, String day) {
        String folded = Text.fold(month);
        Integer n = MONTHS.get(folded);
        if (n == null && folded.length() > 3) n = MONTHS.get(folded.substring(0, 3));
        if (n == null && folded.length() == 4) n = MONTHS.get(folded.substring(1)); // a stray mark before it
        return n == null ? null : date(year, Integer.toString(n), day);
    }

    private static LocalDate date(String year, String month, String day) {
        try {
            int y = Integer.parseInt(year);
            if (year.length() == 2) y += y < 70 ? 2000 : 1900;
            if (y < 1900 || y > 2100) return null;
            return LocalDate.of(y, Integer.parseInt(month), Integer.parseInt(day));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }
}
