package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.testkit.Corpus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.wp.usermodel.HeaderFooterType;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFTable;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STMerge;

/**
 * DOCX, XLSX and PPTX tables keep their merged cells, which Tika's XHTML leaves out: read back from
 * the package (documents made here with POI, and real ones from the corpus).
 */
class OfficeTableSpansTest {
    private static final List<List<String>> REGIONS =
            List.of(List.of("Region", "2012", ""), List.of("", "Q1", "Q2"), List.of("North", "1", "2"));
    private static final List<Item.Span> REGION_SPANS = List.of(new Item.Span(0, 0, 2, 1), new Item.Span(0, 1, 1, 2));

    private final DocumentParser parser = new DocumentParser();

    private List<Item.Table> tables(InputStream in, String name) throws Exception {
        return parser.parse(in, name, ParseOptions.of("{}")).pages().stream()
                .flatMap(p -> p.items().stream())
                .filter(i -> i instanceof Item.Table)
                .map(i -> (Item.Table) i)
                .toList();
    }

    private List<Item.Table> tables(byte[] bytes, String name) throws Exception {
        return tables(new ByteArrayInputStream(bytes), name);
    }

    private List<Item.Table> corpus(String file) throws Exception {
        try (InputStream in = Files.newInputStream(Corpus.file(file))) {
            return tables(in, file);
        }
    }

    @Test
    void readsTheGridSpanAndVerticalMergeOfAWordTable() throws Exception {
        Item.Table t = tables(wordTable("", false), "t.docx").get(0);

        assertThat(t.rows()).isEqualTo(REGIONS);
        assertThat(t.spans()).isEqualTo(REGION_SPANS);
        assertThat(t.html()).startsWith("<table><tr><th rowspan=\"2\">Region</th><th colspan=\"2\">2012</th></tr>");
    }

    @Test
    void keepsTikasCellsWhenAMergedAwayWordCellHoldsText() throws Exception {
        Item.Table t = tables(wordTable("hidden", false), "t.docx").get(0);

        assertThat(t.spans()).isEmpty();
        assertThat(t.rows().get(1)).containsExactly("hidden", "Q1", "Q2");
    }

    @Test
    void recognisesEachWordTableByItsTextAmongTablesOfTheSameShape() throws Exception {
        List<Item.Table> tables = tables(wordTable("", true), "t.docx");

        assertThat(tables).hasSize(2);
        assertThat(tables.get(0).rows())
                .containsExactly(List.of("Head", "", "Side"), List.of("c", "d", ""), List.of("e", "f", "g"));
        assertThat(tables.get(0).spans()).containsExactly(new Item.Span(0, 0, 1, 2), new Item.Span(0, 2, 2, 1));
        assertThat(tables.get(1).rows()).isEqualTo(REGIONS);
        assertThat(tables.get(1).spans()).isEqualTo(REGION_SPANS);
    }

    @Test
    void laysOutTheRaggedAndMergedTablesOfARealWordDocument() throws Exception {
        List<Item.Table> tables = corpus("parse/docx/un__tables-with-incomplete-rows.docx");

        assertThat(tables).hasSize(6);
        assertThat(tables)
                .allSatisfy(t -> assertThat(t.rows())
                        .allSatisfy(
                                row -> assertThat(row).hasSize(t.rows().get(0).size())));
        assertThat(tables.get(4).rows())
                .containsExactly(
                        List.of("a", "", "b", "c"),
                        List.of("", "d", "", ""),
                        List.of("e", "", "", "f"),
                        List.of("", "", "", ""));
        assertThat(tables.get(4).spans()).containsExactly(new Item.Span(0, 0, 1, 2), new Item.Span(1, 1, 3, 2));
    }

    @Test
    void keepsANestedWordTableAsItsCellsText() throws Exception {
        List<Item.Table> tables = corpus("parse/docx/un__docx-tables.docx");

        assertThat(tables.get(1).rows().get(1)).containsExactly("d", "e f\ng&t h", "i");
        assertThat(tables.get(2).rows())
                .containsExactly(List.of("a", "b", ""), List.of("", "c", "d"), List.of("e", "", ""));
        assertThat(tables.get(2).spans())
                .containsExactly(
                        new Item.Span(0, 0, 2, 1),
                        new Item.Span(0, 1, 1, 2),
                        new Item.Span(1, 2, 2, 1),
                        new Item.Span(2, 0, 1, 2));
    }

    @Test
    void laysMergedRegionsOnTheRowsASheetHas() throws Exception {
        XSSFWorkbook book = new XSSFWorkbook();
        XSSFSheet sheet = book.createSheet("Sales");
        // rows 0-1 and 5 are absent from the sheet's XML, row 4 is there without a value
        sheet.createRow(2).createCell(1).setCellValue("Region");
        sheet.getRow(2).createCell(2).setCellValue("2012");
        sheet.createRow(3).createCell(2).setCellValue("Q1");
        sheet.getRow(3).createCell(3).setCellValue("Q2");
        sheet.createRow(4);
        sheet.createRow(6).createCell(1).setCellValue("North");
        sheet.getRow(6).createCell(2).setCellValue(1);
        sheet.addMergedRegion(new CellRangeAddress(2, 3, 1, 1));
        sheet.addMergedRegion(new CellRangeAddress(2, 2, 2, 3));
        sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, 5)); // on rows the sheet does not have

        Item.Table t = tables(bytes(book), "t.xlsx").get(0);

        assertThat(t.rows())
                .containsExactly(
                        List.of("", "Region", "2012", ""), List.of("", "", "Q1", "Q2"), List.of("", "North", "1", ""));
        assertThat(t.spans()).containsExactly(new Item.Span(0, 1, 2, 1), new Item.Span(0, 2, 1, 2));
    }

    @Test
    void keepsTikasCellsWhenAMergedAwaySheetCellHoldsAValue() throws Exception {
        XSSFWorkbook book = new XSSFWorkbook();
        XSSFSheet sheet = book.createSheet("S");
        sheet.createRow(0).createCell(0).setCellValue("Title");
        sheet.getRow(0).createCell(1).setCellValue("hidden");
        sheet.createRow(1).createCell(0).setCellValue("a");
        sheet.getRow(1).createCell(1).setCellValue("b");
        sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, 1));

        Item.Table t = tables(bytes(book), "t.xlsx").get(0);

        assertThat(t.spans()).isEmpty();
        assertThat(t.rows()).containsExactly(List.of("Title", "hidden"), List.of("a", "b"));
    }

    @Test
    void readsTheMergedTitleOfEachSheetOfARealWorkbook() throws Exception {
        List<Item.Table> tables = corpus("parse/xlsx/un__stanley-cups.xlsx");

        assertThat(tables).hasSize(2);
        assertThat(tables.get(0).rows().get(0)).containsExactly("Stanley Cups", "", "");
        assertThat(tables.get(0).rows().get(1)).containsExactly("Team", "Location", "Stanley Cups");
        assertThat(tables.get(0).html()).startsWith("<table><tr><th colspan=\"3\">Stanley Cups</th></tr>");
        assertThat(tables.get(1).spans()).containsExactly(new Item.Span(0, 0, 1, 3));
    }

    @Test
    void readsTheMergedCellsOfASlideTable() throws Exception {
        XMLSlideShow show = new XMLSlideShow();
        XSLFTable table = show.createSlide().createTable(3, 3);
        String[][] text = {{"Region", "2012", ""}, {"", "Q1", "Q2"}, {"North", "1", "2"}};
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++) table.getCell(r, c).setText(text[r][c]);
        table.mergeCells(0, 1, 0, 0);
        table.mergeCells(0, 0, 1, 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        show.write(out);

        Item.Table t = tables(out.toByteArray(), "t.pptx").get(0);

        assertThat(t.rows()).isEqualTo(REGIONS);
        assertThat(t.spans()).isEqualTo(REGION_SPANS);
    }

    @Test
    void givesNoSpansWhenThePackageCannotBeReadAgain(@TempDir Path dir) throws Exception {
        Path notAZip = Files.writeString(dir.resolve("t.docx"), "not a package");
        List<List<CellGrid.Cell>> raw = List.of(List.of(CellGrid.Cell.of("a")));

        assertThat(new ShapeMatcher(notAZip, OoxmlTables::word).relayout(0, raw))
                .isSameAs(raw);
        assertThat(new SheetMerges(notAZip).relayout(0, raw)).isSameAs(raw);
    }

    /**
     * A document with the regions table: "Region" merged down two rows (its merged-away cell holding
     * {@code covered}), "2012" across two columns; when asked, a page header with a table of as many
     * cells in each row, merged elsewhere ("Head" across two columns, "Side" down two rows).
     */
    private static byte[] wordTable(String covered, boolean withHeaderTable) throws Exception {
        XWPFDocument doc = new XWPFDocument();
        if (withHeaderTable) {
            XWPFTable h = doc.createHeader(HeaderFooterType.DEFAULT).createTable(3, 3);
            fill(h, new String[][] {{"Head", "", "Side"}, {"c", "d", ""}, {"e", "f", "g"}});
            h.getRow(0).getCell(0).getCTTc().addNewTcPr().addNewGridSpan().setVal(BigInteger.TWO);
            h.getRow(0).removeCell(1);
            h.getRow(0).getCell(1).getCTTc().addNewTcPr().addNewVMerge().setVal(STMerge.RESTART);
            h.getRow(1).getCell(2).getCTTc().addNewTcPr().addNewVMerge();
        }
        XWPFTable t = doc.createTable(3, 3);
        fill(t, new String[][] {{"Region", "2012", ""}, {covered, "Q1", "Q2"}, {"North", "1", "2"}});
        t.getRow(0).getCell(1).getCTTc().addNewTcPr().addNewGridSpan().setVal(BigInteger.TWO);
        t.getRow(0).removeCell(2);
        t.getRow(0).getCell(0).getCTTc().addNewTcPr().addNewVMerge().setVal(STMerge.RESTART);
        t.getRow(1).getCell(0).getCTTc().addNewTcPr().addNewVMerge();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.write(out);
        return out.toByteArray();
    }

    private static void fill(XWPFTable t, String[][] text) {
        for (int r = 0; r < text.length; r++) {
            for (int c = 0; c < text[r].length; c++) {
                XWPFTableCell cell = t.getRow(r).getCell(c);
                if (!text[r][c].isEmpty()) cell.setText(text[r][c]);
            }
        }
    }

    private static byte[] bytes(XSSFWorkbook book) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        book.write(out);
        return out.toByteArray();
    }
}
