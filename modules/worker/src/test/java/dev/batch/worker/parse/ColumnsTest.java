package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.testkit.Corpus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ColumnsTest {
    private static String text(byte[] pdf) throws Exception {
        try (InputStream in = new ByteArrayInputStream(pdf)) {
            return new DocumentParser()
                    .parse(in, "columns.pdf", ParseOptions.of("{}"))
                    .textFull();
        }
    }

    /** A title across the page over two columns of 12 lines, drawn row by row (right lines {@code drop} points lower). */
    private static byte[] page(String left, String right, int lines, float drop, boolean rowByRow) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                show(cs, 14, 200, 740, "A Title Across Both Columns");
                for (int pass = 0; pass < (rowByRow ? 1 : 2); pass++) {
                    for (int i = 0; i < lines; i++) {
                        if (rowByRow || pass == 0) show(cs, 10, 72, 700 - 12 * i, left + " " + i);
                        if (rowByRow || pass == 1) show(cs, 10, 320, 700 - 12 * i - drop, right + " " + i);
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static void show(PDPageContentStream cs, float size, float x, float y, String s) throws Exception {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN), size);
        cs.newLineAtOffset(x, y);
        cs.showText(s);
        cs.endText();
    }

    @ParameterizedTest
    @ValueSource(floats = {0f, 4f})
    void readsTwoColumnsDrawnRowByRowColumnByColumn(float drop) throws Exception {
        String text = text(page(
                "the left column goes on with words of prose",
                "the right column has its own words of prose",
                12,
                drop,
                true));

        assertThat(text).startsWith("A Title Across Both Columns\nthe left column goes on with words of prose 0\n");
        assertThat(text.indexOf("prose 11\nthe right column")).isPositive();
        assertThat(text.indexOf("the right column has its own words of prose 0"))
                .isGreaterThan(text.indexOf("the left column goes on with words of prose 11"));
    }

    @Test
    void leavesColumnsDrawnColumnByColumnInTheirOrder() throws Exception {
        String text = text(page(
                "the left column goes on with words of prose",
                "the right column has its own words of prose",
                12,
                0,
                false));

        assertThat(text.indexOf("the right column has its own words of prose 0"))
                .isGreaterThan(text.indexOf("the left column goes on with words of prose 11"));
    }

    @Test
    void leavesJustifiedProseWithARiverOfWordSpacesAlone() throws Exception {
        String text = text(Files.readAllBytes(Corpus.file("parse/pdf/sec10q-2022_Q3_AAPL.pdf")));

        assertThat(text)
                .contains(
                        "for the fiscal year ended September 25, 2021.\nThe Company’s fiscal year is the 52- or 53-week period")
                .contains(
                        "quarters, months and periods of those fiscal years.\nEarnings Per Share\nThe following table");
    }

    @Test
    void leavesATwoColumnTableRowByRow() throws Exception {
        String text = text(page("Item name", "a short description", 12, 0, true));

        assertThat(text).contains("Item name 0 a short description 0\nItem name 1 a short description 1");
    }
}
