package dev.batch.worker.parse;

import dev.batch.worker.parse.PdfLayout.Word;
import dev.batch.worker.parse.PdfRulings.Ruling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table's cells as a matrix with spans, from rows of lines and column edges, or from a full grid of
 * rulings; rows and columns left empty are dropped, and a table of fewer than two rows or columns with
 * text is none.
 */
final class Cells {
    /** The cells read, not yet a table item: checked first, rendered (markdown, html, csv) once kept. */
    record Grid(List<List<String>> rows, List<Item.Span> spans, Item.BBox box, List<Float> columns) {
        Item.Table table() {
            return new Item.Table(rows, spans, box, columns);
        }
    }

    private final StringBuilder[][] text;
    private final List<Item.Span> spans = new ArrayList<>();
    private final float[] edges;

    private Cells(float[] edges, int rows) {
        this.edges = edges;
        int cols = edges.length - 1;
        text = new StringBuilder[rows][cols];
        for (StringBuilder[] row : text) for (int c = 0; c < cols; c++) row[c] = new StringBuilder();
    }

    /**
     * Rows of lines on columns: a word goes to the column its middle is in, a line of one segment to the column
     * it starts in; in the header's rows a segment reaching over several columns is one cell spanning them.
     */
    static Grid fill(List<List<TextLine>> rows, float[] cols, int headerRows, Item.BBox box) {
        Cells cells = new Cells(cols, rows.size());
        for (int r = 0; r < rows.size(); r++) {
            for (TextLine l : rows.get(r)) {
                if (l.segments.size() == 1 && r >= headerRows) {
                    int[] reach = TableGrid.columns(l.words, cols);
                    cells.add(r, TableGrid.column(l.x0(), cols), l.words);
                    // a head over the value columns, alone on its row, covers them
                    if (reach[0] >= 1 && reach[1] > reach[0] && rows.get(r).size() == 1)
                        cells.spans.add(new Item.Span(r, reach[0], 1, reach[1] - reach[0] + 1));
                    continue;
                }
                for (List<Word> s : r < headerRows ? HeaderColumns.cells(l, cols) : l.segments) {
                    int[] reach = TableGrid.columns(s, cols);
                    if (r < headerRows && rows.get(r).size() == 1 && reach[1] > reach[0]) {
                        cells.add(r, reach[0], s);
                        cells.spans.add(new Item.Span(r, reach[0], 1, reach[1] - reach[0] + 1));
                    } else {
                        for (Word w : s) cells.add(r, TableGrid.column((w.x0() + w.x1()) / 2, cols), List.of(w));
                    }
                }
            }
        }
        return cells.table(box);
    }

    /**
     * A full grid: each band of rulings a row or column. Grid cells are one cell where the ruling between them is
     * missing and a word runs across (a header over columns), or one of them is empty (a label over rows).
     */
    static Grid grid(List<TextLine> lines, List<Ruling> rulings, float[] xs, float[] ys, Item.BBox box) {
        int nr = ys.length - 1, nc = xs.length - 1;
        if ((long) nr * nc > 10_000) return null;
        boolean[] filled = new boolean[nr * nc];
        boolean[] across = new boolean[nr * nc]; // a word in the cell runs over its right edge
        for (TextLine l : lines)
            for (Word w : l.words) {
                int r = row(w, ys);
                filled[r * nc + TableGrid.column((w.x0() + w.x1()) / 2, xs)] = true;
                for (int c = 0; c + 1 < nc; c++)
                    if (w.x0() < xs[c + 1] - 1 && w.x1() > xs[c + 1] + 1) across[r * nc + c] = true;
            }
        int[] parent = new int[nr * nc];
        for (int i = 0; i < parent.length; i++) parent[i] = i;
        boolean[] bar = bars(rulings, xs, ys, filled);
        for (int r = 0; r < nr; r++)
            for (int c = 0; c < nc; c++) {
                float midY = (ys[r] + ys[r + 1]) / 2, midX = (xs[c] + xs[c + 1]) / 2;
                int i = r * nc + c;
                boolean join = bar[r] || across[i] && !ruled(rulings, false, xs[c + 1], midY);
                if (c + 1 < nc && join) union(parent, i, i + 1);
                if (r + 1 < nr
                        && !bar[r]
                        && !bar[r + 1]
                        && (!filled[i] || !filled[i + nc])
                        && !ruled(rulings, true, ys[r + 1], midX)) union(parent, i, i + nc);
            }
        Cells cells = new Cells(xs, nr);
        int[][] home = new int[nr * nc][];
        for (int r = 0; r < nr; r++)
            for (int c = 0; c < nc; c++) {
                int root = find(parent, r * nc + c);
                int[] h = home[root];
                if (h == null) home[root] = new int[] {r, c, r, c};
                else {
                    h[2] = Math.max(h[2], r);
                    h[3] = Math.max(h[3], c);
                }
            }
        for (int i = 0; i < home.length; i++) {
            int[] h = home[i];
            if (h == null) continue;
            int area = 0;
            for (int j = 0; j < parent.length; j++) if (find(parent, j) == i) area++;
            if (area != (h[2] - h[0] + 1) * (h[3] - h[1] + 1)) return null; // not a grid of rectangles
            if (area > 1) cells.spans.add(new Item.Span(h[0], h[1], h[2] - h[0] + 1, h[3] - h[1] + 1));
        }
        for (TextLine l : lines)
            for (Word w : l.words) {
                int c = TableGrid.column((w.x0() + w.x1()) / 2, xs);
                int[] h = home[find(parent, row(w, ys) * nc + c)];
                cells.add(h[0], h[1], List.of(w));
            }
        return cells.table(box);
    }

    /**
     * The rows that are one cell across the grid: no column ruling crosses them and only their first cell holds text
     * (the head of a section of rows, set on a bar the width of the table).
     */
    private static boolean[] bars(List<Ruling> rulings, float[] xs, float[] ys, boolean[] filled) {
        int nr = ys.length - 1, nc = xs.length - 1;
        boolean[] bar = new boolean[nr];
        for (int r = 0; r < nr && nc > 2; r++) {
            float midY = (ys[r] + ys[r + 1]) / 2;
            boolean open = filled[r * nc];
            for (int c = 1; c < nc && open; c++) open = !filled[r * nc + c] && !ruled(rulings, false, xs[c], midY);
            bar[r] = open;
        }
        return bar;
    }

    private static int row(Word w, float[] ys) {
        return TableGrid.column(w.baseline() - TextLine.height(w) / 2, ys);
    }

    private static boolean ruled(List<Ruling> rulings, boolean horizontal, float at, float across) {
        for (Ruling r : rulings)
            if (r.horizontal() == horizontal
                    && Math.abs(r.at() - at) <= 2
                    && r.from() <= across + 1
                    && r.to() >= across - 1) return true;
        return false;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }

    private void add(int r, int c, List<Word> words) {
        StringBuilder b = text[r][c];
        for (Word w : words) b.append(b.length() == 0 ? "" : " ").append(w.text());
    }

    /** The matrix without its empty rows and columns; null for less than two of either with text. */
    private Grid table(Item.BBox box) {
        int nr = text.length, nc = text[0].length;
        boolean[] keepRow = new boolean[nr], keepCol = new boolean[nc];
        for (int r = 0; r < nr; r++)
            for (int c = 0; c < nc; c++) if (!text[r][c].toString().isBlank()) keepRow[r] = keepCol[c] = true;
        int[] rowAt = index(keepRow), colAt = index(keepCol);
        int rows = rowAt[nr], cols = colAt[nc];
        if (rows < 2 || cols < 2) return null;
        List<List<String>> out = new ArrayList<>();
        for (int r = 0; r < nr; r++) {
            if (!keepRow[r]) continue;
            List<String> row = new ArrayList<>();
            for (int c = 0; c < nc; c++) if (keepCol[c]) row.add(StructureHandler.clean(text[r][c].toString()));
            out.add(row);
        }
        List<Item.Span> kept = new ArrayList<>();
        for (Item.Span s : spans) {
            if (!keepRow[s.row()] || !keepCol[s.col()]) continue;
            int r1 = rowAt[s.row() + s.rows()], c1 = colAt[s.col() + s.cols()];
            int r0 = rowAt[s.row()], c0 = colAt[s.col()];
            if (r1 - r0 > 1 || c1 - c0 > 1) kept.add(new Item.Span(r0, c0, r1 - r0, c1 - c0));
        }
        List<Float> columns = new ArrayList<>();
        for (int c = 0; c < nc; c++)
            if (keepCol[c]) {
                columns.add(edges[c]);
                columns.add(edges[c + 1]);
            }
        return new Grid(out, kept, box, columns);
    }

    /** For each position, how many kept positions come before it (the last entry: how many are kept). */
    private static int[] index(boolean[] keep) {
        int[] at = new int[keep.length + 1];
        for (int i = 0; i < keep.length; i++) at[i + 1] = at[i] + (keep[i] ? 1 : 0);
        return Arrays.copyOf(at, at.length);
    }
}
