package dev.batch.worker.parse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** One-page PDFs drawn by a test, in Helvetica 10 pt, read back through the parser. */
final class DrawnPdf {
    static final PDType1Font FONT = new PDType1Font(Standard14Fonts.FontName.HELVETICA);

    interface Drawing {
        void on(PDPageContentStream page) throws Exception;
    }

    private DrawnPdf() {}

    static byte[] pdf(Drawing drawing) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            doc.addPage(page);
            try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                drawing.on(s);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    static ParsedDocument parse(byte[] pdf) throws Exception {
        return new DocumentParser().parse(new ByteArrayInputStream(pdf), "t.pdf", ParseOptions.of("{}"));
    }

    static List<Item.Table> tables(byte[] pdf) throws Exception {
        return parse(pdf).pages().get(0).items().stream()
                .filter(i -> i instanceof Item.Table)
                .map(i -> (Item.Table) i)
                .toList();
    }

    static void line(PDPageContentStream s, float x0, float y0, float x1, float y1) throws Exception {
        s.moveTo(x0, y0);
        s.lineTo(x1, y1);
        s.stroke();
    }

    static void text(PDPageContentStream s, float x, float y, String text) throws Exception {
        s.beginText();
        s.setFont(FONT, 10);
        s.newLineAtOffset(x, y);
        s.showText(text);
        s.endText();
    }

    /** Text that ends at {@code right}, as numbers and their titles are set in a column. */
    static void rightAligned(PDPageContentStream s, float right, float y, String text) throws Exception {
        text(s, right - FONT.getStringWidth(text) / 1000 * 10, y, text);
    }

    /** Text centred on {@code middle}. */
    static void centred(PDPageContentStream s, float middle, float y, String text) throws Exception {
        text(s, middle - FONT.getStringWidth(text) / 1000 * 5, y, text);
    }
}
