package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One table being read from a DOCX or PPTX part ({@link OoxmlTables}): its rows of cells, then its shape. */
final class XmlTable {
    static final class RowRead {
        int before;
        final List<CellRead> cells = new ArrayList<>();
    }

    static final class CellRead {
        final StringBuilder key = new StringBuilder();
        int cols = 1;
        int rows = 1;
        boolean covered;
        boolean restart;
        boolean continues;

        /** A WordprocessingML {@code vMerge}: "restart" opens a merge down the column, anything else continues one. */
        void merge(String val) {
            restart = "restart".equals(val);
            continues = !restart;
        }
    }

    private final List<RowRead> rows = new ArrayList<>();
    RowRead row;
    CellRead cell;

    void startRow() {
        row = new RowRead();
        rows.add(row);
    }

    void startCell() {
        if (row == null) startRow();
        cell = new CellRead();
        row.cells.add(cell);
    }

    void endCell() {
        cell = null;
    }

    /** Text of the cell open now: its letters and digits only. */
    void text(String s) {
        if (cell == null) return;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) cell.key.append(c);
        }
    }

    /**
     * A DOCX table: a {@code vMerge} continuing a merge is covered by the cell starting at the same grid
     * column in the row above that opened or continued it, which spans one row more.
     */
    OoxmlTables.Shape wordShape() {
        Map<Integer, CellRead> above = Map.of();
        for (RowRead r : rows) {
            Map<Integer, CellRead> open = new HashMap<>();
            int col = r.before;
            for (CellRead c : r.cells) {
                CellRead owner = c.continues ? above.get(col) : null;
                if (owner != null) {
                    owner.rows++;
                    c.covered = true;
                    open.put(col, owner);
                } else if (c.restart) {
                    open.put(col, c);
                }
                col += Math.max(1, c.cols);
            }
            above = open;
        }
        return shape();
    }

    /** A PPTX table: its cells say their spans and whether they are covered. */
    OoxmlTables.Shape slideShape() {
        return shape();
    }

    private OoxmlTables.Shape shape() {
        List<OoxmlTables.Row> out = new ArrayList<>(rows.size());
        for (RowRead r : rows) {
            List<OoxmlTables.Cell> cells = new ArrayList<>(r.cells.size());
            for (CellRead c : r.cells)
                cells.add(new OoxmlTables.Cell(c.key.toString(), Math.max(1, c.cols), Math.max(1, c.rows), c.covered));
            out.add(new OoxmlTables.Row(r.before, cells));
        }
        return new OoxmlTables.Shape(out);
    }
}
