package dev.batch.worker.parse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The tables being read from XHTML, innermost first: rows of cells; a table inside a cell becomes that cell's text. */
final class TableBuilder {
    private static final class Table {
        final List<List<String>> rows = new ArrayList<>();
        List<String> row;
        StringBuilder cell;
    }

    private final Deque<Table> open = new ArrayDeque<>();

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

    void startCell() {
        if (!open.isEmpty() && open.peek().row != null) open.peek().cell = new StringBuilder();
    }

    void endCell() {
        if (!inCell()) return;
        Table t = open.peek();
        t.row.add(StructureHandler.clean(t.cell.toString()));
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
        t.rows.removeIf(List::isEmpty);
        if (t.rows.isEmpty()) return null;
        Item.Table table = new Item.Table(t.rows);
        if (!inCell()) return table;
        open.peek().cell.append(table.plain());
        return null;
    }
}
