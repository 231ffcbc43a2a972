package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

class LineNumbersTest {
    private static final PDFont COURIER = new PDType1Font(Standard14Fonts.FontName.COURIER);

    private static String text(byte[] pdf) throws Exception {
        try (InputStream in = new ByteArrayInputStream(pdf)) {
            return new DocumentParser()
                    .parse(in, "transcript.pdf", ParseOptions.of("{}"))
                    .textFull();
        }
    }

    private static String line(int n) {
        return n % 5 == 0
                ? ""
                : n % 2 == 0
                        ? "THE COURT: Counsel, you may proceed with the witness " + n
                        : "MR. SMITH: Thank you, Your Honor, line " + n;
    }

    /** A transcript page: 25 numbered lines, the numbers flush right in the margin; drawn number by number or all numbers first. */
    private static byte[] transcript(boolean numbersFirst) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                for (int pass = 0; pass < (numbersFirst ? 2 : 1); pass++) {
                    for (int n = 1; n <= 25; n++) {
                        float y = 720 - 26 * n;
                        String number = Integer.toString(n);
                        if (!numbersFirst || pass == 0)
                            show(cs, 60 - COURIER.getStringWidth(number) / 1000 * 12, y, number);
                        if ((!numbersFirst || pass == 1) && !line(n).isEmpty()) show(cs, 100, y, line(n));
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static void show(PDPageContentStream cs, float x, float y, String s) throws Exception {
        cs.beginText();
        cs.setFont(COURIER, 12);
        cs.newLineAtOffset(x, y);
        cs.showText(s);
        cs.endText();
    }

    @Test
    void takesATranscriptsLineNumbersOutOfItsText() throws Exception {
        String text = text(transcript(false));

        assertThat(text)
                .startsWith(
                        "MR. SMITH: Thank you, Your Honor, line 1\nTHE COURT: Counsel, you may proceed with the witness 2");
        assertThat(text).doesNotContainPattern("(?m)^\\d+\\s");
        assertThat(text)
                .contains("witness 4\nTHE COURT: Counsel, you may proceed with the witness 6")
                .endsWith("witness 24");
    }

    @Test
    void takesOutAGutterDrawnBeforeTheText() throws Exception {
        String text = text(transcript(true));

        assertThat(text).doesNotContainPattern("(?m)^\\d+$");
        assertThat(text).startsWith("MR. SMITH: Thank you, Your Honor, line 1");
    }

    @Test
    void keepsTheRowNumbersOfATable() throws Exception {
        byte[] pdf;
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                for (int n = 1; n <= 15; n++) {
                    float y = 720 - 20 * n;
                    String number = Integer.toString(n);
                    show(cs, 60 - COURIER.getStringWidth(number) / 1000 * 12, y, number);
                    show(cs, 100, y, "State" + n);
                    show(cs, 250, y, (1000 + n) + ".5");
                    show(cs, 350, y, (2000 + n) + ".0");
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            pdf = out.toByteArray();
        }

        assertThat(text(pdf)).contains("1 State1 1001.5 2001.0").contains("15 State15 1015.5 2015.0");
    }
}
