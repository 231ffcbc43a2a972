package dev.batch.worker.parse;

import dev.batch.worker.parse.CellGrid.Cell;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The tables being read from XHTML, innermost first: rows of cells with their {@code colspan} and
 * {@code rowspan}, laid out on the table's grid by {@link CellGrid} when the table ends. A format that
 * keeps its merged cells outside the XHTML lays them out through its {@link TableLayouts}. A table
 * inside a cell becomes that cell's text.
 */
final class TableBuilder {
    private static final int MAX_SPAN = 1000;

    private static final class Table {
        final List<List<Cell>> rows = new ArrayList<>();
        List<Cell> row;
        StringBuilder cell;
        int cols;
        int rowsDown;
    }

    private final Deque<Table> open = new ArrayDeque<>();
    private final TableLayouts layouts;
    private int outermost;

    TableBuilder(TableLayouts layouts) {
        this.layouts = layouts;
    }

    boolean isEmpty() {
        return open.isEmpty();
    }

    void start() {
        open.push(new Table());
    }

    void startRow() {
        if (open.isEmpty()) return;
        Table t = open.peek();
        t.row = new ArrayList<>();
        t.rows.add(t.row);
    }

    /** A cell, with its {@code colspan} and {@code rowspan} attributes (null when absent). */
    void startCell(String colspan, String rowspan) {
        if (open.isEmpty() || open.peek().row == null) return;
        Table t = open.peek();
        t.cell = new StringBuilder();
        t.cols = Math.max(1, span(colspan));
        int down = span(rowspan);
        t.rowsDown = down == 0 ? CellGrid.TO_END : down;
    }

    void endCell() {
        if (!inCell()) return;
        Table t = open.peek();
        t.row.add(new Cell(StructureHandler.clean(t.cell.toString()), t.cols, t.rowsDown));
        t.cell = null;
    }

    /** Whether text goes to a cell now. */
    boolean inCell() {
        return !open.isEmpty() && open.peek().cell != null;
    }

    void append(char[] ch, int start, int length) {
        open.peek().cell.append(ch, start, length);
    }

    /** Ends the innermost table: the table for the page, or null when it has no rows or went into a cell. */
    Item.Table end() {
        Table t = open.pop();
        boolean nested = inCell();
        List<List<Cell>> raw = nested ? t.rows : layouts.relayout(outermost++, t.rows);
        CellGrid.Laid laid = CellGrid.layout(raw);
        if (laid.rows().isEmpty()) return null;
        Item.Table table = new Item.Table(laid.rows(), laid.spans(), null);
        if (!nested) return table;
        open.peek().cell.append(table.plain());
        return null;
    }

    /**
     * An HTML span attribute: its leading digits as browsers read them; absent, unreadable or absurd
     * (over {@value #MAX_SPAN}) is 1, and 0 stays 0 (a rowspan to the end of the table).
     */
    static int span(String value) {
        if (value == null) return 1;
        String v = value.strip();
        int end = 0;
        while (end < v.length() && end < 5 && v.charAt(end) >= '0' && v.charAt(end) <= '9') end++;
        if (end == 0) return 1;
        int n = Integer.parseInt(v.substring(0, end));
        return n > MAX_SPAN ? 1 : n;
    }
}
