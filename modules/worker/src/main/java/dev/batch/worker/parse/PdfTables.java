package dev.batch.worker.parse;

import dev.batch.worker.parse.PdfLayout.Word;
import dev.batch.worker.parse.PdfRulings.Ruling;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The tables of a PDF page, found from its geometry: first grids of ruling lines with text in their
 * cells, then, among the words left, runs of lines whose gaps line up in columns (tables without
 * rulings). A run must read as a table: rows with numbers after their first cell or three cells
 * and more, and cells short enough not to be two columns of prose.
 */
final class PdfTables {
    /** A table and the words it took from the page; {@code ruled}: read from a grid of rulings, which bound it. */
    record Found(Item.Table table, Set<Word> words, boolean ruled) {}

    private static final int MAX_RULINGS = 3000;
    private static final int CHART_MARKS = 12;
    private static final int RETRIES = 2;

    private PdfTables() {}

    /**
     * The page's tables. The page's drawing is asked for only when two of its lines split into cells: a page of
     * prose costs no second walk through its content stream.
     */
    static List<Found> find(List<Word> words, Supplier<PdfRulings.Drawing> drawn, float pageWidth, float pageHeight) {
        List<TextLine> all = TextLine.of(words);
        if (all.stream().filter(l -> l.segments.size() >= 2).limit(2).count() < 2) return List.of();
        PdfRulings.Drawing drawing = drawn.get();
        List<Ruling> rulings = drawing.rulings();
        List<Found> found = new ArrayList<>();
        Set<Word> used = Collections.newSetFromMap(new IdentityHashMap<>());
        if (rulings.size() <= MAX_RULINGS) {
            for (Item.BBox grid : grids(rulings, pageWidth, pageHeight)) {
                List<Word> inside = new ArrayList<>();
                for (Word w : words) if (!used.contains(w) && inside(w, grid)) inside.add(w);
                Item.Table t = TableGrid.ruled(TextLine.of(inside), within(rulings, grid), grid);
                if (t != null) add(found, used, t, inside, true);
            }
        }
        // Lines without rulings; a column of prose beside a table (a two-column page) is set aside and the rest read
        // again.
        Set<Word> prose = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int pass = 0; pass < 4; pass++) {
            List<TextLine> lines = all;
            if (!used.isEmpty() || !prose.isEmpty()) {
                List<Word> rest = new ArrayList<>();
                for (Word w : words) if (!used.contains(w) && !prose.contains(w)) rest.add(w);
                lines = TextLine.of(rest);
            }
            boolean again = false;
            int i = 0, tries = 0;
            while (i < lines.size()) {
                int end = runEnd(lines, i);
                if (end - i < 3) {
                    i++;
                    tries = 0;
                    continue;
                }
                List<TextLine> run = TableSections.withoutCaption(lines.subList(i, end));
                List<Word> beside = NotTables.proseBeside(run);
                Item.Table t = beside.isEmpty() ? TableGrid.stream(run, rulings) : null;
                if (t != null
                        && (drawing.marksIn(t.bbox().get(0)) >= CHART_MARKS
                                || drawing.onPicture(t.bbox().get(0)))) t = null; // a chart's labels
                prose.addAll(beside);
                again |= !beside.isEmpty();
                if (t != null) {
                    List<Word> taken = new ArrayList<>();
                    for (TextLine l : run) taken.addAll(l.words);
                    add(found, used, t, taken, false);
                }
                // a run that is no table is tried again without its first line or two (a title above a table),
                // not from each of its lines, which would read a page of prose columns over and over
                if (t != null || !beside.isEmpty() || ++tries > RETRIES) {
                    i = end;
                    tries = 0;
                } else i++;
            }
            if (!again) break;
        }
        return TableSections.grow(found, words);
    }

    private static void add(List<Found> found, Set<Word> used, Item.Table t, List<Word> words, boolean ruled) {
        Set<Word> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(words);
        used.addAll(words);
        found.add(new Found(t, set, ruled));
    }

    /**
     * The end (exclusive) of a run of table lines from {@code from}: lines of two segments or more, with lines of
     * one segment between them (row labels, wrapped cells) when a table line follows soon; the gaps between lines
     * stay within a few line heights. The run must hold two lines that are tabular by their shape.
     */
    private static int runEnd(List<TextLine> lines, int from) {
        if (lines.get(from).segments.size() < 2) return from;
        int end = from + 1;
        int strong = lines.get(from).tabular() ? 1 : 0;
        int i = from + 1;
        while (i < lines.size()) {
            TextLine prev = lines.get(i - 1);
            TextLine l = lines.get(i);
            if (l.top - prev.bottom > 2.5f * Math.max(prev.height(), l.height())) break;
            if (l.segments.size() >= 2) {
                if (l.tabular()) strong++;
                end = ++i;
                continue;
            }
            // row labels and wrapped cells: two lines of one segment, or up to five that stay left of the values
            float values = lines.get(end - 1).segments.get(1).get(0).x0();
            int next = i;
            while (next < lines.size()
                    && next <= i + 5
                    && lines.get(next).segments.size() < 2) {
                if (next >= i + 2 && lines.get(next).x1() >= values) break;
                if (next > i && lines.get(next).top - lines.get(next - 1).bottom > 2.5f * l.height()) break;
                next++;
            }
            if (next >= lines.size() || lines.get(next).segments.size() < 2) break;
            TextLine n = lines.get(next);
            if (n.top - lines.get(next - 1).bottom > 2.5f * n.height()) break;
            i = next;
        }
        return strong >= 2 ? end : from;
    }

    /** Boxes of connected rulings with horizontal and vertical lines both: grids, and frames around text. */
    private static List<Item.BBox> grids(List<Ruling> rulings, float pageWidth, float pageHeight) {
        int n = rulings.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (touch(rulings.get(i), rulings.get(j))) parent[find(parent, i)] = find(parent, j);
        List<Item.BBox> boxes = new ArrayList<>();
        for (int root = 0; root < n; root++) {
            if (find(parent, root) != root) continue;
            float x0 = Float.MAX_VALUE, y0 = Float.MAX_VALUE, x1 = -Float.MAX_VALUE, y1 = -Float.MAX_VALUE;
            int h = 0, v = 0;
            for (int i = 0; i < n; i++) {
                if (find(parent, i) != root) continue;
                Ruling r = rulings.get(i);
                if (r.horizontal()) {
                    h++;
                    x0 = Math.min(x0, r.from());
                    x1 = Math.max(x1, r.to());
                    y0 = Math.min(y0, r.at());
                    y1 = Math.max(y1, r.at());
                } else {
                    v++;
                    y0 = Math.min(y0, r.from());
                    y1 = Math.max(y1, r.to());
                    x0 = Math.min(x0, r.at());
                    x1 = Math.max(x1, r.at());
                }
            }
            boolean page = (x1 - x0) > 0.9f * pageWidth && (y1 - y0) > 0.8f * pageHeight;
            if (h >= 2 && v >= 2 && x1 - x0 >= 20 && y1 - y0 >= 10 && !page)
                boxes.add(new Item.BBox(x0, y0, x1 - x0, y1 - y0));
        }
        boxes.sort((a, b) -> Float.compare(a.y(), b.y()));
        return boxes;
    }

    private static boolean touch(Ruling a, Ruling b) {
        if (a.horizontal() == b.horizontal()) return false;
        Ruling h = a.horizontal() ? a : b;
        Ruling v = a.horizontal() ? b : a;
        return v.at() >= h.from() - 2 && v.at() <= h.to() + 2 && h.at() >= v.from() - 2 && h.at() <= v.to() + 2;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }

    static boolean inside(Word w, Item.BBox box) {
        float cx = (w.x0() + w.x1()) / 2;
        float cy = w.baseline() - TextLine.height(w) / 2;
        return cx >= box.x() - 1 && cx <= box.x() + box.w() + 1 && cy >= box.y() - 1 && cy <= box.y() + box.h() + 1;
    }

    private static boolean overlaps(Ruling r, float from, float length) {
        return r.to() > from + 1 && r.from() < from + length - 1;
    }

    private static List<Ruling> within(List<Ruling> rulings, Item.BBox box) {
        List<Ruling> out = new ArrayList<>();
        for (Ruling r : rulings) {
            boolean in = r.horizontal()
                    ? r.at() >= box.y() - 1 && r.at() <= box.y() + box.h() + 1 && overlaps(r, box.x(), box.w())
                    : r.at() >= box.x() - 1 && r.at() <= box.x() + box.w() + 1 && overlaps(r, box.y(), box.h());
            if (in) out.add(r);
        }
        return out;
    }
}
