package dev.batch.worker.parse;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Another OCR reading of a scan whose text is far from the height Tesseract reads best: the image
 * gray and scaled to it ({@link OcrImage}), read as one block of lines, its boxes in the original's
 * pixels. The height comes from a first reading, so a scan already the right size is not read again.
 */
public final class ScaledReading {
    /** Words of this confidence or more tell the text's height; shaky ones are often specks or halves. */
    private static final float SURE_WORD = 50;

    private ScaledReading() {}

    /**
     * The scaled reading of {@code image}; empty when {@code first} shows its text is already about the right
     * height, or when the image cannot be scaled and read again: the other readings stand without it.
     */
    public static Optional<OcrLayout.Page> read(
            Path image, OcrLayout.Page first, List<String> languages, long timeoutMillis) {
        double factor = OcrImage.scaleFor(textHeight(first));
        if (factor == 1) return Optional.empty();
        try {
            return Optional.of(readScaled(image, factor, languages, timeoutMillis));
        } catch (IOException | RuntimeException e) {
            // a format Java's ImageIO does not decode (WebP), a corrupt file Tesseract got through, a timeout
            return Optional.empty();
        }
    }

    private static OcrLayout.Page readScaled(Path image, double factor, List<String> languages, long timeoutMillis)
            throws IOException {
        // a huge scan is decoded at every n-th pixel: a fraction of the memory, and no detail the scaling keeps
        int every = factor < 0.5 ? (int) Math.floor(1 / factor) : 1;
        BufferedImage scaled = OcrImage.scaled(OcrImage.readGray(image, every), factor * every);
        Path bmp = Files.createTempFile("ocr-scaled-", ".bmp");
        try {
            OcrImage.write(scaled, bmp);
            return OcrLayout.read(bmp, languages, timeoutMillis, true).unscaled(factor);
        } finally {
            Files.deleteIfExists(bmp);
        }
    }

    /** The median height of the boxes of the words a reading is sure of (0: none). */
    static double textHeight(OcrLayout.Page reading) {
        List<Integer> heights = new ArrayList<>();
        for (OcrLayout.Line l : reading.lines()) {
            for (OcrLayout.Word w : l.words()) {
                if (w.confidence() >= SURE_WORD && w.text().length() >= 2) heights.add(w.h());
            }
        }
        if (heights.isEmpty()) return 0;
        Collections.sort(heights);
        return heights.get(heights.size() / 2);
    }
}
