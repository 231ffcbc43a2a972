package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.testkit.Corpus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.util.Matrix;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class UprightTextTest {
    private static ParsedDocument parse(byte[] pdf) throws Exception {
        try (InputStream in = new ByteArrayInputStream(pdf)) {
            return new DocumentParser().parse(in, "page.pdf", ParseOptions.of("{}"));
        }
    }

    @Test
    void readsWholeWordsOnAPageShownTurnedWhoseTextIsDrawnUnturned() throws Exception {
        ParsedDocument d = parse(Files.readAllBytes(Corpus.file("parse/pdf/un__rotated-page-90.pdf")));

        ParsedDocument.Page page = d.pages().get(0);
        assertThat(page.text()).isEqualTo("Hello World Test Text\nSecond line of text here\nRotated page fixture");
        assertThat(page.pageWidth()).isGreaterThan(page.pageHeight());
        Item.BBox box = ((Item.Text) page.items().get(0)).bbox().get(0);
        // the lines run down the page as shown: a narrow, tall box inside the shown page
        assertThat(box.h()).isGreaterThan(box.w());
        assertThat(box.x() + box.w()).isLessThanOrEqualTo(page.pageWidth());
        assertThat(box.y() + box.h()).isLessThanOrEqualTo(page.pageHeight());
    }

    @Test
    void readsSidewaysTextOnAnUnturnedPageAndBoxesItWhereItIsDrawn() throws Exception {
        ParsedDocument d = parse(sideways(0, 90));

        ParsedDocument.Page page = d.pages().get(0);
        assertThat(page.text()).isEqualTo("Line 0 Hello World again\nLine 1 Hello World again");
        Item.BBox box = box(page);
        // drawn upwards from (200, 400) in PDF space: x 193..220 (two lines), y from the top 311..442
        assertThat(box.x()).isCloseTo(193f, Offset.offset(1f));
        assertThat(box.x() + box.w()).isCloseTo(220f, Offset.offset(1f));
        assertThat(box.y() + box.h()).isCloseTo(841.9f - 400f, Offset.offset(1f));
        assertThat(box.h()).isGreaterThan(100f);
    }

    @Test
    void boxesTextOfAPageShownAtTwoSeventyInThePageAsShown() throws Exception {
        ParsedDocument d = parse(sideways(270, 0));

        ParsedDocument.Page page = d.pages().get(0);
        assertThat(page.text()).isEqualTo("Line 0 Hello World again\nLine 1 Hello World again");
        Item.BBox box = box(page);
        // (200, 400) in PDF space is (841.9 - 400, 595.3 - 200) on the page turned a quarter left
        assertThat(box.x() + box.w()).isCloseTo(841.9f - 400f + 20f, Offset.offset(1f));
        assertThat(box.y() + box.h()).isCloseTo(595.3f - 200f, Offset.offset(1f));
        assertThat(box.h()).isGreaterThan(100f);
    }

    @Test
    void readsASidewaysMarginStampWholeWhereItStands() throws Exception {
        ParsedDocument d = parse(Files.readAllBytes(Corpus.file("parse/pdf/arxiv-2201.00200.pdf")));

        String first = d.pages().get(0).text();
        assertThat(first).contains("\narXiv:2201.00200v1 [astro-ph.SR] 1 Jan 2022");
        assertThat(first).doesNotContain("ar\nX\niv");
    }

    @Test
    void keepsTheUprightWordsOfALineThatStartsWithASidewaysOne() throws Exception {
        byte[] pdf;
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
                cs.setTextMatrix(Matrix.getRotateInstance(Math.PI / 2, 50, 700));
                cs.showText("Form");
                cs.setTextMatrix(Matrix.getTranslateInstance(70, 700));
                cs.showText("1040 Department of the Treasury");
                cs.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            pdf = out.toByteArray();
        }

        String text = parse(pdf).textFull();
        assertThat(text).containsOnlyOnce("1040 Department of the Treasury").containsOnlyOnce("Form");
    }

    @Test
    void putsThePagesRotationBackAfterReadingIt() throws Exception {
        try (PDDocument doc = Loader.loadPDF(sideways(90, 0))) {
            PdfLayout.Stripper stripper = new PdfLayout.Stripper();
            UprightText.Read read = UprightText.read(doc, 1, stripper, "\u2029");

            assertThat(read.frame().read()).isZero();
            assertThat(read.lines()).hasSize(2);
            PDPage page = doc.getPage(0);
            assertThat(page.getRotation()).isEqualTo(90);
            assertThat(page.getCOSObject().getInt(COSName.ROTATE)).isEqualTo(90);
        }
    }

    @Test
    void leavesAPageWhoseTextIsUprightAsItIs() throws Exception {
        try (PDDocument doc = Loader.loadPDF(sideways(90, 90))) {
            UprightText.Read read = UprightText.read(doc, 1, new PdfLayout.Stripper(), "\u2029");

            assertThat(read.frame()).isEqualTo(UprightText.Frame.NONE);
            assertThat(read.lines().get(0).text()).isEqualTo("Line 0 Hello World again");
        }
    }

    /** The box around all the page's text items. */
    private static Item.BBox box(ParsedDocument.Page page) {
        Item.BBox box = null;
        for (Item i : page.items())
            box = Item.BBox.union(box, ((Item.Text) i).bbox().get(0));
        return box;
    }

    /** An A4 page shown at {@code rotation} with two lines of text drawn at {@code angle} degrees from (200, 400). */
    private static byte[] sideways(int rotation, double angle) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            page.setRotation(rotation);
            doc.addPage(page);
            double a = Math.toRadians(angle);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                for (int i : List.of(0, 1)) {
                    float x = 200 + (float) (Math.sin(a) * 20 * i);
                    float y = 400 - (float) (Math.cos(a) * 20 * i);
                    cs.setTextMatrix(Matrix.getRotateInstance(a, x, y));
                    cs.showText("Line " + i + " Hello World again");
                }
                cs.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }
}
