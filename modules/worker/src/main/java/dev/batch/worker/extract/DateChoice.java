package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.batch.worker.extract.Candidates.Candidate;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Evidence for the date of a document beyond labels: a date stamped with a time is the moment of
 * the transaction; the same date printed again is surer; a date years ahead of today is a code
 * that looks like one, unless one misread digit of its year makes it a date of the past
 * ({@link MisreadYears}).
 */
final class DateChoice {
    private DateChoice() {}

    private static final Pattern TIME_AFTER = Pattern.compile("^\\W{0,3}\\d{1,2}[:.]\\d{2}.*");

    static List<Candidate> weigh(DocIndex ix, List<Candidate> all) {
        LocalDate horizon = LocalDate.now().plusYears(1);
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : all) {
            String text = ix.line(c.line()).text();
            double s = c.score();
            String why = c.why();
            if (TIME_AFTER.matcher(text.substring(c.value().end())).matches()) {
                s += 0.3;
                why += ", with a time";
            }
            long again = all.stream()
                    .filter(o -> o.line() != c.line()
                            && o.value().json().equals(c.value().json()))
                    .count();
            s += Math.min(0.5, 0.25 * again);
            Values.Value value = c.value();
            LocalDate date = LocalDate.parse(value.json().asText());
            LocalDate repaired = MisreadYears.repaired(date, horizon);
            if (repaired != null) {
                value = new Values.Value(
                        value.start(), value.end(), TextNode.valueOf(repaired.toString()), value.quality());
                s -= 0.5;
                why += "; year read as " + date.getYear() + ", a misread " + repaired.getYear();
            } else if (date.isAfter(horizon)) {
                s -= 1.5;
            }
            out.add(new Candidate(c.line(), value, c.labelLine(), c.label(), s, why));
        }
        return out;
    }
}
