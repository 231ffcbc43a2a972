package dev.batch.worker.parse;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image made easier for Tesseract to read: gray, scaled so that its text stands about
 * {@link #TEXT_HEIGHT} pixels high (Tesseract misreads digits of small scans, 3 for 5 and 6 for 5, and
 * spends long on needlessly large ones). Binarising it first (Sauvola) read worse than Tesseract's own
 * thresholding, so the gray image is what it gets.
 */
public final class OcrImage {
    /** The height of a word's box (capitals and digits) Tesseract reads best, in pixels. */
    public static final int TEXT_HEIGHT = 32;

    private static final double MAX_UPSCALE = 3;

    private OcrImage() {}

    /**
     * An image file read as gray, every {@code every}-th pixel of every {@code every}-th row (1: all); throws
     * when the file is no image Java can read.
     */
    public static BufferedImage readGray(Path file, int every) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext())
                throw new IOException("not an image Java can read: " + file.getFileName());
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                if (every > 1) param.setSourceSubsampling(every, every, 0, 0);
                return gray(reader.read(0, param));
            } finally {
                reader.dispose();
            }
        }
    }

    /** The factor that brings text of {@code textHeight} pixels to {@link #TEXT_HEIGHT}; 1 where it is close. */
    public static double scaleFor(double textHeight) {
        if (textHeight <= 0) return 1;
        double f = TEXT_HEIGHT / textHeight;
        if (f > 0.8 && f < 1.25) return 1;
        return Math.min(MAX_UPSCALE, f);
    }

    static BufferedImage gray(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) return image;
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, Color.WHITE, null);
        g.dispose();
        return out;
    }

    /** A gray image scaled by {@code factor}: bicubic up, halving steps and then bilinear down (no aliasing). */
    public static BufferedImage scaled(BufferedImage gray, double factor) {
        BufferedImage current = gray;
        double left = factor;
        while (left < 0.5) {
            current = resized(current, current.getWidth() / 2, current.getHeight() / 2, false);
            left *= 2;
        }
        int w = Math.max(1, (int) Math.round(gray.getWidth() * factor));
        int h = Math.max(1, (int) Math.round(gray.getHeight() * factor));
        if (w == current.getWidth() && h == current.getHeight()) return current;
        return resized(current, w, h, factor > 1);
    }

    private static BufferedImage resized(BufferedImage gray, int w, int h, boolean bicubic) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION,
                bicubic ? RenderingHints.VALUE_INTERPOLATION_BICUBIC : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(gray, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** Writes an image as a BMP: lossless (no artefacts around the strokes) and, uncompressed, quick to write. */
    public static void write(BufferedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "bmp", file.toFile())) throw new IOException("no BMP writer");
    }
}
