package dev.batch.worker.parse;

import dev.batch.worker.parse.CellGrid.Cell;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.eventusermodel.XSSFReader;

/**
 * Spans for the sheets of an XLSX: its merged regions ({@code mergeCell}). Tika writes the n-th sheet
 * as the document's n-th table, a {@code tr} for each {@code row} element of the sheet (rows absent
 * from the XML are not written) and a {@code td} for each column from A up to the row's last value.
 * A region is laid on the rows written within it; a sheet whose table does not have as many rows as
 * the sheet has {@code row} elements keeps the cells Tika gave.
 */
final class SheetMerges implements TableLayouts {
    private static final int MAX_ROWS = 10_000_000;

    /** A sheet's {@code row} numbers in order (0-based), and its merged regions. */
    record Sheet(int[] rows, List<CellRangeAddress> merges) {}

    private final Path file;
    private List<Sheet> sheets;

    SheetMerges(Path file) {
        this.file = file;
    }

    @Override
    public List<List<Cell>> relayout(int index, List<List<Cell>> raw) {
        if (sheets == null) sheets = read(file);
        if (index >= sheets.size()) return raw;
        Sheet sheet = sheets.get(index);
        if (sheet.merges().isEmpty() || sheet.rows().length != raw.size()) return raw;
        return new MergedSheet(sheet.rows(), raw).apply(sheet.merges());
    }

    static List<Sheet> read(Path file) {
        List<Sheet> sheets = new ArrayList<>();
        try {
            OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
            try {
                XSSFReader.SheetIterator it = new XSSFReader(pkg, true).getSheetIterator();
                while (it.hasNext()) {
                    try (InputStream in = it.next()) {
                        sheets.add(sheet(in));
                    }
                }
            } finally {
                pkg.revert();
            }
        } catch (IOException | OpenXML4JException | XMLStreamException | RuntimeException e) {
            return List.of(); // a workbook POI cannot read again: its sheets keep Tika's cells
        }
        return sheets;
    }

    private static Sheet sheet(InputStream in) throws XMLStreamException {
        XMLStreamReader x = OoxmlTables.xmlInput().createXMLStreamReader(in);
        int[] rows = new int[64];
        int n = 0;
        List<CellRangeAddress> merges = new ArrayList<>();
        try {
            while (x.hasNext() && n < MAX_ROWS) {
                if (x.next() != XMLStreamConstants.START_ELEMENT) continue;
                if (x.getLocalName().equals("row")) {
                    String r = x.getAttributeValue(null, "r");
                    if (n == rows.length) rows = Arrays.copyOf(rows, n * 2);
                    rows[n] = r == null ? (n == 0 ? 0 : rows[n - 1] + 1) : Integer.parseInt(r.strip()) - 1;
                    n++;
                } else if (x.getLocalName().equals("mergeCell")) {
                    String ref = x.getAttributeValue(null, "ref");
                    if (ref != null && ref.contains(":")) merges.add(CellRangeAddress.valueOf(ref.strip()));
                }
            }
        } finally {
            x.close();
        }
        return new Sheet(Arrays.copyOf(rows, n), merges);
    }
}
