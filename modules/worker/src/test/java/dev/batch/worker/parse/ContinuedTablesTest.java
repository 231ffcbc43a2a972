package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.batch.testkit.Corpus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

/** {@code merge_continued_tables}: tables that go on over the next pages, as the parse result gives them. */
class ContinuedTablesTest {
    private static final String ON = "{\"parameters\": {\"merge_continued_tables\": true}}";
    private static final ObjectMapper SNAKE =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final List<String> HEADER = List.of("Region", "2019", "2020", "2021");
    private static final float[] COLUMNS = {72, 250, 330, 410};

    private final DocumentParser parser = new DocumentParser();

    @Test
    void mergesATableContinuedOnTheNextPageIntoTheTableOnItsFirstPage() throws Exception {
        ParsedDocument d =
                parse(new Report().table(1, 36).continued(37, 10).closing().bytes(), ON);

        Item.Table merged = tables(d, 0).get(0);
        List<List<String>> expected = new ArrayList<>(List.of(HEADER));
        for (int i = 1; i <= 46; i++) expected.add(row(i));
        assertThat(merged.rows())
                .as("the header repeated on page 2 is left out")
                .isEqualTo(expected);
        assertThat(merged.mergedFromPages()).containsExactly(1, 2);
        assertThat(merged.mergedIntoPage()).isNull();
        assertThat(merged.md().lines()).hasSize(48).endsWith("| Region 46 | 4,646 | 4,738 | 4,922 |");
        assertThat(merged.csv().lines()).hasSize(47).endsWith("Region 46,\"4,646\",\"4,738\",\"4,922\"");
        assertThat(merged.html()).startsWith("<table><tr><th>Region</th>").endsWith("<td>4,922</td></tr></table>");
        assertThat(count(merged.html(), "<th>Region</th>")).isEqualTo(1);

        Item.Table rest = tables(d, 1).get(0);
        assertThat(rest.rows()).isEmpty();
        assertThat(rest.mergedIntoPage()).isEqualTo(1);
        assertThat(rest.mergedFromPages()).isNull();
        assertThat(rest.bbox())
                .as("the continuation keeps its place on its page")
                .hasSize(1);

        ParsedDocument.Page second = d.pages().get(1);
        assertThat(second.markdown()).contains("These figures are unaudited").doesNotContain("Region 37", "|");
        assertThat(second.text()).doesNotContain("Region 37");
        assertThat(d.pages().get(0).markdown()).contains("| Region 46 | 4,646 |");

        JsonNode json = SNAKE.valueToTree(d.pages());
        assertThat(table(json, 0).get("merged_from_pages")).hasToString("[1,2]");
        assertThat(table(json, 0).has("merged_into_page")).isFalse();
        assertThat(table(json, 1).get("merged_into_page").asInt()).isEqualTo(1);
        assertThat(table(json, 1).get("rows")).isEmpty();
        assertThat(table(json, 1).has("columns")).isFalse();
    }

    @Test
    void leavesEveryTableOnItsPageWhenMergingIsOff() throws Exception {
        byte[] pdf = new Report().table(1, 36).continued(37, 10).closing().bytes();
        ParsedDocument off = parse(pdf, "{}");

        assertThat(tables(off, 0).get(0).rows()).hasSize(37);
        assertThat(tables(off, 1).get(0).rows()).hasSize(11).startsWith(HEADER, row(37));
        String json = SNAKE.writeValueAsString(off.pages());
        assertThat(json).doesNotContain("merged_from_pages", "merged_into_page", "columns");
        assertThat(off.pages().get(1).markdown()).contains("| Region 37 |");
        assertThat(SNAKE.writeValueAsString(parse(pdf, "{\"parameters\": {\"merge_continued_tables\": false}}")))
                .isEqualTo(SNAKE.writeValueAsString(off));
    }

    @Test
    void chainsATableOverThreePages() throws Exception {
        ParsedDocument d = parse(
                new Report()
                        .table(1, 36)
                        .continued(37, 40)
                        .continued(77, 5)
                        .closing()
                        .bytes(),
                ON);

        Item.Table merged = tables(d, 0).get(0);
        assertThat(merged.rows()).hasSize(82).endsWith(row(81));
        assertThat(merged.mergedFromPages()).containsExactly(1, 2, 3);
        assertThat(tables(d, 1).get(0).mergedIntoPage()).isEqualTo(1);
        assertThat(tables(d, 2).get(0).mergedIntoPage()).isEqualTo(1);
    }

    @Test
    void aParagraphAfterTheTableEndsIt() throws Exception {
        ParsedDocument d = parse(
                new Report()
                        .table(1, 34)
                        .prose(700, "Sales rose in every region, the north most of all.")
                        .continued(35, 10)
                        .closing()
                        .bytes(),
                ON);

        assertThat(tables(d, 0).get(0).mergedFromPages()).isNull();
        assertThat(tables(d, 1).get(0).rows()).hasSize(11);
    }

    @Test
    void tablesWhoseColumnsDoNotLineUpAreTwoTables() throws Exception {
        ParsedDocument d = parse(
                new Report()
                        .table(1, 36)
                        .nextPage()
                        .rows(new float[] {72, 150, 240, 410}, 120, 37, 10)
                        .closing()
                        .bytes(),
                ON);

        assertThat(tables(d, 0).get(0).mergedFromPages()).isNull();
        assertThat(tables(d, 1).get(0).mergedIntoPage()).isNull();
    }

    @Test
    void theFurtherColumnsOfATableTooWideForItsPageAreNotMoreRows() throws Exception {
        ParsedDocument d = parse(
                new Report()
                        .table(1, 36)
                        .nextPage()
                        .line(120, "Region", "2022", "2023", "2024")
                        .rows(COLUMNS, 136, 1, 36)
                        .bytes(),
                ON);

        assertThat(tables(d, 0).get(0).mergedFromPages()).isNull();
        assertThat(tables(d, 1).get(0).rows()).hasSize(37);
    }

    @Test
    void mergesTheBalanceSheetsOfAQuarterlyReportOverTheirPages() throws Exception {
        String file = "classify/financial_report/doc-517c394a000b.pdf";
        ParsedDocument off, on;
        try (InputStream in = Files.newInputStream(Corpus.file(file))) {
            off = parser.parse(in, file, ParseOptions.of("{}"));
        }
        try (InputStream in = Files.newInputStream(Corpus.file(file))) {
            on = parser.parse(in, file, ParseOptions.of(ON));
        }
        // The consolidated balance sheet runs from page 9 to the top of page 12, where the company's own begins.
        Item.Table sheet = tables(on, 8).get(0);
        assertThat(sheet.mergedFromPages()).containsExactly(9, 10, 11, 12);
        int rows = 0;
        for (int p = 8; p <= 11; p++) rows += tables(off, p).get(0).rows().size();
        assertThat(sheet.rows()).hasSize(rows);
        assertThat(sheet.rows().get(sheet.rows().size() - 1))
                .isEqualTo(lastRow(tables(off, 11).get(0)));
        for (int p = 9; p <= 11; p++)
            assertThat(tables(on, p).get(0).mergedIntoPage()).isEqualTo(9);
        assertThat(tables(on, 11).get(1).mergedFromPages()).containsExactly(12, 13, 14);
        assertThat(tables(on, 0)).isEmpty();
        assertThat(on.pages().get(0).markdown()).isEqualTo(off.pages().get(0).markdown());
    }

    private ParsedDocument parse(byte[] pdf, String config) throws Exception {
        return parser.parse(new ByteArrayInputStream(pdf), "report.pdf", ParseOptions.of(config));
    }

    private static List<Item.Table> tables(ParsedDocument d, int pageIndex) {
        return d.pages().get(pageIndex).items().stream()
                .filter(i -> i instanceof Item.Table)
                .map(i -> (Item.Table) i)
                .toList();
    }

    private static JsonNode table(JsonNode pages, int pageIndex) {
        for (JsonNode item : pages.get(pageIndex).get("items"))
            if (item.get("type").asText().equals("table")) return item;
        throw new AssertionError("no table on page " + (pageIndex + 1));
    }

    private static List<String> lastRow(Item.Table t) {
        return t.rows().get(t.rows().size() - 1);
    }

    private static int count(String s, String part) {
        return s.split(Pattern.quote(part), -1).length - 1;
    }

    private static List<String> row(int i) {
        return List.of(
                "Region " + i,
                String.format("%,d", i * 101),
                String.format("%,d", i * 103),
                String.format("%,d", i * 107));
    }

    /**
     * A report of letter pages, Helvetica 10 pt, places given from the page's top: a running header and a page
     * number on every page, a table of regions starting on the first under a title and a paragraph.
     */
    private static final class Report {
        private final PDDocument doc = new PDDocument();
        private final PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        private PDPageContentStream out;
        private float next;

        Report table(int first, int count) throws IOException {
            nextPage();
            line(90, "Sales by region");
            line(110, "The table below gives the sales of every region in thousands of dollars, year by year,");
            line(124, "as reported by the regional offices at the end of each year.");
            line(160, HEADER.toArray(String[]::new));
            return rows(COLUMNS, 176, first, count);
        }

        Report continued(int first, int count) throws IOException {
            nextPage();
            line(90, "Table 1 (continued)");
            line(120, HEADER.toArray(String[]::new));
            return rows(COLUMNS, 136, first, count);
        }

        Report closing() throws IOException {
            return prose(next + 30, "These figures are unaudited and may change.");
        }

        Report prose(float top, String text) throws IOException {
            return line(top, text);
        }

        Report nextPage() throws IOException {
            if (out != null) out.close();
            PDPage page = new PDPage(PDRectangle.LETTER);
            doc.addPage(page);
            out = new PDPageContentStream(doc, page);
            line(40, "Acme Corporation annual report 2021");
            text(300, 760, Integer.toString(doc.getNumberOfPages()));
            return this;
        }

        Report rows(float[] columns, float top, int first, int count) throws IOException {
            for (int i = 0; i < count; i++) {
                List<String> cells = row(first + i);
                for (int c = 0; c < cells.size(); c++) text(columns[c], top + 15 * i, cells.get(c));
            }
            next = top + 15 * count;
            return this;
        }

        /** One line: a single text at the left margin, or cells at the table's columns. */
        Report line(float top, String... cells) throws IOException {
            for (int c = 0; c < cells.length; c++) text(cells.length == 1 ? 72 : COLUMNS[c], top, cells[c]);
            return this;
        }

        private void text(float x, float top, String s) throws IOException {
            out.beginText();
            out.setFont(font, 10);
            out.newLineAtOffset(x, PDRectangle.LETTER.getHeight() - top);
            out.showText(s);
            out.endText();
        }

        byte[] bytes() throws IOException {
            out.close();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (doc) {
                doc.save(bytes);
            }
            return bytes.toByteArray();
        }
    }
}
