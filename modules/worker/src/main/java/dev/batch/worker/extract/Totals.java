package dev.batch.worker.extract;

import dev.batch.worker.extract.Candidates.Candidate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What a document's own arithmetic says about its total: of the amounts labelled as totals, the
 * largest is the grand total more often than not (tax and discounts are totals too); the same
 * amount under several total labels is surer; and an amount equal to what was tendered less the
 * change given is what was paid.
 */
final class Totals {
    private Totals() {}

    private static final List<String> TENDERED = List.of(
            "cash",
            "tendered",
            "tender",
            "paid",
            "payment",
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
    private static final List<String> CHANGE = List.of(
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

    static List<Candidate> weigh(DocIndex ix, List<Candidate> all) {
        BigDecimal max = null;
        for (Candidate c : all) {
            if (labelled(c)
                    && c.value().json().isNumber()
                    && c.value().json().decimalValue().signum() > 0) {
                BigDecimal v = c.value().json().decimalValue();
                if (max == null || v.compareTo(max) > 0) max = v;
            }
        }
        List<BigDecimal> paid = paid(ix);
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : all) {
            if (!c.value().json().isNumber()) continue;
            BigDecimal v = c.value().json().decimalValue();
            double s = c.score();
            String why = c.why();
            if (labelled(c) && max != null && max.signum() > 0)
                s += 0.8 * Math.max(0, v.doubleValue() / max.doubleValue());
            long same = all.stream()
                    .filter(o -> o != c && labelled(o) && o.line() != c.line())
                    .filter(o -> o.value().json().decimalValue().compareTo(v) == 0)
                    .count();
            s += Math.min(0.9, 0.3 * same);
            if (paid.stream().anyMatch(p -> p.compareTo(v) == 0)) {
                s += 1.5;
                why += "; equals the amount tendered less the change";
            }
            out.add(new Candidate(c.line(), c.value(), c.labelLine(), c.label(), s, why));
        }
        return out;
    }

    private static boolean labelled(Candidate c) {
        return c.label() != null && c.score() > 0 && !c.why().contains("excluding");
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
            if (hits.isEmpty()) continue;
            for (Amounts.Amount a : ix.amounts.get(i)) {
                if (a.start() >= hits.get(0).end() && a.decimals()) out.add(a.value());
            }
        }
        return out;
    }
}
