package dev.batch.worker.parse;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A second OCR reading of an image in which Tesseract found no text at all: the same image without
 * its outer margin. Dark edges (a scanner's lid, the table under a photographed receipt, a shadow)
 * can pull Tesseract's global threshold so far that faint print disappears and the page reads as
 * empty; without them the print stands out again.
 */
final class ScanEdges {
    private ScanEdges() {}

    /** The share of the width and of the height left out on each side. */
    private static final double MARGIN = 0.05;

    /** The text of the image without its edges; empty when it cannot be decoded or shows no text either. */
    static String readWithoutEdges(Path image, String languages, long timeoutMillis) throws IOException {
        BufferedImage in = ImageIO.read(image.toFile());
        if (in == null || in.getWidth() < 40 || in.getHeight() < 40) return "";
        int dx = (int) (in.getWidth() * MARGIN);
        int dy = (int) (in.getHeight() * MARGIN);
        BufferedImage inner = in.getSubimage(dx, dy, in.getWidth() - 2 * dx, in.getHeight() - 2 * dy);
        Path trimmed = Files.createTempFile("ocr-inner-", ".png");
        try {
            ImageIO.write(inner, "png", trimmed.toFile());
            return Ocr.read(trimmed, languages, timeoutMillis);
        } finally {
            Files.deleteIfExists(trimmed);
        }
    }
}
