package dev.batch.worker.parse;

import dev.batch.worker.parse.PdfLayout.Word;
import dev.batch.worker.parse.PdfTables.Found;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A long narrow table set in blocks side by side to fill the page ("Age | Total population" three times over) is
 * as many tables: its header's titles repeat, each block starting with a column of row labels. A column without a
 * title of its own inside a block is part of the column before it (a label's number and its unit set apart).
 */
final class SideBySideTables {
    private SideBySideTables() {}

    /** The table, or its blocks when it is one set side by side. */
    static List<Found> split(Found found) {
        Item.Table t = found.table();
        List<Float> columns = t.columns();
        if (t.rows().size() < 3 || !t.spans().isEmpty() || columns == null) return List.of(found);
        List<String> header = t.rows().get(0);
        int[] starts = blockStarts(header);
        if (starts == null) return List.of(found);
        List<Found> out = new ArrayList<>();
        for (int b = 0; b < starts.length; b++) {
            int from = starts[b], to = b + 1 < starts.length ? starts[b + 1] : header.size();
            Found block = block(found, header, from, to);
            if (block == null || !labelled(block.table().rows())) return List.of(found);
            out.add(block);
        }
        return out;
    }

    /** The columns where the header's titles start over again, or null when they do not repeat from column 0. */
    private static int[] blockStarts(List<String> header) {
        List<Integer> at = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (int c = 0; c < header.size(); c++)
            if (!header.get(c).isBlank()) {
                at.add(c);
                titles.add(header.get(c).toLowerCase(Locale.ROOT).replaceAll("\\s+", ""));
            }
        if (at.isEmpty() || at.get(0) != 0 || TextLine.numeric(header.get(0))) return null;
        for (int p = 2; 2 * p <= titles.size(); p++) {
            if (titles.size() % p != 0) continue;
            boolean repeats = true;
            for (int i = p; i < titles.size() && repeats; i++)
                repeats = titles.get(i).equals(titles.get(i % p));
            if (!repeats) continue;
            int[] starts = new int[titles.size() / p];
            for (int k = 0; k < starts.length; k++) starts[k] = at.get(k * p);
            return starts;
        }
        return null;
    }

    /** Whether a block's first column holds row labels: words, not numbers, in most body rows that have one. */
    private static boolean labelled(List<List<String>> rows) {
        int cells = 0, words = 0;
        for (List<String> row : rows.subList(1, rows.size())) {
            String cell = row.get(0);
            if (cell.isBlank()) continue;
            cells++;
            if (!TextLine.numeric(cell)) words++;
        }
        return cells >= 2 && 2 * words >= cells;
    }

    /** Columns [from, to) as a table of their own, a column without a title joined to the one before it. */
    private static Found block(Found found, List<String> header, int from, int to) {
        Item.Table t = found.table();
        List<Integer> titled = new ArrayList<>();
        for (int c = from; c < to; c++) if (c == from || !header.get(c).isBlank()) titled.add(c);
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row : t.rows()) {
            List<String> cells = new ArrayList<>();
            for (int k = 0; k < titled.size(); k++) {
                int end = k + 1 < titled.size() ? titled.get(k + 1) : to;
                StringBuilder cell = new StringBuilder();
                for (int c = titled.get(k); c < end; c++)
                    if (!row.get(c).isBlank())
                        cell.append(cell.length() == 0 ? "" : " ").append(row.get(c));
                cells.add(cell.toString());
            }
            if (cells.stream().anyMatch(c -> !c.isBlank())) rows.add(cells);
        }
        if (rows.size() < 2 || titled.size() < 2) return null;
        List<Float> all = t.columns();
        float left = all.get(2 * from), right = all.get(2 * to - 1);
        List<Float> columns = new ArrayList<>();
        for (int k = 0; k < titled.size(); k++) {
            int end = k + 1 < titled.size() ? titled.get(k + 1) : to;
            columns.add(all.get(2 * titled.get(k)));
            columns.add(all.get(2 * end - 1));
        }
        Set<Word> words = Collections.newSetFromMap(new IdentityHashMap<>());
        Item.BBox box = null;
        for (Word w : found.words()) {
            float middle = (w.x0() + w.x1()) / 2;
            if (middle < left || middle >= right) continue;
            words.add(w);
            box = Item.BBox.union(box, w.box());
        }
        return box == null ? null : new Found(new Item.Table(rows, List.of(), box, columns), words, found.ruled());
    }
}
