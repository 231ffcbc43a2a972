package dev.batch.tools.bench;

import dev.batch.tools.bench.AdjacencyRelations.Cell;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The tables of an ICDAR 2013 structure ground truth ({@code <name>-str.xml}): one grid of cells per
 * {@code <region>} (a table continued on the next page has a region per page).
 */
final class IcdarTruth {
    private IcdarTruth() {}

    static List<List<Cell>> read(Path strXml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            NodeList regions =
                    factory.newDocumentBuilder().parse(strXml.toFile()).getElementsByTagName("region");
            List<List<Cell>> tables = new ArrayList<>();
            for (int i = 0; i < regions.getLength(); i++) tables.add(cells((Element) regions.item(i)));
            return tables;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read " + strXml + ": " + e.getMessage(), e);
        }
    }

    private static List<Cell> cells(Element region) {
        NodeList nodes = region.getElementsByTagName("cell");
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element cell = (Element) nodes.item(i);
            int row = Integer.parseInt(cell.getAttribute("start-row"));
            int col = Integer.parseInt(cell.getAttribute("start-col"));
            NodeList content = cell.getElementsByTagName("content");
            String text = content.getLength() == 0 ? "" : content.item(0).getTextContent();
            cells.add(new Cell(text, row, end(cell, "end-row", row), col, end(cell, "end-col", col)));
        }
        // A region continuing a table counts its rows from the table's (row-increment): its header may sit at -1.
        int firstRow = Math.min(0, cells.stream().mapToInt(Cell::row).min().orElse(0));
        int firstCol = Math.min(0, cells.stream().mapToInt(Cell::col).min().orElse(0));
        return cells.stream()
                .map(c -> new Cell(
                        c.text(),
                        c.row() - firstRow,
                        c.lastRow() - firstRow,
                        c.col() - firstCol,
                        c.lastCol() - firstCol))
                .toList();
    }

    private static int end(Element cell, String name, int start) {
        String v = cell.getAttribute(name);
        return v.isBlank() ? start : Integer.parseInt(v);
    }

    /**
     * The table as a {@code rows} matrix that writes a span once, in its first row and column, and leaves the
     * positions it covers empty: what the measure can give such a matrix at best.
     */
    static List<List<String>> asRows(List<Cell> cells) {
        int rows = cells.stream().mapToInt(Cell::lastRow).max().orElse(-1) + 1;
        int cols = cells.stream().mapToInt(Cell::lastCol).max().orElse(-1) + 1;
        List<List<String>> matrix = new ArrayList<>();
        for (int r = 0; r < rows; r++) matrix.add(new ArrayList<>(Collections.nCopies(cols, "")));
        for (Cell c : cells) matrix.get(c.row()).set(c.col(), c.text());
        return matrix;
    }
}
