package dev.batch.tools.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The adjacency relations of a table, ICDAR 2013's structure measure: each non-empty cell with its nearest
 * non-empty neighbour to the right (same row) and below (same column), texts lower-cased with all whitespace
 * removed. A cell spanning rows has a right neighbour per row it covers (the same one counted once), and one
 * spanning columns a neighbour below per column.
 */
final class AdjacencyRelations {
    private AdjacencyRelations() {}

    /** A cell of a grid: its text and the rows and columns it covers (first and last, inclusive, from 0). */
    record Cell(String text, int row, int lastRow, int col, int lastCol) {
        static Cell at(String text, int row, int col) {
            return new Cell(text, row, row, col, col);
        }
    }

    /** The cells of a {@code rows} matrix, one a position: a span shows as repeated or empty cells. */
    static List<Cell> ofRows(List<List<String>> rows) {
        List<Cell> cells = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++)
            for (int c = 0; c < rows.get(r).size(); c++)
                cells.add(Cell.at(rows.get(r).get(c), r, c));
        return cells;
    }

    /** The relations of one table, each as {@code text1 → text2 (direction)} on normalised texts. */
    static List<String> of(List<Cell> cells) {
        Cell[][] grid = grid(cells);
        // A cell and its neighbour are one relation however many rows or columns they share.
        Set<List<Object>> pairs = new LinkedHashSet<>();
        for (Cell cell : cells) {
            if (normalise(cell.text()).isEmpty()) continue;
            for (int r = cell.row(); r <= cell.lastRow(); r++) {
                Cell right = nearest(grid, cell, r, cell.lastCol() + 1, 0, 1);
                if (right != null) pairs.add(List.of(cell, right, "right"));
            }
            for (int c = cell.col(); c <= cell.lastCol(); c++) {
                Cell below = nearest(grid, cell, cell.lastRow() + 1, c, 1, 0);
                if (below != null) pairs.add(List.of(cell, below, "below"));
            }
        }
        List<String> relations = new ArrayList<>();
        for (List<Object> p : pairs)
            relations.add(normalise(((Cell) p.get(0)).text()) + " → " + normalise(((Cell) p.get(1)).text()) + " ("
                    + p.get(2) + ")");
        return relations;
    }

    /** Lower case, no whitespace (a no-break space included). */
    static String normalise(String text) {
        if (text == null) return "";
        StringBuilder b = new StringBuilder(text.length());
        text.toLowerCase().codePoints().forEach(cp -> {
            if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp)) b.appendCodePoint(cp);
        });
        return b.toString();
    }

    /** Which cell covers each position (the last one given wins where cells overlap). */
    private static Cell[][] grid(List<Cell> cells) {
        int rows = cells.stream().mapToInt(Cell::lastRow).max().orElse(-1) + 1;
        int cols = cells.stream().mapToInt(Cell::lastCol).max().orElse(-1) + 1;
        Cell[][] grid = new Cell[rows][cols];
        for (Cell cell : cells)
            for (int r = cell.row(); r <= cell.lastRow(); r++)
                for (int c = cell.col(); c <= cell.lastCol(); c++) grid[r][c] = cell;
        return grid;
    }

    /** The first non-empty cell other than {@code from}, walking from (r, c) by (dr, dc); null if none. */
    private static Cell nearest(Cell[][] grid, Cell from, int r, int c, int dr, int dc) {
        for (; r < grid.length && c < grid[r].length; r += dr, c += dc) {
            Cell there = grid[r][c];
            if (there != null && there != from && !normalise(there.text()).isEmpty()) return there;
        }
        return null;
    }
}
