package dev.batch.worker.extract;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What a document looks like to the extractor's engine, as counts the classifier weighs: labelled
 * values ({@code Label: value}), blanks and boxes left to fill in, rows of a table of items with
 * quantities and prices, total lines, payment lines (cash or card tendered, change given) and
 * whether they add up to the total, billing details (whom to bill, by when, into which account), a
 * salutation opening the text and a closing with a name or signature below it. Read from the labels
 * of the extractor's thesaurus (any language it knows), never from a document's file name.
 */
public record DocumentShape(
        int lines,
        int keyValues,
        int fillIns,
        int itemRows,
        int totals,
        int payments,
        boolean paymentsAddUp,
        int billing,
        int greetings,
        int signOffs) {

    private static final int MAX_LINES = 3000;

    /** What is paid with (not "paid" or "payment", which invoices say of what is still due). */
    private static final List<String> PAID_WITH = List.of(
            "cash",
            "tendered",
            "tender",
            "amount tendered",
            "visa",
            "mastercard",
            "amex",
            "card",
            "credit card",
            "debit card",
            "ec-cash",
            "girocard",
            "kartenzahlung",
            "gegeben",
            "bar",
            "especes",
            "carte bancaire",
            "efectivo",
            "tarjeta",
            "contanti",
            "tunai");
    /** Whom to bill, by when, into which account: what an invoice asks and a receipt no longer needs. */
    private static final List<String> BILLING = List.of(
            "bill to",
            "billed to",
            "billing address",
            "shipping address",
            "delivery address",
            "sold by",
            "invoice to",
            "sold to",
            "ship to",
            "remit to",
            "payment terms",
            "terms of payment",
            "net 30",
            "iban",
            "swift",
            "bic",
            "account no",
            "account number",
            "bank name",
            "bank details",
            "bank account",
            "sort code",
            "routing number",
            "bankverbindung",
            "zahlungsbedingungen",
            "rechnungsempfanger",
            "conditions de paiement",
            "coordonnees bancaires",
            "facture a",
            "facturar a",
            "condiciones de pago",
            "cuenta bancaria",
            "coordinate bancarie",
            "sprzedawca",
            "nabywca");

    /** When payment is due ("due date", "zahlbar bis"), not the bare word "due", which is said of much else. */
    private static final List<String> DUE = FieldConcepts.named("due_date").labels().stream()
            .filter(l -> !l.equals("due"))
            .toList();

    /** Reads a document once. */
    public static DocumentShape of(ExtractDocument doc) {
        DocIndex ix = new DocIndex(head(doc));
        Blanks blanks = Blanks.of(ix);
        LetterBlocks letter = LetterBlocks.of(ix);
        List<BigDecimal> totals = totals(ix);
        Payments payments = payments(ix, totals);
        return new DocumentShape(
                ix.size(),
                blanks.keyValues(),
                blanks.fillIns(),
                itemRows(ix),
                totals.size(),
                payments.lines(),
                payments.addUp(),
                count(ix, BILLING) + count(ix, DUE),
                letter.greetings(),
                letter.signOffs());
    }

    /** Enough of a document to see its shape, however long a text file is: its first lines. */
    private static ExtractDocument head(ExtractDocument doc) {
        List<ExtractDocument.Page> pages = new ArrayList<>();
        int left = MAX_LINES;
        for (ExtractDocument.Page p : doc.pages()) {
            if (left <= 0) break;
            List<ExtractDocument.Line> lines =
                    p.lines().subList(0, Math.min(left, p.lines().size()));
            left -= lines.size();
            List<ExtractDocument.Table> tables = new ArrayList<>();
            for (ExtractDocument.Table t : p.tables()) {
                int rows = Math.min(MAX_LINES, t.rows().size());
                tables.add(new ExtractDocument.Table(
                        t.page(), t.rows().subList(0, rows), t.rowLines().subList(0, rows), t.box()));
            }
            pages.add(new ExtractDocument.Page(p.number(), p.width(), p.height(), lines, tables));
        }
        return new ExtractDocument(pages);
    }

    /** The amounts on lines labelled as totals (not "subtotal", "cash", "change"...). */
    private static List<BigDecimal> totals(DocIndex ix) {
        FieldConcepts.Concept total = FieldConcepts.named("total");
        List<BigDecimal> out = new ArrayList<>();
        for (int i = 0; i < ix.size(); i++) {
            List<Labels.Hit> hits = Labels.find(ix.folded.get(i), total.labels());
            if (hits.isEmpty()
                    || !Labels.excluding(ix.folded.get(i), total.notLabels(), hits)
                            .isEmpty()) continue;
            for (Amounts.Amount a : ix.amounts.get(i)) {
                if (a.start() >= hits.get(0).end() && a.decimals()) out.add(a.value());
            }
        }
        return out;
    }

    private record Payments(int lines, boolean addUp) {}

    /** Lines of money tendered and of change given; whether tendered less change is one of the totals. */
    private static Payments payments(DocIndex ix, List<BigDecimal> totals) {
        List<BigDecimal> tendered = new ArrayList<>();
        List<BigDecimal> change = new ArrayList<>();
        for (int i = 0; i < ix.size(); i++) {
            String f = ix.folded.get(i);
            boolean isChange = !Labels.find(f, Totals.CHANGE).isEmpty();
            List<Labels.Hit> hits = isChange ? Labels.find(f, Totals.CHANGE) : Labels.find(f, PAID_WITH);
            if (hits.isEmpty()) continue;
            for (Amounts.Amount a : ix.amounts.get(i)) {
                if (a.start() < hits.get(0).end() || !a.decimals()) continue;
                (isChange ? change : tendered).add(a.value());
                break;
            }
        }
        boolean addUp = false;
        for (BigDecimal t : tendered) {
            for (BigDecimal c : change) {
                BigDecimal paid = t.subtract(c);
                addUp |= c.signum() >= 0 && totals.stream().anyMatch(x -> x.compareTo(paid) == 0);
            }
        }
        return new Payments(tendered.size() + change.size(), addUp);
    }

    /**
     * Rows under a header naming an item column and a price or quantity column (a table's, or a line
     * of text whose words are such headers) that carry an amount.
     */
    private static int itemRows(DocIndex ix) {
        int rows = 0;
        for (ExtractDocument.Page page : ix.doc.pages()) {
            for (ExtractDocument.Table t : page.tables()) {
                int header = TableRows.headerRow(t);
                if (header < 0
                        || !itemHeader(Text.fold(String.join(" | ", t.rows().get(header))))) continue;
                for (int r = header + 1; r < t.rows().size(); r++) {
                    if (!Amounts.in(String.join(" ", t.rows().get(r))).isEmpty()) rows++;
                }
            }
        }
        if (rows > 0) return rows;
        for (int i = 0; i < ix.size(); i++) {
            if (!itemHeader(ix.folded.get(i)) || !ix.amounts.get(i).isEmpty()) continue;
            for (int j = i + 1; j < ix.size() && j <= i + 30; j++) {
                if (ix.amounts.get(j).stream().filter(Amounts.Amount::decimals).count() >= 2) rows++;
            }
            if (rows > 0) return rows;
        }
        return 0;
    }

    /** A header that names what was sold and how many or at what price. */
    private static boolean itemHeader(String folded) {
        boolean what = !Labels.find(
                        folded, FieldConcepts.named("item_description").labels())
                .isEmpty();
        boolean howMany =
                !Labels.find(folded, FieldConcepts.named("quantity").labels()).isEmpty();
        boolean price =
                !Labels.find(folded, FieldConcepts.named("unit_price").labels()).isEmpty();
        boolean amount = !Labels.find(folded, FieldConcepts.named("line_amount").labels())
                .isEmpty();
        return (what && (howMany || price)) || (howMany && price && amount);
    }

    private static int count(DocIndex ix, List<String> labels) {
        int n = 0;
        for (String f : ix.folded) if (!Labels.find(f, labels).isEmpty()) n++;
        return n;
    }
}
