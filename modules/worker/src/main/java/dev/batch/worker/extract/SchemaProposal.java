package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.worker.extract.ExtractDocument.Line;
import dev.batch.worker.extract.ExtractDocument.Table;
import dev.batch.worker.extract.FieldConcepts.Concept;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data schema proposed from a document ({@code POST /api/v2/extract/schema/generate}, offline):
 * a field for each {@code Label: value} pair (typed by its value: a number, a date, an e-mail
 * address, text), for each known field the document labels (a total, a date, an invoice number)
 * and for its issuer when its first lines name a business; an array of objects for each table,
 * one property per column header.
 */
public final class SchemaProposal {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern PAIR =
            Pattern.compile("^\\s*(\\p{L}[\\p{L}\\p{N} .#/&'()-]{1,40}?)\\s*[:：]\\s*(\\S.{0,100})$");
    private static final int MAX_FIELDS = 60;
    /** Kinds whose values say what they are, so a label and a value of the kind make a field worth proposing. */
    private static final Set<FieldConcepts.Kind> SHAPED = Set.of(
            FieldConcepts.Kind.AMOUNT,
            FieldConcepts.Kind.DATE,
            FieldConcepts.Kind.IDENTIFIER,
            FieldConcepts.Kind.EMAIL,
            FieldConcepts.Kind.PHONE,
            FieldConcepts.Kind.URL,
            FieldConcepts.Kind.CURRENCY);

    private SchemaProposal() {}

    public static ObjectNode from(ExtractDocument doc) {
        ObjectNode schema = F.objectNode().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        DocIndex ix = new DocIndex(doc);
        Set<String> values = new HashSet<>();
        for (int i = 0; i < ix.size() && props.size() < MAX_FIELDS; i++) pair(ix, i, props, values);
        known(ix, props, values);
        int n = 0;
        for (ExtractDocument.Page p : doc.pages()) {
            for (Table t : p.tables()) {
                if (props.size() >= MAX_FIELDS) break;
                table(t, ++n, props);
            }
        }
        return schema;
    }

    /** Fields the thesaurus knows, where a label gives them a value of their shape not proposed yet. */
    private static void known(DocIndex ix, ObjectNode props, Set<String> values) {
        for (Concept c : FieldConcepts.ALL) {
            if (!SHAPED.contains(c.kind())
                    || c.name().equals("quantity")
                    || c.name().endsWith("price")
                    || c.name().equals("line_amount")) continue;
            FieldSpec f = new FieldSpec(c.name(), "", type(c), "", List.of(), List.of(), null);
            Answer a = new FieldFinder(ix).find(FieldMeaning.of(f, false));
            boolean labelled =
                    a.reasoning().startsWith("right of label") || a.reasoning().startsWith("below label");
            if (!a.found() || !labelled || !values.add(a.value().asText()) || props.has(c.name())) continue;
            ObjectNode p = props.putObject(c.name());
            p.put("type", type(c));
            if (c.kind() == FieldConcepts.Kind.DATE) p.put("format", "date");
            p.put("description", "The document's " + c.name().replace('_', ' '));
        }
    }

    private static String type(Concept c) {
        return c.kind() == FieldConcepts.Kind.AMOUNT ? "number" : "string";
    }

    private static void pair(DocIndex ix, int i, ObjectNode props, Set<String> values) {
        Line line = ix.line(i);
        Matcher m = PAIR.matcher(line.text());
        if (!m.matches()) return;
        String name = propertyName(m.group(1));
        if (name.isEmpty() || props.has(name)) return;
        String value = m.group(2).strip();
        values.add(value);
        for (Dates.Found d : Dates.in(value)) values.add(d.read(ix.dayFirst).toString());
        for (Amounts.Amount a : Amounts.in(value)) values.add(a.value().toPlainString());
        ObjectNode p = props.putObject(name);
        if (!Dates.in(value).isEmpty() && Dates.in(value).get(0).start() == 0) {
            p.put("type", "string").put("format", "date");
        } else if (Amounts.in(value).size() == 1 && Text.digitShare(value) > 0.5) {
            p.put("type", "number");
        } else if (value.matches("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+")) {
            p.put("type", "string").put("format", "email");
        } else {
            p.put("type", "string");
        }
        p.put("description", "The value labelled '" + m.group(1).strip() + "'");
    }

    private static void table(Table t, int n, ObjectNode props) {
        int h = TableRows.headerRow(t);
        if (h < 0 || t.rows().size() < h + 2) return;
        List<String> header = t.rows().get(h);
        ObjectNode items = F.objectNode().put("type", "object");
        ObjectNode columns = items.putObject("properties");
        for (int c = 0; c < header.size(); c++) {
            String name = propertyName(header.get(c));
            if (name.isEmpty() || columns.has(name)) continue;
            boolean numbers = true;
            for (int r = h + 1; r < t.rows().size(); r++) {
                String cell = c < t.rows().get(r).size() ? t.rows().get(r).get(c) : "";
                if (!cell.isBlank() && (Amounts.in(cell).size() != 1 || Text.digitShare(cell) < 0.5)) numbers = false;
            }
            columns.putObject(name)
                    .put("type", numbers ? "number" : "string")
                    .put("description", "Column '" + header.get(c).strip() + "'");
        }
        if (columns.isEmpty()) return;
        ObjectNode p = props.putObject(n == 1 ? "table_rows" : "table_" + n + "_rows");
        p.put("type", "array").put("description", "The rows of table " + n + " of the document");
        p.set("items", items);
    }

    /** A label as a property name: folded words joined by underscores ("Invoice No." -> invoice_no). */
    static String propertyName(String label) {
        String s = String.join("_", Text.words(label)).toLowerCase(Locale.ROOT);
        return s.length() > 60 ? s.substring(0, 60) : s;
    }
}
