package dev.batch.worker.parse;

import dev.batch.worker.parse.PdfLayout.Word;
import dev.batch.worker.parse.PdfTables.Found;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A table found from its columns takes in the lines next to it that fit those columns. Statistical tables are
 * set in sections with a blank line and a head between them (a label in the first column, or a head centred over
 * the value columns), which end a run of table lines; column titles set apart above the header and rows set apart
 * below the body do too. Parts with the same columns joined by such heads are one table. A line of one segment in
 * the first column joins only between lines that fit (a note under a table, a caption above it, do not); a line
 * crossing the columns stops the table there.
 */
final class TableSections {
    /** Lines of one segment that may stand between two parts of a table. */
    private static final int MAX_BETWEEN = 2;

    private TableSections() {}

    /** The page's tables, each with the lines and the parts that belong to it. */
    static List<Found> grow(List<Found> found, List<Word> words) {
        if (found.isEmpty()) return found;
        Set<Word> taken = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Found f : found) taken.addAll(f.words());
        List<Word> rest = new ArrayList<>();
        for (Word w : words) if (!taken.contains(w)) rest.add(w);
        List<TextLine> free = new ArrayList<>(TextLine.of(rest));
        List<Found> tables = new ArrayList<>(found);
        tables.sort(Comparator.comparing(f -> f.table().bbox().get(0).y()));
        Set<Found> joined = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Found> out = new ArrayList<>();
        for (Found f : tables) {
            if (joined.contains(f)) continue;
            TableGrowth g = TableGrowth.of(f);
            if (g == null) {
                out.addAll(SideBySideTables.split(withoutCaptionRows(f)));
                continue;
            }
            down(g, free, tables, joined);
            up(g, free);
            out.addAll(SideBySideTables.split(withoutCaptionRows(g.found())));
        }
        return out;
    }

    /**
     * A run of table lines without the caption it starts with ("Table 3. …", and the lines it wraps onto, which
     * start no further right than its text after the number) and the note of its unit under it ("[In thousands]").
     */
    static List<TextLine> withoutCaption(List<TextLine> run) {
        int body = 0;
        if (!run.isEmpty() && TableGrowth.caption(run.get(0))) {
            List<Word> first = run.get(0).words;
            float indent = first.get(Math.min(2, first.size() - 1)).x0() + 1; // the text after "Table 3."
            body = 1;
            while (body < run.size()
                    && run.get(body).segments.size() == 1
                    && run.get(body).x0() <= indent) body++;
        }
        while (body < run.size() && TableGrowth.unitNote(run.get(body))) body++;
        return run.subList(body, run.size());
    }

    /**
     * A table without the rows that are its caption (a grid drawn around its caption too) or a note under it:
     * the first rows when they hold a caption alone, the last when it holds one long sentence alone. Their words
     * stay the table's: its text keeps them.
     */
    static Found withoutCaptionRows(Found f) {
        List<List<String>> rows = f.table().rows();
        int from = 0, to = rows.size();
        while (from < to && lone(rows.get(from)) != null && TableGrowth.captionText(lone(rows.get(from)))) from++;
        if (to - 1 > from && lone(rows.get(to - 1)) != null && TextLine.words(lone(rows.get(to - 1))) >= 6) to--;
        if (from == 0 && to == rows.size()) return f;
        if (to - from < 2) return f;
        List<Item.Span> spans = new ArrayList<>();
        for (Item.Span s : f.table().spans())
            if (s.row() >= from && s.row() + s.rows() <= to)
                spans.add(new Item.Span(s.row() - from, s.col(), s.rows(), s.cols()));
        Item.Table t = new Item.Table(
                rows.subList(from, to),
                spans,
                f.table().bbox().get(0),
                f.table().columns());
        return new Found(t, f.words(), f.ruled());
    }

    /** The text of a row's only non-empty cell, or null. */
    private static String lone(List<String> row) {
        String only = null;
        for (String c : row) {
            if (c.isBlank()) continue;
            if (only != null) return null;
            only = c;
        }
        return only;
    }

    /** Rows and further parts of the table below it. */
    private static void down(TableGrowth g, List<TextLine> free, List<Found> tables, Set<Found> joined) {
        List<TextLine> between = new ArrayList<>();
        float bottom = g.bottom();
        while (true) {
            TextLine line = nextLine(free, g, bottom);
            Found part = nextPart(tables, joined, g, bottom);
            if (part != null && (line == null || part.table().bbox().get(0).y() < line.top)) {
                if (part.ruled() || !g.near(bottom, part.table().bbox().get(0).y()) || !g.sameColumns(part.table()))
                    return;
                for (TextLine l : between) g.append(g.row(l, false), l);
                free.removeAll(between);
                g.appendPart(part);
                joined.add(part);
                between.clear();
                bottom = g.bottom();
                continue;
            }
            if (line == null || !g.near(bottom, line.top)) return;
            TableGrowth.Row row = g.row(line, false);
            if (row == null) return;
            if (row.oneSegment()) {
                if (between.size() == MAX_BETWEEN) return;
                between.add(line);
            } else {
                for (TextLine l : between) g.append(g.row(l, false), l);
                g.append(row, line);
                free.removeAll(between);
                free.remove(line);
                between.clear();
            }
            bottom = line.bottom;
        }
    }

    /** Header lines set apart above the table: heads over value columns, and rows that fit its columns. */
    private static void up(TableGrowth g, List<TextLine> free) {
        List<TextLine> between = new ArrayList<>();
        float top = g.top();
        while (true) {
            TextLine line = previousLine(free, g, top);
            if (line == null || !g.near(line.bottom, top)) return;
            TableGrowth.Row row = g.row(line, true);
            if (row == null) return;
            if (row.oneSegment() && row.first() == 0) {
                if (between.size() == MAX_BETWEEN) return;
                between.add(line);
            } else {
                for (TextLine l : between) g.prepend(g.row(l, true), l);
                g.prepend(row, line);
                free.removeAll(between);
                free.remove(line);
                between.clear();
            }
            top = line.top;
        }
    }

    private static TextLine nextLine(List<TextLine> free, TableGrowth g, float bottom) {
        TextLine next = null;
        for (TextLine l : free)
            if (l.top >= bottom - 1 && g.overlaps(l) && (next == null || l.top < next.top)) next = l;
        return next;
    }

    private static TextLine previousLine(List<TextLine> free, TableGrowth g, float top) {
        TextLine previous = null;
        for (TextLine l : free)
            if (l.bottom <= top + 1 && g.overlaps(l) && (previous == null || l.bottom > previous.bottom)) previous = l;
        return previous;
    }

    private static Found nextPart(List<Found> tables, Set<Found> joined, TableGrowth g, float bottom) {
        Found next = null;
        for (Found f : tables) {
            Item.BBox b = f.table().bbox().get(0);
            if (joined.contains(f) || g.holds(f) || b.y() < bottom - 1 || !g.overlaps(b.x(), b.x() + b.w())) continue;
            if (next == null || b.y() < next.table().bbox().get(0).y()) next = f;
        }
        return next;
    }
}
