package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

/**
 * Lays a table's cells out on its grid the way HTML does: a cell takes the next position its row has
 * free, a rowspan holds positions in the rows below, a colspan those to its right. Every row comes out
 * the table's full width with a covered position empty, and each cell covering more than its own
 * position is a {@link Item.Span}. A row with no cell in it and nothing reaching into it is dropped.
 *
 * <p>Spans are clamped to the table: a rowspan to the rows left, and a row's last cell does not
 * widen the table by its colspan (a header's {@code colspan="100"} means "the whole row"). A table
 * whose spans would cover far more positions than it has cells is laid out without them, as rows of
 * its cells.
 */
final class CellGrid {
    /** A rowspan reaching to the end of the table (HTML's {@code rowspan="0"}). */
    static final int TO_END = Integer.MAX_VALUE;

    private CellGrid() {}

    /** A cell as read: its text and how many columns and rows it covers (1 and 1: only its own). */
    record Cell(String text, int cols, int rows) {
        static Cell of(String text) {
            return new Cell(text, 1, 1);
        }
    }

    /** The laid out table: full-width rows and the spans. */
    record Laid(List<List<String>> rows, List<Item.Span> spans) {}

    private record Placed(int row, int col, String text, int cols, int rows, boolean last) {}

    static Laid layout(List<List<Cell>> raw) {
        List<Placed> placed = place(raw);
        return placed == null ? unspanned(raw) : grid(placed);
    }

    /** The cells at their positions, or null when the spans would cover too much. */
    private static List<Placed> place(List<List<Cell>> raw) {
        long cells = raw.stream().mapToLong(List::size).sum();
        long budget = 16 * cells + 100_000; // positions spans may cover beyond their own
        List<BitSet> taken = new ArrayList<>();
        List<Placed> placed = new ArrayList<>();
        int r = 0;
        for (int i = 0; i < raw.size(); i++) {
            List<Cell> row = raw.get(i);
            BitSet here = taken(taken, r);
            if (row.isEmpty() && here.isEmpty()) continue;
            int col = 0;
            for (int j = 0; j < row.size(); j++) {
                Cell c = row.get(j);
                col = here.nextClearBit(col);
                int next = here.nextSetBit(col);
                int cols = Math.max(1, next < 0 ? c.cols() : Math.min(c.cols(), next - col));
                int rows = free(taken, r, col, cols, (int) Math.min(Math.max(1, c.rows()), raw.size() - (long) i));
                budget -= (long) cols * rows - 1;
                if (budget < 0) return null;
                for (int k = 0; k < rows; k++) taken(taken, r + k).set(col, col + cols);
                placed.add(new Placed(r, col, c.text(), cols, rows, j == row.size() - 1));
                col += cols;
            }
            r++;
        }
        return placed;
    }

    /** How many of {@code rows} rows from {@code r} have columns {@code col..col+cols-1} free (the first always). */
    private static int free(List<BitSet> taken, int r, int col, int cols, int rows) {
        for (int k = 1; k < rows && r + k < taken.size(); k++) {
            int set = taken.get(r + k).nextSetBit(col);
            if (set >= 0 && set < col + cols) return k;
        }
        return rows;
    }

    private static BitSet taken(List<BitSet> taken, int row) {
        while (taken.size() <= row) taken.add(new BitSet());
        return taken.get(row);
    }

    private static Laid grid(List<Placed> placed) {
        if (placed.isEmpty()) return new Laid(List.of(), List.of());
        int height = 0;
        int width = 0;
        for (Placed p : placed) {
            height = Math.max(height, p.row() + p.rows());
            width = Math.max(width, p.col() + (p.last() ? 1 : p.cols()));
        }
        List<List<String>> rows = new ArrayList<>(height);
        for (int r = 0; r < height; r++) rows.add(new ArrayList<>(Collections.nCopies(width, "")));
        List<Item.Span> spans = new ArrayList<>();
        for (Placed p : placed) {
            rows.get(p.row()).set(p.col(), p.text());
            int cols = Math.min(p.cols(), width - p.col());
            if (cols > 1 || p.rows() > 1) spans.add(new Item.Span(p.row(), p.col(), p.rows(), cols));
        }
        return new Laid(rows, spans);
    }

    /** The cells row by row, no span kept, rows as long as they are (a table too wide to pad). */
    private static Laid unspanned(List<List<Cell>> raw) {
        List<List<String>> rows = new ArrayList<>();
        for (List<Cell> row : raw) {
            if (!row.isEmpty()) rows.add(row.stream().map(Cell::text).toList());
        }
        return new Laid(rows, List.of());
    }
}
