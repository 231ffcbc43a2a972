package dev.batch.worker.parse;

import dev.batch.worker.parse.PdfLayout.Word;
import dev.batch.worker.parse.PdfTables.Found;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A table being grown by {@link TableSections}: its rows, spans, box and words, on its columns. */
final class TableGrowth {
    /** A line read as a row of the table: its cells, and a span when one cell covers several columns. */
    record Row(List<String> cells, Item.Span span, int first, boolean oneSegment) {}

    /** The widest vertical gap, in the table's line pitch, between a table and what joins it. */
    private static final float MAX_GAP = 2.6f;

    /** A caption or a note, which starts or ends a table and is never part of it. */
    private static final Pattern CAPTION = Pattern.compile(
            "^((table|figure|fig\\.|exhibit|chart|graph)\\s+[a-z]{0,2}[-–.]?\\d|(sources?|notes?)\\s*:)",
            Pattern.CASE_INSENSITIVE);

    private final Found origin;
    private final List<List<String>> rows;
    private final List<Item.Span> spans;
    private final List<Float> columns;
    private final Set<Word> words = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Found> parts = Collections.newSetFromMap(new IdentityHashMap<>());
    private final float pitch;
    private Item.BBox box;
    private boolean grown;

    private TableGrowth(Found origin, float pitch) {
        this.origin = origin;
        Item.Table t = origin.table();
        rows = new ArrayList<>(t.rows());
        spans = new ArrayList<>(t.spans());
        columns = t.columns();
        box = t.bbox().get(0);
        words.addAll(origin.words());
        parts.add(origin);
        this.pitch = pitch;
    }

    /** The growth of a table, or null for one bounded by its rulings or whose columns are not known. */
    static TableGrowth of(Found f) {
        Item.Table t = f.table();
        if (f.ruled()
                || t.rows().isEmpty()
                || t.bbox() == null
                || t.bbox().isEmpty()
                || t.bbox().get(0) == null) return null;
        if (t.columns() == null || t.columns().size() != 2 * t.rows().get(0).size()) return null;
        List<TextLine> lines = TextLine.of(new ArrayList<>(f.words()));
        List<Float> steps = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) steps.add(lines.get(i).top - lines.get(i - 1).top);
        if (steps.isEmpty()) return null;
        Collections.sort(steps);
        return new TableGrowth(f, steps.get(steps.size() / 2));
    }

    Found found() {
        if (!grown) return origin;
        return new Found(new Item.Table(rows, spans, box, columns), words, false);
    }

    float top() {
        return box.y();
    }

    float bottom() {
        return box.y() + box.h();
    }

    boolean near(float upper, float lower) {
        return lower - upper <= MAX_GAP * pitch + 1;
    }

    boolean holds(Found f) {
        return parts.contains(f);
    }

    boolean overlaps(float x0, float x1) {
        return Math.min(x1, box.x() + box.w()) - Math.max(x0, box.x()) > 1;
    }

    boolean overlaps(TextLine l) {
        return overlaps(l.x0(), l.x1());
    }

    boolean sameColumns(Item.Table other) {
        return other.columns() != null
                && other.rows().get(0).size() == columns.size() / 2
                && TableColumns.lineUp(new Item.Table(rows, spans, box, columns), other);
    }

    /**
     * The row a line makes, or null when it does not fit: a word beyond the table's sides, or segments that do not
     * each keep to their own columns (one cell may cover several only in a header line). A head of one segment over
     * the value columns, about centred on them, covers them all.
     */
    Row row(TextLine l, boolean header) {
        float left = box.x() - 3, right = box.x() + box.w() + Math.max(3, pitch);
        if (l.x0() < left || l.x1() > right) return null;
        if (caption(l) || unitNote(l)) return null;
        int n = columns.size() / 2;
        List<String> cells = new ArrayList<>(Collections.nCopies(n, ""));
        Item.Span span = null;
        int previous = -1, first = -1;
        for (List<Word> s : l.segments) {
            int[] reach = reach(s);
            if (reach == null || reach[0] <= previous) return null;
            boolean one = l.segments.size() == 1;
            if (reach[1] > reach[0] && !one && !header) return null;
            if (one && reach[0] >= 1 && n > 2 && centredOverValues(s)) reach = new int[] {1, n - 1};
            if (reach[1] > reach[0]) {
                if (span != null) return null;
                span = new Item.Span(0, reach[0], 1, reach[1] - reach[0] + 1);
            }
            cells.set(reach[0], StructureHandler.clean(TextLine.text(s)));
            if (first < 0) first = reach[0];
            previous = reach[1];
        }
        return new Row(cells, span, first, l.segments.size() == 1);
    }

    private boolean centredOverValues(List<Word> s) {
        float from = columns.get(2), to = columns.get(columns.size() - 1);
        float middle = (s.get(0).x0() + s.get(s.size() - 1).x1()) / 2;
        return Math.abs(middle - (from + to) / 2) <= 0.1f * (to - from);
    }

    /** A line that is all one bracketed note, as a table's unit is set under its caption: "[In thousands]". */
    static boolean unitNote(TextLine l) {
        String t = TextLine.text(l.words).strip();
        return l.segments.size() == 1
                && t.length() > 2
                && (t.startsWith("[") && t.endsWith("]") || t.startsWith("(") && t.endsWith(")"))
                && t.indexOf(t.charAt(t.length() - 1)) == t.length() - 1;
    }

    static boolean caption(TextLine l) {
        return captionText(TextLine.text(l.words));
    }

    static boolean captionText(String text) {
        return CAPTION.matcher(text).find();
    }

    /** The first and last column a segment reaches more than a few points into, or null when it reaches none. */
    private int[] reach(List<Word> s) {
        float x0 = s.get(0).x0(), x1 = s.get(s.size() - 1).x1();
        int first = -1, last = -1;
        for (int c = 0; c < columns.size() / 2; c++) {
            float from = columns.get(2 * c), to = columns.get(2 * c + 1);
            if (Math.min(x1, to) - Math.max(x0, from) > 3 || (x1 - x0 <= 3 && x0 >= from && x1 <= to)) {
                if (first < 0) first = c;
                last = c;
            }
        }
        return first < 0 ? null : new int[] {first, last};
    }

    void append(Row row, TextLine line) {
        if (row.span() != null) spans.add(at(row.span(), rows.size()));
        rows.add(row.cells());
        take(line);
    }

    /**
     * A header line above the table: into the top row when that is a header whose cells under each of the line's
     * cells hold text (a column title set on several lines), else a row of its own.
     */
    void prepend(Row row, TextLine line) {
        List<String> top = rows.get(0);
        boolean into = row.span() == null
                && spans.stream().noneMatch(s -> s.row() == 0)
                && rows.size() > 1
                && top.stream().noneMatch(TextLine::numeric)
                && rows.get(1).stream().anyMatch(TextLine::numeric);
        for (int c = 0; c < top.size() && into; c++) {
            String cell = row.cells().get(c);
            into = cell.isEmpty() || (!top.get(c).isEmpty() && !TextLine.numeric(cell));
        }
        if (into) {
            List<String> merged = new ArrayList<>(top);
            for (int c = 0; c < merged.size(); c++)
                if (!row.cells().get(c).isEmpty()) merged.set(c, row.cells().get(c) + " " + merged.get(c));
            rows.set(0, merged);
        } else {
            spans.replaceAll(s -> at(s, s.row() + 1));
            rows.add(0, row.cells());
            if (row.span() != null) spans.add(at(row.span(), 0));
        }
        take(line);
    }

    void appendPart(Found part) {
        Item.Table t = part.table();
        int offset = rows.size();
        rows.addAll(t.rows());
        for (Item.Span s : t.spans()) spans.add(at(s, s.row() + offset));
        words.addAll(part.words());
        parts.add(part);
        box = Item.BBox.union(box, t.bbox().get(0));
        grown = true;
    }

    private void take(TextLine line) {
        words.addAll(line.words);
        for (Word w : line.words) box = Item.BBox.union(box, w.box());
        grown = true;
    }

    private static Item.Span at(Item.Span s, int row) {
        return new Item.Span(row, s.col(), s.rows(), s.cols());
    }
}
