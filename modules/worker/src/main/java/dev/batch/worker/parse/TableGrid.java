package dev.batch.worker.parse;

import dev.batch.worker.parse.PdfLayout.Word;
import dev.batch.worker.parse.PdfRulings.Ruling;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's rows and columns from the lines of its region. Columns come from vertical rulings where the
 * table has them, else from the gaps that run down all its body lines. Rows are the bands between
 * horizontal rulings where those separate the lines, else the lines themselves, with a wrapped cell's
 * lines joined and the header's lines joined into one row. A header cell over several columns, or a grid
 * cell whose inner rulings are missing, becomes a span.
 */
final class TableGrid {
    private TableGrid() {}

    /** The table inside a grid of rulings, or null when it is not one (a frame around text). */
    static Item.Table ruled(List<TextLine> lines, List<Ruling> rulings, Item.BBox box) {
        if (lines.size() < 2) return null;
        float[] xs = within(positions(rulings, false, box.x(), box.x() + box.w()), lines);
        float[] ys = positions(rulings, true, box.y(), box.y() + box.h());
        int bands = 0;
        for (int r = 0; r + 1 < ys.length; r++)
            if (!linesIn(lines, ys[r], ys[r + 1]).isEmpty()) bands++;
        boolean ruledRows = ys.length > 3 && (bands >= 0.5 * lines.size() || bands >= 4);
        if (xs.length <= 2) return null; // no inner column rulings: a frame, or rules over rows, read as lines are
        Cells.Grid grid;
        if (ruledRows) grid = Cells.grid(lines, rulings, xs, ys, box);
        else if (bands < 2) return null; // one band of rows: a shaded row, read as lines are
        else {
            int header = headerEnd(lines);
            List<List<TextLine>> rows = rows(lines, header, xs, ys);
            grid = Cells.fill(rows, xs, rowsBefore(rows, lines, header), box);
        }
        return grid == null || NotTables.scraps(grid.rows()) ? null : grid.table();
    }

    /** Column rulings with the columns that whitespace makes between them (a group of columns boxed together). */
    private static float[] within(float[] xs, List<TextLine> lines) {
        List<Float> edges = new ArrayList<>();
        for (int c = 0; c + 1 < xs.length; c++) {
            edges.add(xs[c]);
            List<Word> words = new ArrayList<>();
            for (TextLine l : lines) for (Word w : l.words) if (column((w.x0() + w.x1()) / 2, xs) == c) words.add(w);
            List<TextLine> sub = TextLine.of(words);
            // only labels and their values: a cell's justified text is not split
            if (sub.stream()
                            .filter(l ->
                                    l.segments.size() >= 2 && TextLine.numeric(l.segments.get(l.segments.size() - 1)))
                            .count()
                    < 3) continue;
            float[] inner = columns(sub, headerEnd(sub));
            if (inner != null) for (int i = 1; i + 1 < inner.length; i++) edges.add(inner[i]);
        }
        edges.add(xs[xs.length - 1]);
        float[] out = new float[edges.size()];
        for (int i = 0; i < out.length; i++) out[i] = edges.get(i);
        return out;
    }

    /** The table of a run of lines without a grid, or null when the run does not hold together as one. */
    static Item.Table stream(List<TextLine> lines, List<Ruling> rulings) {
        int header = headerEnd(lines);
        float[] cols = columns(lines, header);
        if (cols == null) return null;
        float[] ys = positions(rulings, true, lines.get(0).top, lines.get(lines.size() - 1).bottom);
        List<List<TextLine>> rows = rows(lines, header, cols, ys);
        if (rows.size() < 3) return null;
        Item.BBox box = null;
        for (TextLine l : lines) for (Word w : l.words) box = Item.BBox.union(box, w.box());
        Cells.Grid grid = Cells.fill(rows, cols, rowsBefore(rows, lines, header), box);
        return grid == null || NotTables.prose(grid.rows()) ? null : grid.table();
    }

    /** The first body line: the first with a number after its first segment, else the first with the most segments. */
    static int headerEnd(List<TextLine> lines) {
        int most = 0;
        for (TextLine l : lines) most = Math.max(most, l.segments.size());
        int widest = 0;
        for (int i = lines.size() - 1; i >= 0; i--) if (lines.get(i).segments.size() == most) widest = i;
        for (int i = 0; i < lines.size(); i++) {
            List<List<Word>> s = lines.get(i).segments;
            for (int c = 1; c < s.size(); c++) if (TextLine.numeric(s.get(c))) return i <= 5 ? i : Math.min(i, widest);
        }
        return widest;
    }

    /** Column edges from the gaps no body segment crosses; null for fewer than two columns. */
    static float[] columns(List<TextLine> lines, int header) {
        List<float[]> spans = new ArrayList<>();
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            TextLine l = lines.get(i);
            min = Math.min(min, l.x0());
            max = Math.max(max, l.x1());
            if (i < header || l.segments.size() < 2) continue;
            for (List<Word> s : l.segments)
                spans.add(new float[] {s.get(0).x0(), s.get(s.size() - 1).x1()});
        }
        if (spans.isEmpty()) return null;
        spans.sort((a, b) -> Float.compare(a[0], b[0]));
        List<Float> edges = new ArrayList<>();
        edges.add(min - 1);
        float reach = spans.get(0)[1];
        for (float[] s : spans) {
            if (s[0] > reach + 1) edges.add(HeaderColumns.edge(reach, s[0], lines.subList(0, header)));
            reach = Math.max(reach, s[1]);
        }
        edges.add(Math.max(max, reach) + 1);
        rivers(lines, header, edges);
        if (edges.size() < 3) return null;
        float[] out = new float[edges.size()];
        for (int i = 0; i < out.length; i++) out[i] = edges.get(i);
        return out;
    }

    /**
     * Adds the narrower gaps between words that run down every body line, with words on both sides in most of
     * them: a label and its amount a little more than a space apart.
     */
    private static void rivers(List<TextLine> lines, int header, List<Float> edges) {
        List<TextLine> body = new ArrayList<>();
        List<TextLine> withNumbers = new ArrayList<>();
        for (int i = header; i < lines.size(); i++) {
            TextLine l = lines.get(i);
            if (l.segments.size() < 2) continue;
            body.add(l);
            if (l.words.stream().anyMatch(w -> TextLine.numeric(w.text()))) withNumbers.add(l);
        }
        if (withNumbers.size() >= 3) body = withNumbers; // a header's wrapped titles do not close a gap the values keep
        if (body.size() < 3) return;
        List<float[]> words = new ArrayList<>();
        float h = 0;
        for (TextLine l : body) {
            h += l.height();
            for (Word w : l.words) words.add(new float[] {w.x0(), w.x1()});
        }
        float wide = Math.max(4f, 0.6f * h / body.size());
        words.sort((a, b) -> Float.compare(a[0], b[0]));
        float reach = words.get(0)[1];
        List<Float> found = new ArrayList<>();
        for (float[] w : words) {
            if (w[0] - reach >= wide) found.add((reach + w[0]) / 2);
            reach = Math.max(reach, w[1]);
        }
        for (float x : found) {
            boolean known = false;
            for (float e : edges) known |= Math.abs(e - x) < wide;
            if (known) continue;
            int left = 0, right = 0;
            float lo = -Float.MAX_VALUE, hi = Float.MAX_VALUE;
            for (float e : edges) {
                if (e < x) lo = Math.max(lo, e);
                else hi = Math.min(hi, e);
            }
            for (TextLine l : body) {
                boolean hasLeft = false, hasRight = false;
                for (Word w : l.words) {
                    hasLeft |= w.x1() < x && w.x0() > lo;
                    hasRight |= w.x0() > x && w.x1() < hi;
                }
                if (hasLeft) left++;
                if (hasRight) right++;
            }
            if (left >= 0.8 * body.size() && right >= 0.8 * body.size()) edges.add(x);
        }
        edges.sort(Float::compare);
    }

    /** Sorted positions of the rulings of one direction within [from, to], close ones as one, with the ends. */
    static float[] positions(List<Ruling> rulings, boolean horizontal, float from, float to) {
        List<Float> at = new ArrayList<>();
        for (Ruling r : rulings)
            if (r.horizontal() == horizontal && r.at() > from + 2 && r.at() < to - 2) at.add(r.at());
        at.sort(Float::compare);
        List<Float> out = new ArrayList<>();
        out.add(from);
        for (float a : at) if (a - out.get(out.size() - 1) > 2) out.add(a);
        if (to - out.get(out.size() - 1) > 2) out.add(to);
        else out.set(out.size() - 1, to);
        float[] f = new float[out.size()];
        for (int i = 0; i < f.length; i++) f[i] = out.get(i);
        return f;
    }

    static List<TextLine> linesIn(List<TextLine> lines, float top, float bottom) {
        List<TextLine> out = new ArrayList<>();
        for (TextLine l : lines) {
            float mid = (l.top + l.bottom) / 2;
            if (mid >= top && mid < bottom) out.add(l);
        }
        return out;
    }

    /**
     * Each line a row, except: the header's lines, none spanning columns, are one row; a line of one segment
     * starting in lower case continues the row above; a first-column line followed by a row whose first cell
     * starts in lower case begins that row. Lines never join across a ruling.
     */
    private static List<List<TextLine>> rows(List<TextLine> lines, int header, float[] cols, float[] ys) {
        List<List<TextLine>> rows = new ArrayList<>();
        boolean centred = false; // the line before was a row's values set between its label's two lines
        for (int i = 0; i < lines.size(); i++) {
            TextLine l = lines.get(i);
            List<TextLine> last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
            TextLine above = last == null ? null : last.get(last.size() - 1);
            boolean join = centred;
            centred = false;
            if (!join && above != null && !ruledBetween(ys, above, l)) {
                if (i < header) join = !spans(above, cols) && !spans(l, cols);
                else if (l.segments.size() == 1)
                    join = lowerStart(l) && column(l.x0(), cols) == column(above.x0(), cols);
                else if (i - 1 >= header && last.size() == 1 && above.segments.size() == 1) {
                    join = lowerStart(l) && column(l.x0(), cols) == column(above.x0(), cols);
                    centred = !join && i + 1 < lines.size() && centredValues(above, l, lines.get(i + 1), cols, ys);
                    join |= centred;
                }
            }
            if (join) last.add(l);
            else {
                List<TextLine> row = new ArrayList<>();
                row.add(l);
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * Whether {@code values}, with nothing in the first column, is set between the two lines of a row label above and
     * below it (the values of a two-line label centred on it).
     */
    private static boolean centredValues(TextLine label, TextLine values, TextLine next, float[] cols, float[] ys) {
        return column(values.x0(), cols) > 0
                && column(label.x0(), cols) == 0
                && column(label.x1(), cols) == 0
                && next.segments.size() == 1
                && column(next.x0(), cols) == 0
                && column(next.x1(), cols) == 0
                && !ruledBetween(ys, values, next)
                && next.top - label.bottom <= 1.5f * label.height()
                && values.top < next.top
                && values.bottom > label.bottom;
    }

    /** How many rows the header became. */
    private static int rowsBefore(List<List<TextLine>> rows, List<TextLine> lines, int header) {
        if (header == 0) return 0;
        TextLine first = lines.get(header);
        for (int r = 0; r < rows.size(); r++) if (rows.get(r).contains(first)) return r;
        return 0;
    }

    private static boolean ruledBetween(float[] ys, TextLine a, TextLine b) {
        for (float y : ys) if (y > a.bottom - 1 && y < b.top + 1) return true;
        return false;
    }

    private static boolean lowerStart(TextLine l) {
        String t = l.words.get(0).text();
        return !t.isEmpty() && (Character.isLowerCase(t.codePointAt(0)) || t.startsWith("("));
    }

    /** Whether a segment of the line reaches into more than one column. */
    static boolean spans(TextLine l, float[] cols) {
        for (List<Word> s : HeaderColumns.cells(l, cols)) if (columns(s, cols)[1] > columns(s, cols)[0]) return true;
        return false;
    }

    /** The first and last column a segment reaches more than a few points into. */
    static int[] columns(List<Word> segment, float[] cols) {
        float x0 = segment.get(0).x0(), x1 = segment.get(segment.size() - 1).x1();
        int first = -1, last = -1;
        for (int c = 0; c + 1 < cols.length; c++) {
            if (Math.min(x1, cols[c + 1]) - Math.max(x0, cols[c]) > 3) {
                if (first < 0) first = c;
                last = c;
            }
        }
        if (first < 0) first = last = column((x0 + x1) / 2, cols);
        return new int[] {first, last};
    }

    static int column(float x, float[] cols) {
        for (int c = 0; c + 1 < cols.length; c++) if (x < cols[c + 1]) return c;
        return cols.length - 2;
    }
}
