package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.batch.worker.extract.Candidates.Candidate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A total put right by the sum it is made of: the amount before tax plus the tax. Where a labelled
 * total differs from such a sum in one digit, and that digit is one OCR takes for the other (6 for 5,
 * 3 for 8), the sum is what was printed: a candidate of its own, a little surer than the total as read.
 * A difference in the last cent is the total rounded to the coin, and stands.
 */
final class TaxSums {
    private TaxSums() {}

    private static final List<String> BEFORE_TAX =
            List.of("total", "subtotal", "sub total", "excl", "excluding", "before tax", "net", "netto", "ht");
    private static final List<String> TAX = List.of("gst", "vat", "tax", "sst", "mwst", "ust", "tva", "iva");
    private static final double SURER = 0.3;
    /** A difference in the cents alone is rounding to the coin, not a misread. */
    private static final BigDecimal ROUNDING = new BigDecimal("0.10");

    /** Candidates for the sums that {@code totals} (labelled, with cents) were misread from. */
    static List<Candidate> corrected(DocIndex ix, List<Candidate> totals) {
        List<BigDecimal> sums = sums(ix);
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : totals) {
            BigDecimal read = c.value().json().decimalValue();
            if (read.scale() == 0 || read.signum() <= 0 || sums.contains(read)) continue;
            for (BigDecimal sum : sums) {
                if (!oneLookAlikeApart(read, sum) || read.subtract(sum).abs().compareTo(ROUNDING) < 0) continue;
                Values.Value v = new Values.Value(
                        c.value().start(), c.value().end(), JsonNodeFactory.instance.numberNode(sum), 0.5);
                out.add(new Candidate(
                        c.line(),
                        v,
                        c.labelLine(),
                        c.label(),
                        c.score() + SURER,
                        c.why() + "; read " + read.toPlainString() + ", a misread of the amount before tax plus tax"));
                break;
            }
        }
        return out;
    }

    /** Each amount before tax plus each smaller tax amount of the document. */
    private static List<BigDecimal> sums(DocIndex ix) {
        List<BigDecimal> before = new ArrayList<>();
        List<BigDecimal> tax = new ArrayList<>();
        for (int i = 0; i < ix.size(); i++) {
            String folded = ix.folded.get(i);
            boolean isTax = !Labels.find(folded, TAX).isEmpty();
            boolean isBefore = !Labels.find(folded, BEFORE_TAX).isEmpty();
            for (Amounts.Amount a : ix.amounts.get(i)) {
                if (!a.decimals() || a.value().signum() <= 0) continue;
                if (isTax) tax.add(a.value());
                if (isBefore) before.add(a.value());
            }
        }
        List<BigDecimal> out = new ArrayList<>();
        for (BigDecimal b : before) {
            for (BigDecimal t : tax) if (t.compareTo(b) < 0 && !b.equals(t)) out.add(b.add(t));
        }
        return out;
    }

    /** Whether two amounts are written alike but for one digit that OCR takes for the other. */
    static boolean oneLookAlikeApart(BigDecimal a, BigDecimal b) {
        String x = a.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
        String y = b.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
        if (x.length() != y.length()) return false;
        int differ = -1;
        for (int i = 0; i < x.length(); i++) {
            if (x.charAt(i) == y.charAt(i)) continue;
            if (differ >= 0) return false;
            differ = i;
        }
        return differ >= 0 && MisreadYears.lookAlike(x.charAt(differ), y.charAt(differ));
    }
}
