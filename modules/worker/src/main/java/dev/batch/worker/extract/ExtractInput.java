package dev.batch.worker.extract;

import dev.batch.worker.parse.DocumentParser;
import dev.batch.worker.parse.OcrLayout;
import dev.batch.worker.parse.PageFailures;
import dev.batch.worker.parse.ParseOptions;
import dev.batch.worker.parse.ScaledReading;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.exception.TikaException;
import org.xml.sax.SAXException;

/**
 * A file as the extractor reads it. An image is read by OCR with word boxes as one block of lines
 * (finding columns first loses the amounts set apart at the right edge of receipts and invoices;
 * the extractor joins the pieces of a row itself), and once more the usual way, with columns and
 * blocks, and of the image scaled to the text height Tesseract reads best, as other readings: each
 * reading loses or misreads what another keeps ({@link ReadingVote} combines their answers). Every other format goes through the parser,
 * whose items carry their boxes where the format has geometry.
 */
public final class ExtractInput {
    private static final Set<String> IMAGES = Set.of("png", "jpg", "jpeg", "tif", "tiff", "bmp", "gif", "webp");

    private static final long OCR_MILLIS = 120_000;

    private ExtractInput() {}

    /** Reads {@code file} (named {@code name}); {@code languages}: OCR languages as ISO 639-1 codes. */
    public static ExtractDocument read(Path file, String name, List<String> languages, DocumentParser parser)
            throws IOException, TikaException, SAXException, PageFailures {
        if (readsByOcr(name)) return image(file, languages);
        ParseOptions options = ParseOptions.of("{}");
        try (InputStream in = Files.newInputStream(file)) {
            return ExtractDocument.of(parser.parse(in, name, options));
        }
    }

    /** Whether {@link #read} reads a file of this name by OCR itself rather than through the parser. */
    public static boolean readsByOcr(String name) {
        return isImage(name) && OcrLayout.available();
    }

    /**
     * An image read by OCR as one block of lines; the other readings: with Tesseract's column finding, and
     * the image scaled to the text height Tesseract reads best where it is far from it.
     */
    public static ExtractDocument image(Path file, List<String> languages) throws IOException {
        OcrLayout.Page lines = OcrLayout.read(file, languages, OCR_MILLIS, true);
        List<ExtractDocument> others = new ArrayList<>();
        others.add(ExtractDocument.ofOcr(OcrLayout.read(file, languages, OCR_MILLIS, false)));
        ScaledReading.read(file, lines, languages, OCR_MILLIS).ifPresent(p -> others.add(ExtractDocument.ofOcr(p)));
        return new ExtractDocument(ExtractDocument.ofOcr(lines).pages(), List.copyOf(others));
    }

    static boolean isImage(String name) {
        int dot = name == null ? -1 : name.lastIndexOf('.');
        return dot >= 0 && IMAGES.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
