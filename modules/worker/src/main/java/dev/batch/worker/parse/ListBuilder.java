package dev.batch.worker.parse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The lists being read from XHTML, innermost first: their items; a list inside a list becomes an item of it. */
final class ListBuilder {
    private static final class OpenList {
        final boolean ordered;
        final List<Item> items = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        boolean inItem;

        OpenList(boolean ordered) {
            this.ordered = ordered;
        }
    }

    private final Deque<OpenList> open = new ArrayDeque<>();

    boolean isEmpty() {
        return open.isEmpty();
    }

    /** Whether the innermost list is numbered. */
    boolean ordered() {
        return open.peek().ordered;
    }

    void start(boolean ordered) {
        endItem();
        open.push(new OpenList(ordered));
    }

    /** A list item; one outside any list opens an unnumbered list. */
    void startItem() {
        if (open.isEmpty()) open.push(new OpenList(false));
        endItem();
        open.peek().inItem = true;
    }

    void endItem() {
        if (!inItem()) return;
        OpenList l = open.peek();
        String value = StructureHandler.clean(l.current.toString());
        l.current.setLength(0);
        l.inItem = false;
        if (!value.isEmpty()) l.items.add(new Item.Text(value));
    }

    /** Whether text goes to a list item now. */
    boolean inItem() {
        return !open.isEmpty() && open.peek().inItem;
    }

    void append(char[] ch, int start, int length) {
        open.peek().current.append(ch, start, length);
    }

    /** Ends the innermost list: the list for the page, or null when it has no items or went into its parent. */
    Item.ListItem end() {
        endItem();
        OpenList done = open.pop();
        if (done.items.isEmpty()) return null;
        Item.ListItem list = new Item.ListItem(done.ordered, done.items);
        if (open.isEmpty()) return list;
        open.peek().items.add(list);
        return null;
    }
}
