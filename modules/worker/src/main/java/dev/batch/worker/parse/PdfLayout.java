package dev.batch.worker.parse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * A PDF page's text as PDFBox reads it, kept with the geometry of every word, so that paragraphs
 * and tables can be told apart ({@link PdfTables}). Everything else stays paragraphs, text unchanged.
 */
final class PdfLayout {

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
        private static final Pattern SPACES = Pattern.compile("\\s+");
        final List<Line> lines = new ArrayList<>();
        private Line current = new Line();
        private boolean paragraphPending = true;
        private final GlyphType type = new GlyphType();
        /** Glyphs seen, by text direction (0, 90, 180, 270 degrees): which way the page's text reads. */
        final int[] directions = new int[4];
        /** When set (0, 90, 180, 270), only the glyphs running in that direction are read. */
        int only = -1;
        /** The page's drawing, read in the same pass as its text. */
        final PdfRulings drawing = new PdfRulings();

        private final DuplicateGlyphs duplicates = new DuplicateGlyphs();

        Stripper() {
            for (var operator : DrawingOperators.of(this, drawing)) addOperator(operator);
            setSuppressDuplicateOverlappingText(false); // done by duplicates, the same rule at less cost
        }

        @Override
        public void processPage(PDPage page) throws IOException {
            // called for every page, read only within the start and end pages
            int n = getCurrentPageNo();
            if (n >= getStartPage() && n <= getEndPage()) {
                drawing.start(page);
                duplicates.clear();
            }
            super.processPage(page);
        }

        void reset() {
            lines.clear();
            type.clear();
            current = new Line();
            paragraphPending = true;
            Arrays.fill(directions, 0);
        }

        @Override
        protected void processTextPosition(TextPosition text) {
            int direction = UprightText.direction(text);
            directions[direction / 90]++;
            if ((only < 0 || only == direction) && !duplicates.repeated(text)) super.processTextPosition(text);
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
            if (current.words.isEmpty()) current.paragraphStart = paragraphPending;
            paragraphPending = false;
            // PDFBox hands over a run of text up to a gap it judged wide, spaces drawn in the PDF included:
            // its words, each with its own box, are what columns are made of.
            String[] tokens = SPACES.split(text.strip());
            List<int[]> runs = new ArrayList<>();
            int start = -1;
            for (int i = 0; i <= positions.size(); i++) {
                boolean space =
                        i == positions.size() || positions.get(i).getUnicode().isBlank();
                if (!space && start < 0) start = i;
                if (space && start >= 0) {
                    runs.add(new int[] {start, i});
                    start = -1;
                }
            }
            if (runs.size() != tokens.length) {
                add(text, positions, 0, positions.size());
                return;
            }
            for (int i = 0; i < tokens.length; i++) add(tokens[i], positions, runs.get(i)[0], runs.get(i)[1]);
        }

        private void add(String text, List<TextPosition> positions, int from, int to) {
            current.words.add(word(text, positions, from, to));
            current.directions.add(UprightText.direction(positions.subList(from, to)));
        }

        private Word word(String text, List<TextPosition> positions, int from, int to) {
            TextPosition first = positions.get(from);
            TextPosition last = positions.get(to - 1);
            return new Word(
                    text,
                    first.getXDirAdj(),
                    last.getXDirAdj() + last.getWidthDirAdj(),
                    first.getHeightDir(),
                    first.getYDirAdj(),
                    GlyphType.size(positions.subList(from, to)),
                    type.bold(positions.subList(from, to)));
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

        void endLine() {
            if (!current.words.isEmpty()) lines.add(current);
            current = new Line();
        }
    }

    /**
     * The page's items: paragraphs as PDFBox found them, and the tables {@link PdfTables} finds, each where its
     * first word was in PDFBox's order; a table's words leave the paragraphs.
     */
    /** Lines of other text after which a table's words, read again, are no longer the table's text. */
    private static final int LATE = 3;

    static List<Item> items(List<Line> lines, Supplier<PdfRulings.Drawing> drawing, float width, float height) {
        List<Word> words = new ArrayList<>();
        for (Line l : lines) words.addAll(l.words);
        List<PdfTables.Found> tables = PdfTables.find(words, drawing, width, height);
        Map<Word, PdfTables.Found> owners = owners(lines, tables);
        Map<PdfTables.Found, StringBuilder> read = readOrder(lines, owners);
        List<Item> out = new ArrayList<>();
        Paragraph paragraph = new Paragraph();
        // by identity: a Found's hash is its whole table's
        Set<PdfTables.Found> placed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Line l : lines) {
            Line rest = new Line();
            rest.paragraphStart = l.paragraphStart;
            for (Word w : l.words) {
                PdfTables.Found t = owners.get(w);
                if (t == null) rest.words.add(w);
                else if (placed.add(t)) {
                    flush(out, paragraph);
                    out.add(t.table().readAs(StructureHandler.clean(read.get(t).toString())));
                }
            }
            if (rest.words.isEmpty()) continue;
            if (rest.paragraphStart) flush(out, paragraph);
            paragraph.add(rest);
        }
        flush(out, paragraph);
        return out;
    }

    /**
     * The table each word's text goes with. A table's words that PDFBox reads only after lines of other text
     * (footnote marks set as superscripts in its cells, drawn with the notes below) stay where PDFBox reads them:
     * a table's text is read as the rest of the page is; its rows keep every word.
     */
    private static Map<Word, PdfTables.Found> owners(List<Line> lines, List<PdfTables.Found> tables) {
        Map<Word, PdfTables.Found> owners = new IdentityHashMap<>();
        if (tables.isEmpty()) return owners;
        Map<PdfTables.Found, Integer> away = new IdentityHashMap<>(); // lines of other text since the table's last
        for (Line l : lines) {
            Set<PdfTables.Found> here = Collections.newSetFromMap(new IdentityHashMap<>());
            boolean other = false;
            for (Word w : l.words) {
                PdfTables.Found t = owner(tables, w);
                if (t != null && away.getOrDefault(t, 0) < LATE) {
                    owners.put(w, t);
                    here.add(t);
                } else other = true;
            }
            for (PdfTables.Found t : tables) {
                if (here.contains(t)) away.put(t, 0);
                else if (other && away.containsKey(t)) away.merge(t, 1, Integer::sum);
            }
        }
        return owners;
    }

    /** Each table's words line by line in PDFBox's order: the table's text, read as the rest of the page is. */
    private static Map<PdfTables.Found, StringBuilder> readOrder(List<Line> lines, Map<Word, PdfTables.Found> owners) {
        Map<PdfTables.Found, StringBuilder> read = new IdentityHashMap<>();
        for (PdfTables.Found t : owners.values()) read.putIfAbsent(t, new StringBuilder());
        for (Line l : lines) {
            Map<PdfTables.Found, StringBuilder> line = new IdentityHashMap<>();
            for (Word w : l.words) {
                PdfTables.Found t = owners.get(w);
                if (t == null) continue;
                StringBuilder b = line.computeIfAbsent(t, k -> new StringBuilder());
                b.append(b.length() == 0 ? "" : " ").append(w.text());
            }
            line.forEach((t, b) -> {
                StringBuilder all = read.get(t);
                all.append(all.length() == 0 ? "" : "\n").append(b);
            });
        }
        return read;
    }

    private static PdfTables.Found owner(List<PdfTables.Found> tables, Word w) {
        for (PdfTables.Found t : tables) if (t.words().contains(w)) return t;
        return null;
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

    private static void flush(List<Item> out, Paragraph paragraph) {
        String p = StructureHandler.clean(paragraph.text.toString());
        if (!p.isEmpty()) out.add(new Item.Text(p, paragraph.box));
        paragraph.text.setLength(0);
        paragraph.box = null;
    }
}
