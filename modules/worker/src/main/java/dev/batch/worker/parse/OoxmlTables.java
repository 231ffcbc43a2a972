package dev.batch.worker.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;

/**
 * The tables of a DOCX or PPTX package as their XML has them, read part by part with StAX: each
 * outermost table's rows of cells with their spans (DOCX: {@code gridSpan}, {@code vMerge},
 * {@code gridBefore}; PPTX: {@code gridSpan}, {@code rowSpan}, {@code hMerge}, {@code vMerge}) and
 * the letters and digits of their text, by which {@link ShapeMatcher} recognises them in Tika's
 * XHTML. A nested table's text belongs to the cell holding it; text in a markup-compatibility
 * fallback (the same content again, for older readers) is skipped.
 */
final class OoxmlTables {
    private static final Pattern WORD_PARTS =
            Pattern.compile("/word/(document|header\\d*|footer\\d*|footnotes|endnotes|comments)\\.xml");
    private static final Pattern SLIDE_PARTS = Pattern.compile("/ppt/slides/slide\\d+\\.xml");
    private static final int MAX_CELLS = 1_000_000;
    private static final int MAX_SPAN = 1000;

    private OoxmlTables() {}

    /** One outermost table: its rows. */
    record Shape(List<Row> rows) {
        boolean spans() {
            return rows.stream()
                    .anyMatch(r -> r.before() > 0
                            || r.cells().stream().anyMatch(c -> c.covered() || c.cols() > 1 || c.rows() > 1));
        }
    }

    /** A row: the grid positions left empty before its first cell, and its cells. */
    record Row(int before, List<Cell> cells) {}

    /** A cell as the XML has it: its text's letters and digits, its span, whether another cell covers it. */
    record Cell(String key, int cols, int rows, boolean covered) {}

    static List<Shape> word(Path file) throws IOException, InvalidFormatException, XMLStreamException {
        return read(file, WORD_PARTS, true);
    }

    static List<Shape> slides(Path file) throws IOException, InvalidFormatException, XMLStreamException {
        return read(file, SLIDE_PARTS, false);
    }

    private static List<Shape> read(Path file, Pattern parts, boolean word)
            throws IOException, InvalidFormatException, XMLStreamException {
        List<Shape> shapes = new ArrayList<>();
        OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
        try {
            for (PackagePart part : pkg.getPartsByName(parts)) {
                try (InputStream in = part.getInputStream()) {
                    new PartReader(word, shapes).read(in);
                }
            }
        } finally {
            pkg.revert();
        }
        return shapes;
    }

    static XMLInputFactory xmlInput() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    /** One part's tables, appended to the shapes read so far. */
    private static final class PartReader {
        private final boolean word;
        private final List<Shape> shapes;
        private final Deque<XmlTable> open = new ArrayDeque<>();
        private boolean inText;
        private int skipped;
        private int cells;

        PartReader(boolean word, List<Shape> shapes) {
            this.word = word;
            this.shapes = shapes;
        }

        void read(InputStream in) throws XMLStreamException {
            XMLStreamReader x = xmlInput().createXMLStreamReader(in);
            try {
                while (x.hasNext() && cells < MAX_CELLS) {
                    int event = x.next();
                    if (event == XMLStreamConstants.START_ELEMENT) start(x);
                    else if (event == XMLStreamConstants.END_ELEMENT) end(x);
                    else if (event == XMLStreamConstants.CHARACTERS && inText && skipped == 0 && !open.isEmpty())
                        open.peekLast().text(x.getText());
                }
            } finally {
                x.close();
            }
        }

        private void start(XMLStreamReader x) {
            String name = x.getLocalName();
            String ns = x.getNamespaceURI();
            if (skipped > 0 || (name.equals("Fallback") && ns != null && ns.contains("markup-compatibility"))) {
                skipped++;
                return;
            }
            if (!ours(x)) return;
            XmlTable t = open.peek();
            switch (name) {
                case "tbl" -> open.push(new XmlTable());
                case "tr" -> {
                    if (t != null) t.startRow();
                }
                case "tc" -> {
                    if (t == null) break;
                    t.startCell();
                    cells++;
                    if (!word) slideCell(x, t);
                }
                case "gridSpan" -> {
                    if (t != null && t.cell != null) t.cell.cols = span(val(x));
                }
                case "vMerge" -> {
                    if (t != null && t.cell != null) t.cell.merge(val(x));
                }
                case "gridBefore" -> {
                    if (t != null && t.row != null) t.row.before = Math.min(number(val(x), 0), MAX_SPAN);
                }
                case "t" -> inText = true;
                default -> {}
            }
        }

        private void end(XMLStreamReader x) {
            if (skipped > 0) {
                skipped--;
                return;
            }
            if (!ours(x)) return;
            switch (x.getLocalName()) {
                case "t" -> inText = false;
                case "tc" -> {
                    if (!open.isEmpty()) open.peek().endCell();
                }
                case "tbl" -> {
                    XmlTable t = open.poll();
                    if (t != null && open.isEmpty()) shapes.add(word ? t.wordShape() : t.slideShape());
                }
                default -> {}
            }
        }

        /** Elements of the vocabulary read: WordprocessingML for DOCX, DrawingML for PPTX. */
        private boolean ours(XMLStreamReader x) {
            String ns = x.getNamespaceURI();
            return ns != null && ns.contains(word ? "wordprocessingml" : "drawingml");
        }

        /** A DrawingML cell carries its span and merge flags as attributes. */
        private static void slideCell(XMLStreamReader x, XmlTable t) {
            t.cell.cols = span(x.getAttributeValue(null, "gridSpan"));
            t.cell.rows = span(x.getAttributeValue(null, "rowSpan"));
            t.cell.covered = flag(x.getAttributeValue(null, "hMerge")) || flag(x.getAttributeValue(null, "vMerge"));
        }

        /** WordprocessingML's {@code w:val}, whatever the prefix. */
        private static String val(XMLStreamReader x) {
            for (int i = 0; i < x.getAttributeCount(); i++) {
                if (x.getAttributeLocalName(i).equals("val")) return x.getAttributeValue(i);
            }
            return null;
        }

        private static boolean flag(String v) {
            return "1".equals(v) || "true".equals(v);
        }

        /** A span; an absurd one (over {@value #MAX_SPAN}) is ignored. */
        private static int span(String v) {
            int n = number(v, 1);
            return n > MAX_SPAN ? 1 : Math.max(1, n);
        }

        private static int number(String v, int otherwise) {
            try {
                return v == null ? otherwise : Math.max(0, Integer.parseInt(v.strip()));
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
    }
}
