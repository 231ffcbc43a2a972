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

    static List<Candidate> weigh(DocIndex ix, List<Candidate> all) {
        BigDecimal max = null;
        boolean cents = false;
        for (Candidate c : all) {
            BigDecimal v = c.value().json().decimalValue();
            cents |= v.scale() > 0;
            if (labelled(c) && v.scale() > 0 && v.signum() > 0 && (max == null || v.compareTo(max) > 0)) max = v;
        }
        List<BigDecimal> paid = paid(ix);
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
        return out;
    }

    private static boolean labelled(Candidate c) {
        return c.label() != null && c.score() > 0 && !c.why().contains("excluding");
    }

    /** The tendered amount itself, where no change was given: it is what was paid. */
    private static List<Candidate> onPaymentLines(DocIndex ix, List<BigDecimal> paid) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < ix.size(); i++) {
            List<Labels.Hit> hits = Labels.find(ix.folded.get(i), TENDERED);
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

    /** Each amount tendered less each change given, where a document shows both. */
    private static List<BigDecimal> paid(DocIndex ix) {
        List<BigDecimal> tendered = amountsAfter(ix, TENDERED);
        List<BigDecimal> change = amountsAfter(ix, CHANGE);
        List<BigDecimal> out = new ArrayList<>();
        for (BigDecimal t : tendered) {
            for (BigDecimal c : change) {
                BigDecimal p = t.subtract(c);
                if (p.signum() > 0 && c.signum() >= 0) out.add(p);
            }
        }
        return out;
    }

    private static List<BigDecimal> amountsAfter(DocIndex ix, List<String> labels) {
        List<BigDecimal> out = new ArrayList<>();
        for (int i = 0; i < ix.size(); i++) {
            List<Labels.Hit> hits = Labels.find(ix.folded.get(i), labels);
            if (hits.isEmpty()
                    || (labels == TENDERED
                            && !Labels.find(ix.folded.get(i), CHANGE).isEmpty())) continue;
            for (Amounts.Amount a : ix.amounts.get(i)) {
                if (a.start() >= hits.get(0).end() && a.decimals()) out.add(a.value());
            }
        }
        return out;
    }
}
