package dev.batch.worker.parse;

import dev.batch.worker.parse.PdfLayout.Word;
import java.util.ArrayList;
import java.util.List;

/**
 * What looks like a table by its alignment and is not one: prose set in columns, a list of references,
 * a justified line's wide spaces, the pieces of a formula or a figure's labels.
 */
final class NotTables {
    private NotTables() {}

    /**
     * Cells that are mostly scraps, or many of them a formula's pieces: a formula or a figure, drawn with lines or
     * not, is not a table.
     */
    static boolean scraps(List<List<String>> rows) {
        int cells = 0, scraps = 0, formulas = 0;
        for (List<String> row : rows)
            for (String cell : row)
                if (!cell.isBlank()) {
                    cells++;
                    if (scrap(cell)) scraps++;
                    if (formula(cell)) formulas++;
                }
        return scraps * 2 > cells || formulas * 3 >= cells;
    }

    /**
     * A cell with a formula's signs: arrows and operators beyond ASCII's (⇒, ∈, ∪, ≤), the pieces of a brace drawn
     * in parts (︷, ︸, and the private-use pieces of TeX's symbol fonts), or an equals sign at its edge.
     */
    static boolean formula(String cell) {
        String c = cell.strip();
        if (c.startsWith("=") || c.endsWith("=")) return true;
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if ((ch >= '\u2190' && ch <= '\u22FF')
                    || (ch >= '\u27C0' && ch <= '\u2AFF')
                    || (ch >= '\uF8E0' && ch <= '\uF8FF')
                    || (ch >= '\uFE35' && ch <= '\uFE44')) return true;
        }
        return false;
    }

    /**
     * The words of a column of prose at either edge of a run of lines (the other column of a two-column page,
     * beside a table): most of its pieces are long runs of words. Empty when there is none.
     */
    static List<Word> proseBeside(List<TextLine> lines) {
        float[] cols = TableGrid.columns(lines, TableGrid.headerEnd(lines));
        if (cols == null) return List.of();
        for (int band : new int[] {cols.length - 2, 0}) {
            List<Word> words = new ArrayList<>();
            int pieces = 0, long4 = 0, chars = 0, alone = 0;
            for (TextLine l : lines)
                for (List<Word> s : l.segments) {
                    float mid = (s.get(0).x0() + s.get(s.size() - 1).x1()) / 2;
                    if (TableGrid.column(mid, cols) != band) continue;
                    words.addAll(s);
                    pieces++;
                    if (s.size() >= 4) long4++;
                    if (s.size() >= 4 && l.segments.size() == 1) alone++;
                    for (Word w : s) chars += w.text().length() + 1;
                    chars--; // the spaces between the words
                }
            // prose runs on where the table has nothing on the line; a table's labels sit beside its values
            if (pieces >= 3 && long4 >= 0.5 * pieces && chars >= 25 * pieces && alone >= Math.max(2, 0.25 * pieces))
                return words;
        }
        return List.of();
    }

    /**
     * Cells that are mostly runs of words, with few numbers among them, are prose set in columns (or a justified
     * line's wide spaces), not a table.
     */
    static boolean prose(List<List<String>> rows) {
        if (scraps(rows)) return true;
        int cells = 0, words = 0, numbers = 0;
        int cols = rows.get(0).size();
        int[] long5 = new int[cols], filled = new int[cols], numeric = new int[cols];
        for (List<String> row : rows)
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                if (cell.isBlank()) continue;
                int n = TextLine.words(cell);
                cells++;
                words += n;
                filled[c]++;
                if (n >= 5) long5[c]++;
                if (TextLine.numeric(cell)) {
                    numbers++;
                    numeric[c]++;
                }
            }
        int fullRows = 0;
        for (List<String> row : rows) if (row.stream().filter(c -> !c.isBlank()).count() >= 2) fullRows++;
        if (fullRows < 3) return true;
        int proseColumns = 0, lonely = 0, numberColumns = 0;
        for (int c = 0; c < cols; c++) {
            if (filled[c] > 0 && numeric[c] >= 0.5 * filled[c]) numberColumns++;
            if (long5[c] >= 2 && long5[c] >= 0.5 * filled[c]) proseColumns++;
            if (filled[c] <= 1) lonely++; // a column of one cell: a word pushed off by a wide space
        }
        if (lonely * 3 > cols) return true;
        if (cells < 0.3 * cols * rows.size()) return true; // a sparse grid: a figure's labels

        // a column of prose with no column of numbers beside it is a list (references, notes), not a table
        return cells == 0
                || proseColumns >= 2
                || (proseColumns == 1 && numberColumns == 0)
                || (words > 4.5 * cells && numbers < 0.25 * cells);
    }

    /** A piece of a formula or a figure: fewer than three letters or digits, and not a number or a dash. */
    static boolean scrap(String cell) {
        int letters = 0;
        for (int i = 0; i < cell.length() && letters < 3; ) {
            int c = cell.codePointAt(i);
            if (Character.isLetterOrDigit(c)) letters++;
            i += Character.charCount(c);
        }
        return letters < 3 && !TextLine.numeric(cell);
    }
}
