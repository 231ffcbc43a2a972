package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.batch.worker.extract.Answer.Citation;
import dev.batch.worker.extract.ExtractDocument.Line;
import dev.batch.worker.extract.ExtractDocument.Table;
import dev.batch.worker.extract.FieldConcepts.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of objects from a document's tables ({@code per_table_row}, and array fields of objects such
 * as line items): each field of the row schema goes to the column whose header names it (the
 * field's labels and concept, in any language) and whose cells hold values of its type; each data
 * row under the header gives one object. A document without tables (a scanned receipt) gives its
 * item lines instead ({@link ItemLines}).
 */
final class TableRows {
    private TableRows() {}

    static List<Map<String, Answer>> rows(DocIndex ix, List<FieldSpec> fields, String context) {
        List<FieldMeaning> meanings = new ArrayList<>();
        for (FieldSpec f : fields) meanings.add(FieldMeaning.of(withContext(f, context), true));
        List<Map<String, Answer>> out = new ArrayList<>();
        for (ExtractDocument.Page page : ix.doc.pages()) {
            for (Table t : page.tables()) out.addAll(fromTable(ix, t, meanings));
        }
        if (out.isEmpty()) out.addAll(ItemLines.rows(ix, meanings));
        return out;
    }

    /** A nested field read with its parent's words: "name" under "vendor" is the vendor's name. */
    static FieldSpec withContext(FieldSpec f, String context) {
        if (context == null || context.isBlank()) return f;
        return new FieldSpec(
                f.name(),
                (f.description() + " " + context).strip(),
                f.type(),
                f.format(),
                f.enumValues(),
                f.properties(),
                f.items());
    }

    private static List<Map<String, Answer>> fromTable(DocIndex ix, Table t, List<FieldMeaning> meanings) {
        int header = headerRow(t);
        if (header < 0 || t.rows().size() <= header + 1) return List.of();
        int columns = t.rows().get(header).size();
        int[] column = assign(ix, t, header, meanings, columns);
        List<Map<String, Answer>> out = new ArrayList<>();
        for (int r = header + 1; r < t.rows().size(); r++) {
            List<String> row = t.rows().get(r);
            if (row.stream().allMatch(String::isBlank)) continue;
            Map<String, Answer> values = new LinkedHashMap<>();
            boolean any = false;
            for (int f = 0; f < meanings.size(); f++) {
                FieldMeaning m = meanings.get(f);
                Answer a = column[f] < 0 || column[f] >= row.size()
                        ? Answer.none(
                                "no column of the table is headed like '"
                                        + m.labels().get(0) + "'",
                                0.05)
                        : cell(ix, t, r, column[f], m);
                any |= a.found();
                values.put(m.field().name(), a);
            }
            if (any) out.add(values);
        }
        return out;
    }

    /** The first row whose filled cells are mostly words, not numbers: the header. */
    static int headerRow(Table t) {
        for (int r = 0; r < Math.min(3, t.rows().size()); r++) {
            int filled = 0;
            int words = 0;
            for (String c : t.rows().get(r)) {
                if (c.isBlank()) continue;
                filled++;
                if (Text.digitShare(c) < 0.3 && c.chars().anyMatch(Character::isLetter)) words++;
            }
            if (filled >= 2 && words * 2 >= filled * 1.5) return r;
        }
        return -1;
    }

    /** Each field's column: header naming it, cells fitting its kind; greedy, best pair first. */
    private static int[] assign(DocIndex ix, Table t, int header, List<FieldMeaning> meanings, int columns) {
        double[][] score = new double[meanings.size()][columns];
        for (int f = 0; f < meanings.size(); f++) {
            for (int c = 0; c < columns; c++) {
                String head = Text.fold(t.rows().get(header).get(c));
                double s = 0;
                for (String label : meanings.get(f).labels()) {
                    if (Text.find(head, label, 0) >= 0) s = Math.max(s, 2 + 0.05 * label.length());
                }
                if (s > 0) s += fit(t, header, c, meanings.get(f).kind());
                score[f][c] = s;
            }
        }
        int[] column = new int[meanings.size()];
        Arrays.fill(column, -1);
        boolean[] used = new boolean[columns];
        while (true) {
            int bf = -1;
            int bc = -1;
            for (int f = 0; f < meanings.size(); f++) {
                if (column[f] >= 0) continue;
                for (int c = 0; c < columns; c++) {
                    if (!used[c] && score[f][c] >= 2 && (bf < 0 || score[f][c] > score[bf][bc])) {
                        bf = f;
                        bc = c;
                    }
                }
            }
            if (bf < 0) return column;
            column[bf] = bc;
            used[bc] = true;
        }
    }

    /** The share of a column's cells that read as the kind. */
    private static double fit(Table t, int header, int c, Kind kind) {
        int n = 0;
        int ok = 0;
        for (int r = header + 1; r < t.rows().size(); r++) {
            if (c >= t.rows().get(r).size() || t.rows().get(r).get(c).isBlank()) continue;
            n++;
            if (parse(t.rows().get(r).get(c), kind) != null) ok++;
        }
        return n == 0 ? 0 : (double) ok / n;
    }

    private static Answer cell(DocIndex ix, Table t, int r, int c, FieldMeaning m) {
        String text = t.rows().get(r).get(c);
        JsonNode v = parse(text, m.kind());
        if (v == null)
            return Answer.none(
                    "the cell in column " + (c + 1) + " holds no "
                            + m.kind().name().toLowerCase(),
                    0.1);
        Line line = t.rowLines().get(r);
        ExtractDocument.Page p = ix.doc.page(t.page());
        Box box = c < line.pieces().size() ? line.pieces().get(c).box() : line.box();
        Citation cite = new Citation(t.page(), text, box, p.width(), p.height());
        return new Answer(
                v, 0.85, List.of(cite), "column headed '" + t.rows().get(0).get(c) + "', row " + r);
    }

    static JsonNode parse(String text, Kind kind) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String s = text.strip();
        if (s.isEmpty()) return null;
        switch (kind) {
            case AMOUNT, QUANTITY -> {
                List<Amounts.Amount> a = Amounts.in(s);
                return a.isEmpty() ? null : f.numberNode(a.get(a.size() - 1).value());
            }
            case DATE -> {
                List<Dates.Found> d = Dates.in(s);
                return d.isEmpty() ? null : f.textNode(d.get(0).read(true).toString());
            }
            default -> {
                return s.chars().anyMatch(Character::isLetterOrDigit) ? f.textNode(s) : null;
            }
        }
    }
}
