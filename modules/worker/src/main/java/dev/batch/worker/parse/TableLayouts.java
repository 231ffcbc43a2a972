package dev.batch.worker.parse;

import dev.batch.worker.parse.CellGrid.Cell;
import java.util.List;

/**
 * Where a format keeps its merged cells outside Tika's XHTML (Tika writes one {@code td} per cell of a
 * DOCX, PPTX or XLSX table, without its span): gives each outermost table's cells their spans, read
 * from the document itself. HTML, ODT and ODS need none: their XHTML carries {@code colspan} and
 * {@code rowspan}.
 */
interface TableLayouts {
    TableLayouts NONE = (index, raw) -> raw;

    /**
     * The cells of the {@code index}-th outermost table of the document (counted from 0) as the
     * XHTML gave them, with their spans; covered cells left out, as in HTML. When the document does
     * not say, or its table is not the one read, {@code raw} unchanged.
     */
    List<List<Cell>> relayout(int index, List<List<Cell>> raw);
}
