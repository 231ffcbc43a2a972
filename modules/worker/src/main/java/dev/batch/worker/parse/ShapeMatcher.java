package dev.batch.worker.parse;

import dev.batch.worker.parse.CellGrid.Cell;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;

/**
 * Spans for the tables of a DOCX or PPTX: each table Tika wrote is recognised among the tables of the
 * package ({@link OoxmlTables}) by its shape (as many rows, as many cells in each) and its text (every
 * cell's letters and digits hold the XML cell's), the first such not taken yet; its cells then get the
 * XML's spans. A table not recognised, or whose covered cells hold text, keeps the cells Tika gave.
 */
final class ShapeMatcher implements TableLayouts {
    interface Reader {
        List<OoxmlTables.Shape> read(Path file) throws IOException, InvalidFormatException, XMLStreamException;
    }

    private final Path file;
    private final Reader reader;
    private List<OoxmlTables.Shape> shapes;
    private boolean[] taken;

    ShapeMatcher(Path file, Reader reader) {
        this.file = file;
        this.reader = reader;
    }

    @Override
    public List<List<Cell>> relayout(int index, List<List<Cell>> raw) {
        List<OoxmlTables.Shape> all = shapes();
        List<List<String>> keys = raw.stream()
                .map(row -> row.stream().map(c -> key(c.text())).toList())
                .toList();
        for (int i = 0; i < all.size(); i++) {
            if (taken[i] || !fits(all.get(i), keys)) continue;
            taken[i] = true;
            return all.get(i).spans() ? apply(all.get(i), raw) : raw;
        }
        return raw;
    }

    private List<OoxmlTables.Shape> shapes() {
        if (shapes == null) {
            try {
                shapes = reader.read(file);
            } catch (IOException | InvalidFormatException | XMLStreamException | RuntimeException e) {
                shapes = List.of(); // a package POI cannot read again: its tables keep Tika's cells
            }
            taken = new boolean[shapes.size()];
        }
        return shapes;
    }

    /** Whether the XML's table has as many rows and cells as Tika's, each Tika cell holding the XML cell's text. */
    private static boolean fits(OoxmlTables.Shape shape, List<List<String>> keys) {
        if (shape.rows().size() != keys.size()) return false;
        for (int r = 0; r < keys.size(); r++) {
            List<OoxmlTables.Cell> cells = shape.rows().get(r).cells();
            if (cells.size() != keys.get(r).size()) return false;
            for (int c = 0; c < cells.size(); c++) {
                if (!keys.get(r).get(c).contains(cells.get(c).key())) return false;
            }
        }
        return true;
    }

    /** The cells with the shape's spans: empty positions before a row's first cell, covered cells left out. */
    private static List<List<Cell>> apply(OoxmlTables.Shape shape, List<List<Cell>> raw) {
        List<List<Cell>> out = new ArrayList<>(raw.size());
        for (int r = 0; r < raw.size(); r++) {
            OoxmlTables.Row row = shape.rows().get(r);
            List<Cell> cells = new ArrayList<>();
            for (int k = 0; k < row.before(); k++) cells.add(Cell.of(""));
            for (int c = 0; c < row.cells().size(); c++) {
                OoxmlTables.Cell s = row.cells().get(c);
                String text = raw.get(r).get(c).text();
                if (!s.covered()) cells.add(new Cell(text, s.cols(), s.rows()));
                else if (!text.isBlank()) return raw; // a covered cell's text would be lost
            }
            out.add(cells);
        }
        return out;
    }

    /** The letters and digits of a text, as the XML's cell keys are. */
    private static String key(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) b.append(c);
        }
        return b.toString();
    }
}
