package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.batch.worker.extract.Candidates.Candidate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What a document's own arithmetic says about its total. Of the amounts labelled as totals the
 * largest is the grand total more often than not (tax and discounts are totals too); the same
 * amount under several total labels is surer. Strongest: what was tendered less the change given
 * is what was paid, so an amount equal to it is the total, even when it stands only on the
 * payment line (exact cash, no change). Whole numbers in a document of amounts with cents are
 * codes and counts, not totals.
 */
final class Totals {
    private Totals() {}

    static final List<String> TENDERED = List.of(
            "cash",
            "tendered",
            "tender",
            "amount tendered",
            "paid",
            "payment",
            "received",
            "accepted",
            "bezahlt",
            "gegeben",
            "bar",
            "especes",
            "efectivo",
            "contanti",
            "tunai",
            "visa",
            "card",
            "credit card",
            "debit card",
            "mastercard");
    static final List<String> CHANGE = List.of(
            "change",
            "change due",
            "ruckgeld",
            "wechselgeld",
            "rendu",
            "monnaie",
            "cambio",
            "resto",
            "baki",
            "kembalian");
    private static final double PAID = 2.0;
    static final List<String> SUBTOTAL =
            List.of("subtotal", "sub total", "sub-total", "zwischensumme", "sous-total", "sous total", "subtotale");
    /** What a subtotal gets back of what its excluding label costs where no total at least as large is labelled. */
    private static final double ONLY_SUBTOTAL = 2.0;

    static List<Candidate> weigh(DocIndex ix, List<Candidate> all) {
        BigDecimal max = null;
        boolean cents = false;
        for (Candidate c : all) {
            BigDecimal v = c.value().json().decimalValue();
            cents |= v.scale() > 0;
            if (labelled(c) && v.scale() > 0 && v.signum() > 0 && (max == null || v.compareTo(max) > 0)) max = v;
        }
        List<Paid> paidLines = paid(ix);
        List<BigDecimal> paid = paidLines.stream().map(Paid::value).toList();
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : all) {
            if (!c.value().json().isNumber()) continue;
            BigDecimal v = c.value().json().decimalValue();
            double s = c.score();
            String why = c.why();
            if (v.scale() == 0 && cents) s -= 1;
            if (labelled(c) && max != null && v.scale() > 0)
                s += 0.8 * Math.max(0, v.doubleValue() / max.doubleValue());
            long same = all.stream()
                    .filter(o -> o != c && labelled(o) && o.line() != c.line())
                    .filter(o -> o.value().json().decimalValue().compareTo(v) == 0)
                    .count();
            s += Math.min(0.9, 0.3 * same);
            if (paid.stream().anyMatch(p -> p.compareTo(v) == 0)) {
                s += PAID;
                why += "; equals the amount tendered less the change";
            }
            out.add(new Candidate(c.line(), c.value(), c.labelLine(), c.label(), s, why));
        }
        out.addAll(onPaymentLines(ix, paid));
        out.addAll(subtotalsAlone(ix, all));
        out.addAll(computed(ix, paidLines, out));
        out.addAll(TaxSums.corrected(ix, out.stream().filter(Totals::labelled).toList()));
        return out;
    }

    /**
     * Subtotals where no total as large as them is labelled: the last sum a document prints is its total
     * even when it is called a subtotal (and when the total's own line was lost).
     */
    private static List<Candidate> subtotalsAlone(DocIndex ix, List<Candidate> all) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < ix.size(); i++) {
            List<Labels.Hit> hits = Labels.find(ix.folded.get(i), SUBTOTAL);
            if (hits.isEmpty()) continue;
            for (Amounts.Amount a : ix.amounts.get(i)) {
                if (a.start() < hits.get(0).end() || !a.decimals() || a.value().signum() <= 0) continue;
                if (all.stream()
                        .anyMatch(o ->
                                labelled(o) && o.value().json().decimalValue().compareTo(a.value()) >= 0)) continue;
                Values.Value v =
                        new Values.Value(a.start(), a.end(), JsonNodeFactory.instance.numberNode(a.value()), 0.5);
                double s = Candidates.SAME_LINE + ONLY_SUBTOTAL + 1.2 * ix.depth(i) - 2.5;
                out.add(new Candidate(i, v, i, hits.get(0), s, "a subtotal no total as large follows"));
                break;
            }
        }
        return out;
    }

    private static boolean labelled(Candidate c) {
        return c.label() != null && c.score() > 0 && !c.why().contains("excluding");
    }

    /** The tendered amount itself, where no change was given: it is what was paid. */
    private static List<Candidate> onPaymentLines(DocIndex ix, List<BigDecimal> paid) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < ix.size(); i++) {
            List<Labels.Hit> hits = PaymentLabels.find(ix.folded.get(i), TENDERED);
            if (hits.isEmpty()) continue;
            for (Amounts.Amount a : ix.amounts.get(i)) {
                if (a.start() < hits.get(0).end() || !a.decimals()) continue;
                if (paid.stream().noneMatch(p -> p.compareTo(a.value()) == 0)) continue;
                Values.Value v =
                        new Values.Value(a.start(), a.end(), JsonNodeFactory.instance.numberNode(a.value()), 0.8);
                double s = Candidates.SAME_LINE - 1 + 1.2 * ix.depth(i) + 0.8 + PAID;
                out.add(new Candidate(i, v, i, hits.get(0), s, "tendered with no change: the amount paid"));
            }
        }
        return out;
    }

    /** What was tendered less the change given, where a document shows both: the amount and the tendered line. */
    record Paid(BigDecimal value, int line, Amounts.Amount tendered, BigDecimal change) {}

    /** Each amount tendered less each change given, where a document shows both. */
    private static List<Paid> paid(DocIndex ix) {
        List<Paid> out = new ArrayList<>();
        List<int[]> tendered = amountsAfter(ix, TENDERED);
        for (int[] c : amountsAfter(ix, CHANGE)) {
            BigDecimal change = ix.amounts.get(c[0]).get(c[1]).value();
            for (int[] t : tendered) {
                Amounts.Amount a = ix.amounts.get(t[0]).get(t[1]);
                BigDecimal p = a.value().subtract(change);
                if (p.signum() > 0 && change.signum() >= 0) out.add(new Paid(p, t[0], a, change));
            }
        }
        return out;
    }

    /** Line and index of each amount with cents after one of {@code labels}. */
    private static List<int[]> amountsAfter(DocIndex ix, List<String> labels) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < ix.size(); i++) {
            List<Labels.Hit> hits = PaymentLabels.find(ix.folded.get(i), labels);
            if (hits.isEmpty()
                    || (labels == TENDERED
                            && !PaymentLabels.find(ix.folded.get(i), CHANGE).isEmpty())) continue;
            List<Amounts.Amount> amounts = ix.amounts.get(i);
            for (int k = 0; k < amounts.size(); k++) {
                if (amounts.get(k).start() >= hits.get(0).end()
                        && amounts.get(k).decimals()) out.add(new int[] {i, k});
            }
        }
        return out;
    }

    /**
     * The amount paid as a candidate of its own where no amount read equals it: the printed total was
     * misread, or lost, while what was tendered and given back was read. Cited on the tendered amount.
     */
    private static List<Candidate> computed(DocIndex ix, List<Paid> paid, List<Candidate> read) {
        List<Candidate> out = new ArrayList<>();
        for (Paid p : paid) {
            if (read.stream().anyMatch(c -> c.value().json().decimalValue().compareTo(p.value()) == 0)) continue;
            Values.Value v = new Values.Value(
                    p.tendered().start(), p.tendered().end(), JsonNodeFactory.instance.numberNode(p.value()), 0.5);
            double s = Candidates.SAME_LINE + 1.2 * ix.depth(p.line()) + PAID;
            out.add(new Candidate(
                    p.line(), v, p.line(), null, s, "tendered " + p.tendered().value() + " less change " + p.change()));
        }
        return out;
    }
}
