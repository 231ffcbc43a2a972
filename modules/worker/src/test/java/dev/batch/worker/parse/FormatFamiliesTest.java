package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.testkit.Corpus;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One real document of each format family reads to pages with the text we know is in it. */
class FormatFamiliesTest {
    private static final DocumentParser PARSER = new DocumentParser();

    @org.junit.jupiter.api.Test
    void makesACsvFileOneTable() throws Exception {
        ParsedDocument d;
        try (InputStream in = Files.newInputStream(Corpus.file("parse/csv/un__csv-with-escaped-commas.csv"))) {
            d = PARSER.parse(in, "escaped.csv", ParseOptions.of("{}"));
        }
        assertThat(d.pages()).hasSize(1);
        assertThat(d.pages().get(0).items()).singleElement().isInstanceOf(Item.Table.class);
        Item.Table table = (Item.Table) d.pages().get(0).items().get(0);
        assertThat(table.rows().stream().flatMap(List::stream)).anyMatch(cell -> cell.contains(","));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            parse/doc/un__simple.doc                               | 1 | This is my first thought.
            parse/xls/un__tests-example.xls                        | 3 | What is 2+2?
            parse/odt/tika__LibreOfficeWriter_odt_1.3.odt          | 1 | This is an example document
            parse/ods/tika__LibreOfficeCalc_ods_1.3.ods            | 1 | This is an example spreadsheet
            parse/odp/tika__LibreOfficeImpress_odp_1.3.odp         | 1 | An example Impress fil
            parse/rtf/tika__testRTF.rtf                            | 1 | Test d’indexation Word
            parse/epub/tika__testEPUB.epub                         | 1 | This is the text for chapter One
            parse/eml/un__fake-email.eml                           | 1 | This is a test email to use for unit tests.
            parse/msg/tika__testMSG.msg                            | 1 | MIME registry use cases
            parse/txt/tika__russian.cp866.txt                      | 1 | Однажды, в студеную зимнюю пору
            parse/csv/tika__testCSV.csv                            | 1 | Number Square
            parse/md/un__simple-table.md                           | 1 | Juicy Apples
            """)
    void readsEachFormatFamily(String file, int minPages, String expected) throws Exception {
        ParsedDocument d;
        try (InputStream in = Files.newInputStream(Corpus.file(file))) {
            d = PARSER.parse(in, file.substring(file.lastIndexOf('/') + 1), ParseOptions.of("{}"));
        }
        assertThat(d.pages().size()).isGreaterThanOrEqualTo(minPages);
        assertThat(d.textFull()).isNotBlank();
        assertThat(d.textFull()).contains(expected);
    }
}
