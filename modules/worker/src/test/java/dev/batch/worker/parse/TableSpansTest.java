package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Tables whose XHTML carries their spans (HTML, ODT) keep them; covered positions are empty in every rendering. */
class TableSpansTest {
    private final DocumentParser parser = new DocumentParser();

    private ParsedDocument parse(byte[] bytes, String name) throws Exception {
        return parser.parse(new ByteArrayInputStream(bytes), name, ParseOptions.of("{}"));
    }

    private List<Item.Table> tables(byte[] bytes, String name) throws Exception {
        return parse(bytes, name).pages().stream()
                .flatMap(p -> p.items().stream())
                .filter(i -> i instanceof Item.Table)
                .map(i -> (Item.Table) i)
                .toList();
    }

    private List<Item.Table> html(String table) throws Exception {
        return tables(("<html><body>" + table + "</body></html>").getBytes(StandardCharsets.UTF_8), "t.html");
    }

    @Test
    void keepsHtmlSpansAndPutsTheCellsAfterARowspanInTheirColumns() throws Exception {
        Item.Table t = html("<table><tr><th rowspan=\"2\">Region</th><th colspan=\"2\">2012</th><th>Note</th></tr>"
                        + "<tr><td>Q1</td><td>Q2</td><td>n</td></tr>"
                        + "<tr><td>North</td><td>1</td><td>2</td><td>x</td></tr></table>")
                .get(0);

        assertThat(t.rows())
                .containsExactly(
                        List.of("Region", "2012", "", "Note"),
                        List.of("", "Q1", "Q2", "n"),
                        List.of("North", "1", "2", "x"));
        assertThat(t.spans()).containsExactly(new Item.Span(0, 0, 2, 1), new Item.Span(0, 1, 1, 2));
        assertThat(t.html())
                .isEqualTo("<table><tr><th rowspan=\"2\">Region</th><th colspan=\"2\">2012</th><th>Note</th></tr>"
                        + "<tr><td>Q1</td><td>Q2</td><td>n</td></tr>"
                        + "<tr><td>North</td><td>1</td><td>2</td><td>x</td></tr></table>");
    }

    @Test
    void padsEveryRowToTheTablesWidth() throws Exception {
        Item.Table t = html("<table><tr><td>a</td></tr><tr><td>b</td><td>c</td><td>d</td></tr></table>")
                .get(0);

        assertThat(t.rows()).containsExactly(List.of("a", "", ""), List.of("b", "c", "d"));
        assertThat(t.spans()).isEmpty();
    }

    @Test
    void ignoresAbsurdSpansAndClampsTheOthersToTheTable() throws Exception {
        Item.Table t = html("<table><tr><th colspan=\"100\">Title</th></tr>"
                        + "<tr><td colspan=\"5000\">a</td><td rowspan=\"9\">b</td><td>c</td></tr>"
                        + "<tr><td>d</td><td>e</td></tr></table>")
                .get(0);

        assertThat(t.rows()).containsExactly(List.of("Title", "", ""), List.of("a", "b", "c"), List.of("d", "", "e"));
        assertThat(t.spans()).containsExactly(new Item.Span(0, 0, 1, 3), new Item.Span(1, 1, 2, 1));
    }

    @Test
    void readsARowspanOfZeroAsReachingTheLastRow() throws Exception {
        Item.Table t = html("<table><tr><td rowspan=\"0\">side</td><td>1</td></tr>"
                        + "<tr><td>2</td></tr><tr><td>3</td></tr></table>")
                .get(0);

        assertThat(t.rows()).containsExactly(List.of("side", "1"), List.of("", "2"), List.of("", "3"));
        assertThat(t.spans()).containsExactly(new Item.Span(0, 0, 3, 1));
    }

    @Test
    void keepsTheSpansAnOdtTableCarries() throws Exception {
        String table = "<table:table table:name=\"T\"><table:table-column table:number-columns-repeated=\"3\"/>"
                + "<table:table-row><table:table-cell table:number-rows-spanned=\"2\"><text:p>Region</text:p></table:table-cell>"
                + "<table:table-cell table:number-columns-spanned=\"2\"><text:p>2012</text:p></table:table-cell>"
                + "<table:covered-table-cell/></table:table-row>"
                + "<table:table-row><table:covered-table-cell/><table:table-cell><text:p>Q1</text:p></table:table-cell>"
                + "<table:table-cell><text:p>Q2</text:p></table:table-cell></table:table-row>"
                + "<table:table-row><table:table-cell><text:p>North</text:p></table:table-cell>"
                + "<table:table-cell><text:p>1</text:p></table:table-cell>"
                + "<table:table-cell><text:p>2</text:p></table:table-cell></table:table-row></table:table>";

        Item.Table t = tables(odt(table), "t.odt").get(0);

        assertThat(t.rows())
                .containsExactly(List.of("Region", "2012", ""), List.of("", "Q1", "Q2"), List.of("North", "1", "2"));
        assertThat(t.spans()).containsExactly(new Item.Span(0, 0, 2, 1), new Item.Span(0, 1, 1, 2));
    }

    @Test
    void leavesCoveredPositionsEmptyInMarkdownCsvAndText() throws Exception {
        ParsedDocument d = parse(
                ("<html><body><table><tr><th rowspan=\"2\">Region</th><th colspan=\"2\">2012</th></tr>"
                                + "<tr><td>Q1</td><td>Q2</td></tr><tr><td>North</td><td>1</td><td>2</td></tr>"
                                + "</table></body></html>")
                        .getBytes(StandardCharsets.UTF_8),
                "t.html");
        Item.Table t = (Item.Table) d.pages().get(0).items().get(0);

        assertThat(t.md()).isEqualTo("| Region | 2012 |  |\n| --- | --- | --- |\n|  | Q1 | Q2 |\n| North | 1 | 2 |");
        assertThat(t.csv()).isEqualTo("Region,2012,\n,Q1,Q2\nNorth,1,2\n");
        assertThat(d.pages().get(0).text()).isEqualTo("Region 2012\nQ1 Q2\nNorth 1 2");
    }

    /** A minimal OpenDocument text holding {@code table}. */
    private static byte[] odt(String table) throws Exception {
        String content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content"
                + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                + " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
                + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
                + "<office:body><office:text>" + table + "</office:text></office:body></office:document-content>";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            byte[] type = "application/vnd.oasis.opendocument.text".getBytes(StandardCharsets.US_ASCII);
            ZipEntry mimetype = new ZipEntry("mimetype");
            mimetype.setMethod(ZipEntry.STORED);
            mimetype.setSize(type.length);
            CRC32 crc = new CRC32();
            crc.update(type);
            mimetype.setCrc(crc.getValue());
            zip.putNextEntry(mimetype);
            zip.write(type);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("content.xml"));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
