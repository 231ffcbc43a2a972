package dev.batch.worker.parse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * A PDF page's text as PDFBox reads it, kept with the geometry of every word, so that paragraphs
 * and tables can be told apart. A table is a run of at least three lines split into two or more
 * cells by wide gaps, with numbers in the cells after the first (or three cells at least); its
 * columns are those of its widest row. Everything else stays paragraphs, text unchanged.
 */
final class PdfLayout {
    private static final Pattern NUMERIC = Pattern.compile("^[\\(\\-–—$€£%]*\\s*[\\d.,]+\\s*[\\)%]*$|^[-–—]+$");

    private static final Pattern BOLD_NAME = Pattern.compile("(?i)bold|black|heavy|semibold|demi");

    private PdfLayout() {}

    /** A word as drawn: its box, and its font's size in points and weight, which tell headings from body text. */
    record Word(String text, float x0, float x1, float height, float baseline, float fontSize, boolean bold) {
        Item.BBox box() {
            return new Item.BBox(x0, baseline - height, x1 - x0, height);
        }
    }

    static final class Line {
        final List<Word> words = new ArrayList<>();
        boolean paragraphStart;
        /** The direction each word's glyphs run in, in degrees (0, 90, 180, 270; -1 for a word of several). */
        final List<Integer> directions = new ArrayList<>();

        String text() {
            StringBuilder b = new StringBuilder();
            for (Word w : words) b.append(b.length() == 0 ? "" : " ").append(w.text());
            return b.toString();
        }
    }

    /** PDFBox's text stripper, recording lines and words as it writes them. */
    static final class Stripper extends PDFTextStripper {
        final List<Line> lines = new ArrayList<>();
        private Line current = new Line();
        private boolean paragraphPending = true;
        /** Glyphs seen, by text direction (0, 90, 180, 270 degrees): which way the page's text reads. */
        final int[] directions = new int[4];
        /** When set (0, 90, 180, 270), only the glyphs running in that direction are read. */
        int only = -1;

        void reset() {
            lines.clear();
            current = new Line();
            paragraphPending = true;
            Arrays.fill(directions, 0);
        }

        @Override
        protected void processTextPosition(TextPosition text) {
            int direction = direction(text);
            directions[direction / 90]++;
            if (only < 0 || only == direction) super.processTextPosition(text);
        }

        @Override
        protected void writeParagraphStart() throws IOException {
            super.writeParagraphStart();
            endLine();
            paragraphPending = true;
        }

        @Override
        protected void writeString(String text, List<TextPosition> positions) throws IOException {
            super.writeString(text, positions);
            if (positions.isEmpty() || text.isBlank()) return;
            TextPosition first = positions.get(0);
            TextPosition last = positions.get(positions.size() - 1);
            if (current.words.isEmpty()) current.paragraphStart = paragraphPending;
            paragraphPending = false;
            current.words.add(new Word(
                    text,
                    first.getXDirAdj(),
                    last.getXDirAdj() + last.getWidthDirAdj(),
                    first.getHeightDir(),
                    first.getYDirAdj(),
                    first.getFontSizeInPt(),
                    bold(first)));
            current.directions.add(direction(positions));
        }

        @Override
        protected void writeLineSeparator() throws IOException {
            super.writeLineSeparator();
            endLine();
        }

        @Override
        protected void writeParagraphEnd() throws IOException {
            super.writeParagraphEnd();
            endLine();
        }

        private static int direction(List<TextPosition> positions) {
            int d = direction(positions.get(0));
            for (TextPosition p : positions) if (direction(p) != d) return -1;
            return d;
        }

        private static int direction(TextPosition p) {
            return Math.floorMod(Math.round(p.getDir() / 90f), 4) * 90;
        }

        private static boolean bold(TextPosition p) {
            PDFont font = p.getFont();
            if (font == null) return false;
            PDFontDescriptor d = font.getFontDescriptor();
            if (d != null && (d.isForceBold() || d.getFontWeight() >= 600)) return true;
            String name = font.getName();
            return name != null && BOLD_NAME.matcher(name).find();
        }

        void endLine() {
            if (!current.words.isEmpty()) lines.add(current);
            current = new Line();
        }
    }

    /** The page's items: paragraphs as PDFBox found them, and the tables among them. */
    static List<Item> items(List<Line> lines) {
        List<Item> out = new ArrayList<>();
        Paragraph paragraph = new Paragraph();
        int i = 0;
        while (i < lines.size()) {
            int end = table(lines, i, out, paragraph);
            if (end > i) {
                i = end;
                continue;
            }
            Line l = lines.get(i);
            if (l.paragraphStart) flush(out, paragraph);
            paragraph.add(l);
            i++;
        }
        flush(out, paragraph);
        return out;
    }

    /** Lines gathered into one paragraph, with the box around them. */
    private static final class Paragraph {
        final StringBuilder text = new StringBuilder();
        Item.BBox box;

        void add(Line l) {
            text.append(text.length() == 0 ? "" : "\n").append(l.text());
            for (Word w : l.words) box = Item.BBox.union(box, w.box());
        }
    }

    /**
     * Tries a table starting at line {@code from}: first with row labels inside it, then without.
     * Adds it and returns where it ends, or returns {@code from} when there is none.
     */
    private static int table(List<Line> lines, int from, List<Item> out, Paragraph paragraph) {
        for (boolean labels : new boolean[] {true, false}) {
            int end = tableEnd(lines, from, labels);
            if (tabularLines(lines, from, end) < 3) continue;
            Item.Table t = table(lines.subList(from, end));
            if (t != null) {
                flush(out, paragraph);
                out.add(t);
                return end;
            }
        }
        return from;
    }

    private static int tabularLines(List<Line> lines, int from, int end) {
        int n = 0;
        for (int i = from; i < end; i++) if (tabular(cells(lines.get(i)))) n++;
        return n;
    }

    private static void flush(List<Item> out, Paragraph paragraph) {
        String p = StructureHandler.clean(paragraph.text.toString());
        if (!p.isEmpty()) out.add(new Item.Text(p, paragraph.box));
        paragraph.text.setLength(0);
        paragraph.box = null;
    }

    /** The end (exclusive) of the run of tabular lines starting at {@code from}. */
    private static int tableEnd(List<Line> lines, int from, boolean labels) {
        int i = from;
        while (i < lines.size()) {
            if (tabular(cells(lines.get(i)))) {
                i++;
            } else if (labels
                    && i > from
                    && i + 1 < lines.size()
                    && lines.get(i).text().length() <= 60
                    && cells(lines.get(i)).size() == 1
                    && tabular(cells(lines.get(i + 1)))) {
                i++; // a row label inside a table ("Operating expenses:")
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean tabular(List<List<Word>> cells) {
        if (cells.size() < 2) return false;
        if (cells.size() >= 3) return true;
        for (int c = 1; c < cells.size(); c++) {
            if (NUMERIC.matcher(join(cells.get(c))).matches()) return true;
        }
        return false;
    }

    /** Words split into cells at gaps wider than a character or two of the line's type. */
    static List<List<Word>> cells(Line line) {
        List<List<Word>> cells = new ArrayList<>();
        List<Word> cell = new ArrayList<>();
        Word prev = null;
        for (Word w : line.words) {
            if (prev != null && w.x0() - prev.x1() > Math.max(8f, 1.2f * Math.max(prev.height(), w.height()))) {
                cells.add(cell);
                cell = new ArrayList<>();
            }
            cell.add(w);
            prev = w;
        }
        if (!cell.isEmpty()) cells.add(cell);
        // a currency sign set apart from its amount belongs to it
        for (int c = cells.size() - 2; c >= 0; c--) {
            if (join(cells.get(c)).matches("[$€£¥]")) {
                List<Word> merged = new ArrayList<>(cells.get(c));
                merged.addAll(cells.get(c + 1));
                cells.set(c, merged);
                cells.remove(c + 1);
            }
        }
        return cells;
    }

    /** Rows on the columns of the widest row; null when the run does not hold together as a table. */
    private static Item.Table table(List<Line> run) {
        List<List<List<Word>>> rows = new ArrayList<>();
        List<List<Word>> template = List.of();
        for (Line l : run) {
            List<List<Word>> c = cells(l);
            rows.add(c);
            if (c.size() > template.size()) template = c;
        }
        int cols = template.size();
        if (cols < 2) return null;
        float[] centers = new float[cols];
        for (int c = 0; c < cols; c++)
            centers[c] = (template.get(c).get(0).x0() + last(template.get(c)).x1()) / 2;
        List<List<String>> out = new ArrayList<>();
        int cellsSeen = 0;
        int aligned = 0;
        for (List<List<Word>> row : rows) {
            String[] cellsText = new String[cols];
            Arrays.fill(cellsText, "");
            for (List<Word> cell : row) {
                float center = (cell.get(0).x0() + last(cell).x1()) / 2;
                int best = 0;
                for (int c = 1; c < cols; c++)
                    if (Math.abs(centers[c] - center) < Math.abs(centers[best] - center)) best = c;
                cellsText[best] = cellsText[best].isEmpty() ? join(cell) : cellsText[best] + " " + join(cell);
                // a real column lines its cells up on the left or on the right; justified prose does not
                List<Word> t = template.get(best);
                cellsSeen++;
                if (Math.abs(cell.get(0).x0() - t.get(0).x0()) <= 6
                        || Math.abs(last(cell).x1() - last(t).x1()) <= 6) aligned++;
            }
            for (int c = 0; c < cols; c++) cellsText[c] = StructureHandler.clean(cellsText[c]);
            out.add(List.of(cellsText));
        }
        if (aligned < 0.8 * cellsSeen) return null;
        Item.BBox box = null;
        for (Line l : run) for (Word w : l.words) box = Item.BBox.union(box, w.box());
        return new Item.Table(out, box);
    }

    private static Word last(List<Word> cell) {
        return cell.get(cell.size() - 1);
    }

    private static String join(List<Word> cell) {
        StringBuilder b = new StringBuilder();
        for (Word w : cell) b.append(b.length() == 0 ? "" : " ").append(w.text());
        return b.toString();
    }
}
