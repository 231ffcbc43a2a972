package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batch.testkit.Corpus;
import dev.batch.testkit.RequiredTools;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.CompositeParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.csv.TextAndCSVParser;
import org.apache.tika.parser.html.JSoupParser;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Real documents from the shared corpus, through the structure-building parser. */
class DocumentParserTest {
    private final DocumentParser parser = new DocumentParser();

    private ParsedDocument parse(String file, String config) throws Exception {
        try (InputStream in = Files.newInputStream(Corpus.file(file))) {
            return parser.parse(in, file, ParseOptions.of(config));
        }
    }

    private static List<Item> items(ParsedDocument d) {
        return d.pages().stream().flatMap(p -> p.items().stream()).toList();
    }

    @Test
    void resolvesEveryTypeOnceToTheParserTikaPicksForIt() {
        ParseContext config = DocumentParser.context();
        Map<MediaType, Parser> resolved =
                new DocumentParser.ResolvedOnce(new DefaultDetector(), config).getParsers(config);
        // Tika's own answer, worked out on every document: the type's parser in DefaultParser.
        Map<MediaType, Parser> tika = new AutoDetectParser().getParsers(config);
        assertThat(resolved.keySet()).isEqualTo(tika.keySet());
        tika.forEach((type, p) -> {
            Parser leaf = p instanceof CompositeParser c ? c.getParsers(config).get(type) : p;
            assertThat(resolved.get(type).getClass()).as(type.toString()).isEqualTo(leaf.getClass());
        });
        assertThat(resolved.get(MediaType.TEXT_PLAIN)).isInstanceOf(TextAndCSVParser.class);
        assertThat(resolved.get(MediaType.TEXT_HTML)).isInstanceOf(JSoupParser.class);
    }

    @Test
    void readsATxtFileThatLooksLikeCommaSeparatedValuesAsText() throws Exception {
        byte[] bytes = "name,amount,date\nalpha,12,2026-01-01\nbeta,7,2026-01-02\n".getBytes(StandardCharsets.UTF_8);
        ParsedDocument d = parser.parse(new ByteArrayInputStream(bytes), "numbers.txt", ParseOptions.of("{}"));
        assertThat(items(d)).hasSize(1).allMatch(i -> i instanceof Item.Text);
        assertThat(d.textFull()).contains("alpha,12,2026-01-01");
        assertThat(d.metadata())
                .containsEntry("Content-Type", "text/plain; charset=ISO-8859-1")
                .doesNotContainKey("Content-Type-Override");
    }

    @Test
    void readsAPdfPageByPageWithItsPageSizesAndABoxAroundEveryParagraph() throws Exception {
        ParsedDocument d = parse("parse/pdf/arxiv-2201.00200.pdf", "{}");
        assertThat(d.pages()).hasSize(7);
        assertThat(d.pages()).extracting(ParsedDocument.Page::pageNumber).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(d.pages().get(0).text()).contains("Local heating due to convective overshooting");
        assertThat(d.textFull()).contains("\n---\n");
        assertThat(d.metadata()).containsKey("Content-Type");
        // geometry: the page's size, and a box around every paragraph inside it
        ParsedDocument.Page first = d.pages().get(0);
        assertThat(first.pageWidth()).isCloseTo(595.3f, Offset.offset(0.1f)); // A4
        assertThat(first.pageHeight()).isCloseTo(841.9f, Offset.offset(0.1f));
        assertThat(first.items()).allSatisfy(i -> {
            List<Item.BBox> box = i instanceof Item.Text t ? t.bbox() : i instanceof Item.Heading h ? h.bbox() : null;
            assertThat(box).as(i.md()).isNotNull().hasSize(1);
            assertThat(box.get(0).x()).isBetween(0f, first.pageWidth());
            assertThat(box.get(0).y()).isBetween(0f, first.pageHeight());
            assertThat(box.get(0).x() + box.get(0).w()).isLessThanOrEqualTo(first.pageWidth());
        });
    }

    @Test
    void findsTheTablesOfAFinancialFilingAndNoneInProse() throws Exception {
        ParsedDocument filing = parse("parse/pdf/sec10q-2022_Q3_AAPL.pdf", "{}");
        List<Item.Table> tables = items(filing).stream()
                .filter(i -> i instanceof Item.Table)
                .map(i -> (Item.Table) i)
                .toList();
        assertThat(tables).hasSizeGreaterThan(10);
        assertThat(tables)
                .anySatisfy(t -> assertThat(t.rows()).anySatisfy(row -> {
                    assertThat(row.get(0)).isEqualTo("Total net sales");
                    assertThat(row).contains("82,959");
                }));
        assertThat(tables.get(0).md()).contains("| --- |");
        for (String prose : List.of("parse/pdf/arxiv-2201.00200.pdf", "parse/pdf/arxiv-1601.03642.pdf")) {
            assertThat(items(parse(prose, "{}"))).as(prose).noneMatch(i -> i instanceof Item.Table);
        }
        // a paper's tables without a ruling line are found, and its two-column references are not one
        List<Item.Table> paper = items(parse("parse/pdf/arxiv-2201.00029.pdf", "{}")).stream()
                .filter(i -> i instanceof Item.Table)
                .map(i -> (Item.Table) i)
                .toList();
        assertThat(paper)
                .anySatisfy(
                        t -> assertThat(t.rows()).contains(List.of("Q7 Re-bin 1", "5.886", "-1.477", "1.966", "12.8")));
        assertThat(paper).allSatisfy(t -> assertThat(t.plain()).doesNotContain("Astrophysical Journal"));
    }

    @Test
    void honoursTargetPagesMaxPagesAndThePageSeparatorTemplate() throws Exception {
        ParsedDocument some = parse(
                "parse/pdf/arxiv-2201.00200.pdf",
                "{\"parameters\": {\"target_pages\": \"0,2-4\", \"max_pages\": 3, \"page_separator\": \"\\n=== page {page_number} ===\\n\","
                        + " \"page_prefix\": \"<{page_number}>\", \"page_suffix\": \"</{page_number}>\"}}");
        assertThat(some.pages()).extracting(ParsedDocument.Page::pageNumber).containsExactly(1, 3, 4);
        assertThat(some.totalPages()).isEqualTo(7);
        assertThat(some.textFull())
                .startsWith("<1>")
                .contains("</1>\n=== page 3 ===\n<3>")
                .endsWith("</4>");
    }

    @Test
    void hidesRunningHeadersAndPageNumbersWhenAsked() throws Exception {
        String header = "Baraffe et al.: Local heating due to convective overshooting and the solar modelling problem";
        ParsedDocument plain = parse("parse/pdf/arxiv-2201.00200.pdf", "{}");
        assertThat(plain.pages().get(1).text()).startsWith(header);
        ParsedDocument hidden = parse(
                "parse/pdf/arxiv-2201.00200.pdf", "{\"parameters\": {\"hide_headers\": true, \"hide_footers\": true}}");
        assertThat(hidden.pages().subList(1, 7))
                .allSatisfy(p -> assertThat(p.text()).doesNotStartWith(header));
        assertThat(hidden.pages().get(1).text().strip()).doesNotEndWith("\n2");
        assertThat(hidden.textFull())
                .contains("Local heating due to convective overshooting and the solar"); // the title stays
    }

    @Test
    void writesTablesAsHtmlInTheMarkdownWhenAsked() throws Exception {
        ParsedDocument d =
                parse("parse/xlsx/tika__testEXCEL.xlsx", "{\"parameters\": {\"output_tables_as_HTML\": true}}");
        assertThat(d.pages().get(0).markdown()).contains("<table><tr><th>").doesNotContain("| --- |");
    }

    @Test
    void makesHeadingsListsAndTablesOfAWordDocument() throws Exception {
        ParsedDocument d = parse("parse/docx/tika__testWORD_various.docx", "{}");
        List<Item> items = items(d);
        assertThat(items)
                .filteredOn(i -> i instanceof Item.ListItem)
                .extracting(Item::md)
                .contains(
                        "- Bullet 1\n- Bullet 2\n- Bullet 3",
                        "1. Number bullet 1\n2. Number bullet 2\n3. Number bullet 3");
        assertThat(items).filteredOn(i -> i instanceof Item.Table).isNotEmpty();
        Item.Table table = (Item.Table)
                items.stream().filter(i -> i instanceof Item.Table).findFirst().orElseThrow();
        assertThat(table.md()).startsWith("|").contains("| --- |");
        assertThat(table.html()).startsWith("<table><tr><th>");
        assertThat(table.csv()).isNotBlank();
        assertThat(table.rows()).isNotEmpty();
    }

    @Test
    void takesAWordDocumentsHeadingsAndTheirLevelsFromItsStyles() throws Exception {
        ParsedDocument d = parse("parse/docx/un__category-level.docx", "{}");
        assertThat(items(d))
                .filteredOn(i -> i instanceof Item.Heading)
                .containsExactly(
                        new Item.Heading(1, "A Heading 1"),
                        new Item.Heading(2, "A Heading 2"),
                        new Item.Heading(1, "Another Heading 1"));
    }

    @Test
    void makesOnePagePerSheetAndATablePerSheet() throws Exception {
        ParsedDocument d = parse("parse/xlsx/tika__testEXCEL.xlsx", "{}");
        assertThat(d.pages()).hasSize(3);
        assertThat(d.pages().get(0).items()).first().isEqualTo(new Item.Heading(1, "Feuil1"));
        Item.Table table = (Item.Table) d.pages().get(0).items().get(1);
        assertThat(table.rows().get(1)).contains("Number", "Square");
        assertThat(table.csv()).contains(",Number,Square");
    }

    @Test
    void makesOnePagePerSlide() throws Exception {
        ParsedDocument d = parse("parse/pptx/tika__testPPT.pptx", "{}");
        assertThat(d.pages()).hasSize(3);
        assertThat(d.pages().get(0).text()).contains("Attachment Test");
    }

    @Test
    void keepsHeadingsAndLinksOfHtml() throws Exception {
        ParsedDocument d = parse("parse/html/tika__testHTML.html", "{}");
        assertThat(items(d))
                .contains(
                        new Item.Heading(1, "Test Indexation Html"),
                        new Item.Link("http://www.apache.org/", "Indexation"));
        assertThat(d.markdownFull()).startsWith("# Test Indexation Html");
    }

    @Test
    void readsPlainTextInAnyEncodingAsOnePage() throws Exception {
        byte[] latin1 =
                "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, d\u00e9j\u00e0 vu, na\u00efve fa\u00e7ade.\nSecond line."
                        .getBytes(StandardCharsets.ISO_8859_1);
        ParsedDocument d = parser.parse(new ByteArrayInputStream(latin1), "menu.txt", ParseOptions.of("{}"));
        assertThat(d.pages()).hasSize(1);
        assertThat(d.textFull())
                .contains("Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e")
                .contains("Second line.");
    }

    @Test
    void readsAScannedPdfPageWithOcr() throws Exception {
        RequiredTools.require(RequiredTools.TESSERACT, Ocr.binary().isPresent());
        ParsedDocument d = parse("parse/pdf/tika__testOCR.pdf", "{}");
        assertThat(d.textFull()).contains("Happy New Year 2003");
        assertThat(d.pages().get(0).success()).isTrue();
    }

    @Test
    void readsAnImageWithOcrInTheLanguagesAsked() throws Exception {
        RequiredTools.require(RequiredTools.TESSERACT, Ocr.binary().isPresent());
        ParsedDocument d = parse("parse/png/ocr__linn.png", "{\"parameters\": {\"languages\": [\"en\"]}}");
        assertThat(d.pages()).hasSize(1);
        assertThat(d.textFull().length()).isGreaterThan(200);
        assertThat(Ocr.languages(List.of("en", "fr", "de"))).isEqualTo("eng+fra+deu");
        assertThat(Ocr.languages(List.of())).isEqualTo("eng");
    }

    @Test
    void savesTheEmbeddedPicturesOfOfficeDocumentsUnderTheirPages(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        ParseOptions embedded = ParseOptions.of("{\"parameters\": {\"images_to_save\": [\"embedded\"]}}");
        Images docxImages = new Images(Files.createDirectories(dir.resolve("docx")));
        try (InputStream in = Files.newInputStream(Corpus.file("parse/docx/un__contains-pictures.docx"))) {
            ParsedDocument d = parser.parse(in, "un__contains-pictures.docx", embedded, docxImages);
            assertThat(d.images()).hasSize(3).allSatisfy(i -> {
                assertThat(i.category()).isEqualTo("embedded");
                assertThat(i.contentType()).isEqualTo("image/png");
                assertThat(dir.resolve("docx").resolve(i.filename())).exists().isNotEmptyFile();
            });
            assertThat(d.textFull()).isNotBlank(); // the text is still read
        }
        Images slideImages = new Images(Files.createDirectories(dir.resolve("pptx")));
        try (InputStream in = Files.newInputStream(Corpus.file("parse/pptx/un__picture.pptx"))) {
            ParsedDocument d = parser.parse(in, "un__picture.pptx", embedded, slideImages);
            assertThat(d.images())
                    .singleElement()
                    .satisfies(i ->
                            assertThat(i.pageNumber()).isBetween(1, d.pages().size()));
        }
    }

    @Test
    void savesAnImageFileAsItsOwnPageScreenshot(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Images images = new Images(dir);
        try (InputStream in = Files.newInputStream(Corpus.file("parse/jpg/sroie__581.jpg"))) {
            ParsedDocument d = parser.parse(
                    in,
                    "sroie__581.jpg",
                    ParseOptions.of("{\"parameters\": {\"images_to_save\": [\"screenshot\"], \"disable_ocr\": true}}"),
                    images);
            assertThat(d.images()).singleElement().satisfies(i -> {
                assertThat(i.filename()).isEqualTo("page_1.png");
                assertThat(i.category()).isEqualTo("screenshot");
            });
            assertThat(ImageIO.read(dir.resolve("page_1.png").toFile()).getWidth())
                    .isGreaterThan(100);
        }
    }

    @Test
    void standsAFailedPagesRawTextInItsPlaceWhenAskedForRawText() throws Exception {
        List<List<Item>> pages =
                List.of(List.of(new Item.Text("words read plainly")), List.of(new Item.Heading(1, "A fine page")));
        List<String> errors = Arrays.asList("page 1: the layout analysis failed", null);
        String tolerant = "{\"parameters\": {\"page_error_tolerance\": 1, \"replace_failed_page_mode\": \"%s\"}}";
        ParsedDocument raw = ParsedDocument.ofPages(
                pages, List.of(1, 2), errors, ParseOptions.of(tolerant.formatted("raw_text")), Map.of(), 2);
        assertThat(raw.pages().get(0).success()).isFalse();
        assertThat(raw.pages().get(0).text()).isEqualTo("words read plainly");
        assertThat(raw.pages().get(0).items()).isEmpty();
        assertThat(raw.pages().get(1).markdown()).isEqualTo("# A fine page");
        ParsedDocument blank = ParsedDocument.ofPages(
                pages, List.of(1, 2), errors, ParseOptions.of(tolerant.formatted("blank_page")), Map.of(), 2);
        assertThat(blank.pages().get(0).text()).isEmpty();
        // A scanned page without OCR has no text layer to fall back on: raw_text leaves it blank.
        Ocr.useBinary(Optional.empty());
        try {
            ParsedDocument scanned = parse("parse/pdf/tika__testOCR.pdf", tolerant.formatted("raw_text"));
            assertThat(scanned.pages().get(0).success()).isFalse();
            assertThat(scanned.pages().get(0).text()).isBlank();
        } finally {
            Ocr.useBinary(null);
        }
    }

    @Test
    void leavesScannedPagesEmptyWhenOcrIsDisabled() throws Exception {
        ParsedDocument d = parse("parse/pdf/tika__testOCR.pdf", "{\"parameters\": {\"disable_ocr\": true}}");
        assertThat(d.pages()).hasSize(1);
        assertThat(d.textFull()).isBlank();
    }

    @Test
    void failsAScannedPageWithAMessageSayingHowToEnableOcrWhenTesseractIsMissing() throws Exception {
        Ocr.useBinary(Optional.empty());
        try {
            assertThatThrownBy(() -> parse("parse/pdf/tika__testOCR.pdf", "{}"))
                    .isInstanceOf(PageFailures.class)
                    .hasMessageContaining("1 of 1 pages failed")
                    .hasMessageContaining("apt-get install tesseract-ocr");
            // within the tolerance the page stands replaced by its error, between the given prefix and suffix
            ParsedDocument d = parse(
                    "parse/pdf/tika__testOCR.pdf",
                    "{\"parameters\": {\"page_error_tolerance\": 1,"
                            + " \"replace_failed_page_mode\": \"error_message\", \"replace_failed_page_with_error_message_prefix\": \"[\","
                            + " \"replace_failed_page_with_error_message_suffix\": \"]\"}}");
            assertThat(d.pages().get(0).success()).isFalse();
            assertThat(d.textFull())
                    .startsWith("[page 1: this page is an image and needs OCR")
                    .endsWith("]");
        } finally {
            Ocr.useBinary(null);
        }
    }

    @Test
    void opensAPdfProtectedOnlyByAnOwnerPasswordAndRefusesOneWithAUserPassword() throws Exception {
        assertThat(parse("parse/pdf/pdfjs__empty_protected.pdf", "{}").pages()).isNotEmpty();
        assertThatThrownBy(() -> parse("parse/docx/tika__testWORD_protected_passtika.docx", "{}"))
                .isInstanceOf(EncryptedDocumentException.class);
    }
}
