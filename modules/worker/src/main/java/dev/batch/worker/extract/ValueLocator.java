package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.worker.extract.Answer.Citation;
import dev.batch.worker.extract.ExtractDocument.Line;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a value someone else read (the model) is written in a document: the same text on a line
 * (folded: case and accents aside), the same amount or date however it is written ({@code 1.234,50},
 * {@code 04/03/2018}), the text running over a few lines (an address), or, less sure, most of its
 * words on a few neighbouring lines. Each place has a quality, the confidence its citation earns.
 */
final class ValueLocator {
    /** How far a value may run over neighbouring lines. */
    static final int MAX_LINES = 4;

    static final double SAME_TEXT = 0.9;
    static final double SAME_VALUE = 0.85;
    static final double OVER_LINES = 0.8;
    /** Share of a value's words a few lines must hold to be cited at all. */
    static final double MIN_WORD_SHARE = 0.6;

    /** The value from character {@code start} of line {@code first} to {@code end} of line {@code last}. */
    record Hit(int first, int last, int start, int end, double quality) {}

    private final DocIndex ix;
    private final List<Set<String>> words = new ArrayList<>();

    ValueLocator(DocIndex ix) {
        this.ix = ix;
        for (int i = 0; i < ix.size(); i++)
            words.add(new HashSet<>(Text.words(ix.line(i).text())));
    }

    /** Every place {@code value} is written, the surest kind of match only (empty: nowhere). */
    List<Hit> hits(JsonNode value) {
        if (value == null || value.isNull() || value.isBoolean() || value.isContainerNode()) return List.of();
        if (value.isNumber()) {
            List<Hit> amounts = amounts(value.decimalValue());
            if (!amounts.isEmpty()) return amounts;
        }
        String text = value.asText().strip();
        if (text.isEmpty()) return List.of();
        LocalDate date = isoDate(text);
        if (date != null) {
            List<Hit> dates = dates(date);
            if (!dates.isEmpty()) return dates;
        }
        String phrase = Text.fold(text).replaceAll("\\s+", " ");
        List<Hit> same = sameText(phrase);
        if (!same.isEmpty()) return same;
        if (!value.isNumber()) {
            BigDecimal amount =
                    Amounts.in(text).size() == 1 ? Amounts.in(text).get(0).value() : null;
            if (amount != null && Text.digitShare(text) > 0.5) {
                List<Hit> amounts = amounts(amount);
                if (!amounts.isEmpty()) return amounts;
            }
        }
        List<Hit> over = overLines(phrase);
        return over.isEmpty() ? mostWords(text) : over;
    }

    /** The citations of a hit: one per line it covers, as the lines write it. */
    List<Citation> citations(Hit h) {
        List<Citation> out = new ArrayList<>();
        for (int i = h.first(); i <= h.last(); i++) {
            Line l = ix.line(i);
            int start = i == h.first() ? h.start() : 0;
            int end = i == h.last() ? h.end() : l.text().length();
            ExtractDocument.Page p = ix.pageOfLine.get(i);
            out.add(new Citation(
                    p.number(), l.text().substring(start, end), l.boxOf(start, end), p.width(), p.height()));
        }
        return out;
    }

    private List<Hit> amounts(BigDecimal value) {
        List<Hit> out = new ArrayList<>();
        for (int i = 0; i < ix.size(); i++) {
            for (Amounts.Amount a : ix.amounts.get(i)) {
                if (a.value().compareTo(value) == 0
                        && a.end() <= ix.line(i).text().length())
                    out.add(new Hit(i, i, a.start(), a.end(), SAME_VALUE));
            }
        }
        return out;
    }

    private List<Hit> dates(LocalDate date) {
        List<Hit> out = new ArrayList<>();
        for (int i = 0; i < ix.size(); i++) {
            for (Dates.Found d : ix.dates.get(i)) {
                if (date.equals(d.read(ix.dayFirst))
                        && d.end() <= ix.line(i).text().length())
                    out.add(new Hit(i, i, d.start(), d.end(), SAME_VALUE));
                else if (date.equals(d.dayFirst()) || date.equals(d.monthFirst()))
                    out.add(new Hit(i, i, d.start(), d.end(), SAME_VALUE - 0.15));
            }
        }
        return out;
    }

    private List<Hit> sameText(String phrase) {
        List<Hit> out = new ArrayList<>();
        for (int i = 0; i < ix.size(); i++) {
            String line = ix.folded.get(i).replaceAll("\\s", " ");
            int at = Text.find(line, phrase, 0);
            if (at >= 0 && line.length() == ix.line(i).text().length())
                out.add(new Hit(i, i, at, at + phrase.length(), SAME_TEXT));
        }
        return out;
    }

    /** The phrase running from one line into the next few of the same page. */
    private List<Hit> overLines(String phrase) {
        List<Hit> out = new ArrayList<>();
        for (int i = 0; i < ix.size(); i++) {
            StringBuilder joined = new StringBuilder(ix.folded.get(i));
            List<Integer> starts = new ArrayList<>(List.of(0));
            for (int j = i + 1; j < i + MAX_LINES && ix.samePage(i, j); j++) {
                joined.append(' ');
                starts.add(joined.length());
                joined.append(ix.folded.get(j));
                int at = Text.find(joined.toString(), phrase, 0);
                if (at < 0) continue;
                if (at < starts.get(1)
                        && at + phrase.length() > ix.folded.get(i).length()) {
                    int end = at + phrase.length() - starts.get(starts.size() - 1);
                    out.add(new Hit(i, j, at, Math.max(0, end), OVER_LINES));
                }
                break;
            }
        }
        return out;
    }

    /** The fewest neighbouring lines that hold most of the value's words (OCR misreads some). */
    private List<Hit> mostWords(String text) {
        Set<String> wanted = new LinkedHashSet<>(Text.words(text));
        if (wanted.size() < 2) return List.of();
        double best = 0;
        List<Hit> out = new ArrayList<>();
        for (int i = 0; i < ix.size(); i++) {
            if (wanted.stream().noneMatch(words.get(i)::contains)) continue;
            Set<String> seen = new HashSet<>();
            for (int j = i; j < i + MAX_LINES && (j == i || ix.samePage(i, j)); j++) {
                seen.addAll(words.get(j));
                double share = (double) wanted.stream().filter(seen::contains).count() / wanted.size();
                if (share < MIN_WORD_SHARE) continue;
                Hit hit = new Hit(i, j, 0, ix.line(j).text().length(), 0.3 + 0.4 * share);
                int span = out.isEmpty()
                        ? Integer.MAX_VALUE
                        : out.get(0).last() - out.get(0).first();
                boolean tie = Math.abs(share - best) < 1e-9;
                if (share > best + 1e-9 || (tie && j - i < span)) {
                    best = share;
                    out.clear();
                    out.add(hit);
                } else if (tie && j - i == span) {
                    out.add(hit);
                }
                if (share == 1) break;
            }
        }
        return out;
    }

    private static LocalDate isoDate(String s) {
        if (!s.matches("\\d{4}-\\d{2}-\\d{2}")) return null;
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
