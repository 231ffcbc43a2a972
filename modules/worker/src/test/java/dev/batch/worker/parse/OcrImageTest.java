package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.batch.testkit.RequiredTools;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scans scaled to the text height Tesseract reads best, and read again that way. */
class OcrImageTest {
    @TempDir
    Path dir;

    @Test
    void scalesTextToTheHeightTesseractReadsBestWithinLimits() {
        assertThat(OcrImage.scaleFor(16)).isEqualTo(2.0);
        assertThat(OcrImage.scaleFor(OcrImage.TEXT_HEIGHT - 3))
                .as("close enough")
                .isEqualTo(1.0);
        assertThat(OcrImage.scaleFor(72)).isCloseTo(0.444, offset(0.001));
        assertThat(OcrImage.scaleFor(4)).as("at most three times").isEqualTo(3.0);
        assertThat(OcrImage.scaleFor(0)).as("no text read").isEqualTo(1.0);
    }

    @Test
    void scalesAGrayImageUpAndDownKeepingItsProportions() {
        BufferedImage gray = new BufferedImage(120, 60, BufferedImage.TYPE_BYTE_GRAY);
        assertThat(size(OcrImage.scaled(gray, 2))).containsExactly(240, 120);
        assertThat(size(OcrImage.scaled(gray, 0.3))).containsExactly(36, 18);
    }

    @Test
    void aScaledReadingRecoversTheLinesOfASmallPrintedReceiptInTheOriginalsPixels() throws Exception {
        RequiredTools.require(RequiredTools.TESSERACT, OcrLayout.available());
        Path scan = PrintedReceipt.write(dir, 8);
        OcrLayout.Page first = OcrLayout.read(scan, List.of("en"), 60_000, true);
        assertThat(texts(first)).as("read as it is, the small print is lost").doesNotContain("TOTAL 54.50");

        Optional<OcrLayout.Page> scaled = ScaledReading.read(scan, first, List.of("en"), 60_000);

        assertThat(scaled).isPresent();
        assertThat(texts(scaled.get())).contains("TOTAL 54.50", "DATE 27/05/2018");
        BufferedImage image = ImageIO.read(scan.toFile());
        assertThat(scaled.get().width()).isEqualTo(image.getWidth());
        for (OcrLayout.Line l : scaled.get().lines()) {
            int[] box = l.box();
            assertThat(box[0] + box[2]).isLessThanOrEqualTo(image.getWidth() + 1);
            assertThat(box[1] + box[3]).isLessThanOrEqualTo(image.getHeight() + 1);
        }
    }

    @Test
    void aFileJavaCannotDecodeHasNoScaledReadingAndNoError() throws Exception {
        Path notAnImage = Files.writeString(dir.resolve("scan.webp"), "RIFF....WEBPVP8 not really");
        OcrLayout.Page small = new OcrLayout.Page(
                200, 100, List.of(new OcrLayout.Line(1, 1, List.of(new OcrLayout.Word("TOTAL", 5, 5, 40, 10, 90)))));
        assertThat(ScaledReading.read(notAnImage, small, List.of("en"), 60_000)).isEmpty();
    }

    @Test
    void aScanWhoseTextIsAboutTheRightHeightIsNotReadAgain() throws Exception {
        RequiredTools.require(RequiredTools.TESSERACT, OcrLayout.available());
        Path scan = PrintedReceipt.write(dir, 40);
        OcrLayout.Page first = OcrLayout.read(scan, List.of("en"), 60_000, true);
        assertThat(ScaledReading.read(scan, first, List.of("en"), 60_000)).isEmpty();
    }

    private static List<String> texts(OcrLayout.Page page) {
        return page.lines().stream().map(OcrLayout.Line::text).toList();
    }

    private static int[] size(BufferedImage image) {
        return new int[] {image.getWidth(), image.getHeight()};
    }
}
