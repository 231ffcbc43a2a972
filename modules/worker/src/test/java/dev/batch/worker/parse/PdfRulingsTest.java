package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.graphics.color.PDColor;
import org.apache.pdfbox.pdmodel.graphics.color.PDICCBased;
import org.junit.jupiter.api.Test;

/** A page's drawing as the text stripper records it while it reads the page's text. */
class PdfRulingsTest {
    @Test
    void tellsAWhiteFillFromAnInkedOneInAnIccColourSpace() throws Exception {
        byte[] pdf;
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            doc.addPage(page);
            PDStream profile = new PDStream(
                    doc,
                    new ByteArrayInputStream(
                            ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData()));
            profile.getCOSObject().setInt(COSName.N, 3);
            COSArray array = new COSArray();
            array.add(COSName.ICCBASED);
            array.add(profile);
            PDICCBased srgb = PDICCBased.create(array, null);
            try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                s.setNonStrokingColor(new PDColor(new float[] {1, 1, 1}, srgb)); // a white background: no line
                s.addRect(50, 400, 400, 200);
                s.fill();
                s.setNonStrokingColor(new PDColor(new float[] {0, 0, 0}, srgb)); // a black bar: a ruling
                s.addRect(72, 500, 300, 1);
                s.fill();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            pdf = out.toByteArray();
        }
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PdfLayout.Stripper stripper = new PdfLayout.Stripper();
            stripper.getText(doc);

            assertThat(stripper.drawing.drawing().rulings()).singleElement().satisfies(r -> {
                assertThat(r.horizontal()).isTrue();
                assertThat(r.at()).isCloseTo(792 - 500.5f, offset(0.1f));
                assertThat(r.from()).isCloseTo(72f, offset(0.1f));
                assertThat(r.to()).isCloseTo(372f, offset(0.1f));
            });
        }
    }
}
