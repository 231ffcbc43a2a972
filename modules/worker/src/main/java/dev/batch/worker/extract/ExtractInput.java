package dev.batch.worker.extract;

import dev.batch.worker.parse.DocumentParser;
import dev.batch.worker.parse.OcrLayout;
import dev.batch.worker.parse.PageFailures;
import dev.batch.worker.parse.ParseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.tika.exception.TikaException;
import org.xml.sax.SAXException;

/**
 * A file as the extractor reads it. An image is read by OCR with word boxes, once (a tall narrow
 * image, a till roll, as one column of lines); every other format goes through the parser, whose
 * items carry their boxes where the format has geometry.
 */
public final class ExtractInput {
    private static final Set<String> IMAGES = Set.of("png", "jpg", "jpeg", "tif", "tiff", "bmp", "gif", "webp");
    /** Height over width from which an image is read as one column (receipts; A4 is 1.41). */
    static final double ROLL = 1.6;

    private ExtractInput() {}

    /** Reads {@code file} (named {@code name}); {@code languages}: OCR languages as ISO 639-1 codes. */
    public static ExtractDocument read(Path file, String name, List<String> languages, DocumentParser parser)
            throws IOException, TikaException, SAXException, PageFailures {
        if (isImage(name) && OcrLayout.available()) {
            return ExtractDocument.ofOcr(OcrLayout.read(file, languages, 120_000, isRoll(file)));
        }
        ParseOptions options = ParseOptions.of("{}");
        try (InputStream in = Files.newInputStream(file)) {
            return ExtractDocument.of(parser.parse(in, name, options));
        }
    }

    static boolean isImage(String name) {
        int dot = name == null ? -1 : name.lastIndexOf('.');
        return dot >= 0 && IMAGES.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Whether the image is much taller than wide, from its header (the pixels are not decoded). */
    static boolean isRoll(Path image) {
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) return false;
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return reader.getHeight(0) >= ROLL * reader.getWidth(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            return false;
        }
    }
}
