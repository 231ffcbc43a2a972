package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.batch.worker.extract.Answer.Citation;
import dev.batch.worker.extract.Candidates.Candidate;
import dev.batch.worker.extract.ExtractDocument.Line;
import dev.batch.worker.extract.FieldConcepts.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds one scalar field in a document: its candidates (labelled values; the issuer's name and
 * address from the top of the page; enum values; yes/no answers), the best one by its evidence,
 * and a confidence from its score and its lead over the best different value. Below
 * {@link #MIN_SCORE} nothing is taken: the field is null, with a low confidence and the reason.
 */
final class FieldFinder {
    private static final Logger log = LoggerFactory.getLogger(FieldFinder.class);
    static final double MIN_SCORE = 1.2;

    private final DocIndex ix;

    FieldFinder(DocIndex ix) {
        this.ix = ix;
    }

    Answer find(FieldMeaning m) {
        if (!m.enumValues().isEmpty()) return Choices.enumValue(ix, m);
        if (m.field().type().equals("boolean")) return Choices.yesNo(ix, m);
        if (m.kind() == Kind.ADDRESS && labelled(m).isEmpty()) return address(m);
        List<Candidate> candidates = new ArrayList<>(labelled(m));
        if (m.conceptName().equals("issuer")) {
            candidates.removeIf(c -> !plausibleName(c));
            candidates.addAll(Parties.issuers(ix));
        }
        if (m.conceptName().equals("total")) candidates = Totals.weigh(ix, candidates);
        if (m.kind() == Kind.DATE) candidates = DateChoice.weigh(ix, candidates);
        return best(m, candidates);
    }

    /** Every different value with enough evidence, best first (array fields of scalars). */
    List<Answer> all(FieldMeaning m) {
        List<Candidate> candidates = new ArrayList<>(labelled(m));
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparingInt(Candidate::line));
        List<Answer> out = new ArrayList<>();
        List<Object> seen = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.score() < MIN_SCORE || seen.contains(c.value().json())) continue;
            seen.add(c.value().json());
            out.add(new Answer(
                    c.value().json(),
                    confidence(c.score(), 1.5),
                    List.of(cite(c.line(), c.value().start(), c.value().end())),
                    c.why()));
        }
        return out;
    }

    private List<Candidate> labelled(FieldMeaning m) {
        return Candidates.of(ix, m);
    }

    private Answer best(FieldMeaning m, List<Candidate> candidates) {
        if (candidates.isEmpty()) return Answer.none(nothing(m), 0.05);
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparingInt(Candidate::line));
        Candidate top = candidates.get(0);
        if (log.isDebugEnabled()) {
            for (Candidate c : candidates.subList(0, Math.min(8, candidates.size())))
                log.debug(
                        "{} ({}): {} {} in '{}', {}",
                        m.field().name(),
                        m.conceptName(),
                        String.format("%.2f", c.score()),
                        c.value().json(),
                        ix.line(c.line()).text(),
                        c.why());
        }
        if (top.score() < MIN_SCORE)
            return Answer.none("only weak candidates (best: '" + text(top) + "', " + top.why() + ")", 0.1);
        double second = 0;
        for (Candidate c : candidates) {
            if (!c.value().json().equals(top.value().json())) {
                second = c.score();
                break;
            }
        }
        double confidence = confidence(top.score(), top.score() - second);
        return new Answer(
                top.value().json(),
                confidence,
                List.of(cite(top.line(), top.value().start(), top.value().end())),
                top.why());
    }

    /** The issuer's address: the lines under its name (or a customer label, for the customer's). */
    private Answer address(FieldMeaning m) {
        int anchor = -1;
        String why;
        if (m.owner() != null && m.owner().name().equals("customer")) {
            for (int i = 0; i < ix.size() && anchor < 0; i++) {
                if (!Labels.find(ix.folded.get(i), m.owner().labels()).isEmpty()) anchor = i;
            }
            why = "lines under the customer label";
        } else {
            List<Candidate> issuers = Parties.issuers(ix);
            issuers.sort(Comparator.comparingDouble(Candidate::score).reversed());
            if (!issuers.isEmpty()) anchor = issuers.get(0).line();
            why = "address lines under the issuer's name";
        }
        if (anchor < 0) return Answer.none("no issuer or customer block to read an address from", 0.05);
        int[] span = Parties.addressAfter(ix, anchor);
        if (span == null) return Answer.none("no address-like lines near the top of the document", 0.1);
        StringBuilder text = new StringBuilder();
        List<Citation> cites = new ArrayList<>();
        for (int j = span[0]; j <= span[1]; j++) {
            Line l = ix.line(j);
            text.append(text.length() == 0 ? "" : " ").append(l.text().strip());
            cites.add(cite(j, 0, l.text().length()));
        }
        double confidence = 0.55 + 0.08 * Math.min(3, span[1] - span[0] + 1);
        return new Answer(JsonNodeFactory.instance.textNode(text.toString()), confidence, cites, why);
    }

    private static boolean plausibleName(Candidate c) {
        String t = c.value().json().asText();
        return t.chars().filter(Character::isLetter).count() >= 3 && Text.digitShare(t) < 0.3;
    }

    Citation cite(int i, int start, int end) {
        Line l = ix.line(i);
        ExtractDocument.Page p = ix.pageOfLine.get(i);
        return new Citation(p.number(), l.text().substring(start, end), l.boxOf(start, end), p.width(), p.height());
    }

    /** From a score (label evidence, type, place) and the lead over the next different value, to 0-1. */
    static double confidence(double score, double lead) {
        double s = 1 / (1 + Math.exp(-1.1 * (score - 2.2)));
        double l = 0.7 + 0.3 * Math.min(1, Math.max(0, lead) / 1.5);
        return Math.max(0.05, Math.min(0.99, s * l));
    }

    private static String text(Candidate c) {
        return c.value().json().asText();
    }

    private static String nothing(FieldMeaning m) {
        String labels = String.join("', '", m.labels().stream().limit(3).toList());
        return "not found: no label like '" + labels + "' with a "
                + m.kind().name().toLowerCase() + " value";
    }
}
