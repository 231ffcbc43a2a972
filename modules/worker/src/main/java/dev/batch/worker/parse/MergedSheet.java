package dev.batch.worker.parse;

import dev.batch.worker.parse.CellGrid.Cell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.util.CellRangeAddress;

/**
 * One sheet's table as Tika wrote it (a cell per column from A, a row per {@code row} element) with
 * its merged regions laid on it ({@link SheetMerges}): a region's top-left cell spans the rows written
 * within the region and its columns up to the table's last one; the cells it covers are left out.
 */
final class MergedSheet {
    private final int[] sheetRows;
    private final List<List<Cell>> raw;
    private final Map<Long, int[]> owners = new HashMap<>(); // (row, col) -> {cols, rows}
    private final List<List<int[]>> covered = new ArrayList<>(); // per row: {from, to} column ranges
    private final int[] ownersEnd;

    MergedSheet(int[] sheetRows, List<List<Cell>> raw) {
        this.sheetRows = sheetRows;
        this.raw = raw;
        this.ownersEnd = new int[raw.size()];
        for (int i = 0; i < raw.size(); i++) covered.add(new ArrayList<>());
    }

    /** The cells with the regions' spans; {@code raw} itself when a covered cell holds text (it would be lost). */
    List<List<Cell>> apply(List<CellRangeAddress> merges) {
        for (int i = 1; i < sheetRows.length; i++) if (sheetRows[i] <= sheetRows[i - 1]) return raw;
        int width = raw.stream().mapToInt(List::size).max().orElse(0);
        for (CellRangeAddress m : merges) {
            int i0 = firstAtLeast(m.getFirstRow());
            int i1 = firstAtLeast(m.getLastRow() + 1) - 1;
            int c0 = m.getFirstColumn();
            int c1 = Math.min(m.getLastColumn(), width - 1);
            if (i0 > i1 || c0 > c1 || (i0 == i1 && c0 == c1) || overlaps(i0, i1, c0, c1)) continue;
            owners.put(key(i0, c0), new int[] {c1 - c0 + 1, i1 - i0 + 1});
            ownersEnd[i0] = Math.max(ownersEnd[i0], c0 + 1);
            for (int i = i0; i <= i1; i++) covered.get(i).add(new int[] {c0, c1});
        }
        List<List<Cell>> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            List<Cell> row = row(i);
            if (row == null) return raw;
            out.add(row);
        }
        return out;
    }

    /** Row {@code i} with its owners spanning and its covered cells left out; null when one of those holds text. */
    private List<Cell> row(int i) {
        List<Cell> row = raw.get(i);
        List<Cell> cells = new ArrayList<>();
        int end = Math.max(row.size(), ownersEnd[i]);
        for (int c = 0; c < end; c++) {
            String text = c < row.size() ? row.get(c).text() : "";
            int[] own = owners.get(key(i, c));
            if (own != null) cells.add(new Cell(text, own[0], own[1]));
            else if (isCovered(i, c)) {
                if (!text.isBlank()) return null;
            } else cells.add(c < row.size() ? row.get(c) : Cell.of(""));
        }
        return cells;
    }

    /** The index of the first row written at or below sheet row {@code sheetRow}. */
    private int firstAtLeast(int sheetRow) {
        int i = Arrays.binarySearch(sheetRows, sheetRow);
        return i >= 0 ? i : -i - 1;
    }

    private boolean overlaps(int i0, int i1, int c0, int c1) {
        for (int i = i0; i <= i1; i++) {
            for (int[] range : covered.get(i)) if (range[0] <= c1 && c0 <= range[1]) return true;
        }
        return false;
    }

    private boolean isCovered(int i, int c) {
        for (int[] range : covered.get(i)) if (range[0] <= c && c <= range[1]) return true;
        return false;
    }

    private static long key(int row, int col) {
        return ((long) row << 32) | (col & 0xffffffffL);
    }
}
