package dev.batch.worker.parse;

import dev.batch.worker.parse.CellGrid.Cell;
import java.io.IOException;
import java.util.List;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.mime.MediaType;

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

    /**
     * The layouts of a document of this type; its file is read when its first table ends (Tika keeps an
     * OOXML package in a file anyway, so asking for its path here copies nothing more).
     */
    static TableLayouts of(MediaType type, TikaInputStream in) {
        String sub = type.getSubtype();
        boolean macro = sub.contains("macroenabled") && !sub.contains("binary");
        try {
            if (sub.contains("wordprocessingml") || (sub.startsWith("vnd.ms-word.") && macro)) {
                return new ShapeMatcher(in.getPath(), OoxmlTables::word);
            }
            if (sub.contains("presentationml") || (sub.startsWith("vnd.ms-powerpoint.") && macro)) {
                return new ShapeMatcher(in.getPath(), OoxmlTables::slides);
            }
            if (sub.contains("spreadsheetml") || (sub.startsWith("vnd.ms-excel.") && macro)) {
                return new SheetMerges(in.getPath());
            }
        } catch (IOException e) {
            return NONE; // no file to read again: the tables keep the cells Tika gave
        }
        return NONE;
    }
}
