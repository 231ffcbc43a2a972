package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

/** Text drawn twice over itself reads once; the same letter drawn twice side by side stays twice. */
class DuplicateGlyphsTest {
    private static final PDType1Font FONT = new PDType1Font(Standard14Fonts.FontName.HELVETICA);

    @Test
    void readsFakeBoldOnceAndKeepsDoubleLetters() throws Exception {
        byte[] pdf;
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            doc.addPage(page);
            try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                // fake bold: the heading drawn three times, a fraction of a point apart
                for (float dx : new float[] {0, 0.3f, 0.6f}) text(s, 72 + dx, 700, "Committee bookkeeping");
                text(s, 72, 680, "The committee's bookkeeper keeps three accounts.");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            pdf = out.toByteArray();
        }
        ParsedDocument d = new DocumentParser().parse(new ByteArrayInputStream(pdf), "t.pdf", ParseOptions.of("{}"));

        assertThat(d.textFull().lines())
                .containsExactly("Committee bookkeeping", "The committee's bookkeeper keeps three accounts.");
    }

    private static void text(PDPageContentStream s, float x, float y, String text) throws Exception {
        s.beginText();
        s.setFont(FONT, 14);
        s.newLineAtOffset(x, y);
        s.showText(text);
        s.endText();
    }
}
