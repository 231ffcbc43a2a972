package dev.batch.worker.parse;

import java.util.List;

/**
 * What tells a heading candidate from the short lines that look like one where it stands: a table
 * header cell (other short lines on its baseline, or inside a table), a bold line in a list, a label
 * over a value, a numbered list item.
 */
final class HeadingPlaces {
    private HeadingPlaces() {}

    /** A heading only by its weight: the weakest sign, which labels and table headers give too. */
    static boolean boldOnly(HeadingCandidate c) {
        return c != null && c != PdfHeadings.JOINED && c.boldBody() && !c.larger() && c.number() == null;
    }

    /** What comes after a heading is text, not a value ("Invoice Date" over "Jun 3, 2013", "Notice Date" over dates). */
    static boolean followedByText(HeadingCandidate[] page, List<Item> items, int i) {
        String next = page[i].rest();
        int j = i + 1;
        while (next == null && j < items.size() && page[j] == PdfHeadings.JOINED) j++;
        if (next == null && j < items.size() && items.get(j) instanceof Item.Text t) next = t.value();
        if (next == null) return true;
        String line = next.strip().split("\n", 2)[0];
        int letters = 0;
        int visible = 0;
        for (int k = 0; k < line.length(); k++) {
            if (Character.isLetter(line.charAt(k))) letters++;
            if (!Character.isWhitespace(line.charAt(k))) visible++;
        }
        return letters * 2 >= visible && line.matches(".*\\p{L}{3}.*");
    }

    /** A short bold line between list items is part of the list. */
    static boolean inList(List<Item> items, int i) {
        return (i > 0 && items.get(i - 1) instanceof Item.ListItem)
                || (i + 1 < items.size() && items.get(i + 1) instanceof Item.ListItem);
    }

    /** Next to an item numbered the same way ("1. …", "2. …"): a numbered list, not sections. */
    static boolean listed(List<Item> items, int i, SectionNumber own) {
        for (int j : new int[] {i - 1, i + 1}) {
            if (j < 0 || j >= items.size() || !(items.get(j) instanceof Item.Text t)) continue;
            SectionNumber n = SectionNumber.parse(t.value().split("\n", 2)[0].strip());
            if (n != null && n.dotted() && n.letter() == own.letter() && n.depth() == own.depth()) return true;
        }
        return false;
    }

    /**
     * A cell of a table row: inside a table's box, or on one baseline with two other items of a line
     * or three (cells); the columns of text beside a heading are paragraphs of more lines.
     */
    static boolean inTableRow(List<Item> items, List<TextStyle> styles, int i, Item.BBox box) {
        if (box == null) return false;
        float cx = box.x() + box.w() / 2;
        float cy = box.y() + box.h() / 2;
        int cells = 0;
        for (int j = 0; j < items.size(); j++) {
            if (items.get(j) instanceof Item.Table t
                    && t.bbox() != null
                    && contains(t.bbox().get(0), cx, cy)) return true;
            if (j != i && styles.get(j) != null && cellBeside(styles.get(j), box)) cells++;
        }
        return cells >= 2;
    }

    /** Whether an item is a cell (three lines at most) with a line on the baseline of {@code box}, clear of it. */
    private static boolean cellBeside(TextStyle style, Item.BBox box) {
        if (style.lines().size() > 3) return false;
        for (TextStyle.LineStyle l : style.lines()) {
            Item.BBox b = l.box();
            boolean sameBaseline = Math.abs((b.y() + b.h()) - (box.y() + box.h())) <= 2;
            boolean apart = b.x() >= box.x() + box.w() || b.x() + b.w() <= box.x();
            if (sameBaseline && apart) return true;
        }
        return false;
    }

    private static boolean contains(Item.BBox b, float x, float y) {
        return x >= b.x() && x <= b.x() + b.w() && y >= b.y() && y <= b.y() + b.h();
    }
}
