package dev.batch.worker.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.mime.MediaType;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.xml.sax.SAXException;

/**
 * Any format Tika reads, to pages of structured items. One instance is shared by the worker's
 * threads (Tika's AutoDetectParser is thread-safe). OCR is off: Tika would otherwise run tesseract
 * on every image, fifty times slower; it is decided per page on purpose, elsewhere.
 */
public final class DocumentParser {
    static final long MAX_TEXT_CHARS = 64L * 1024 * 1024;
    private static final java.util.Set<String> OCR_IMAGES = java.util.Set.of("png", "jpeg", "tiff", "bmp", "x-ms-bmp", "gif", "webp");
    private final Parser parser = new AutoDetectParser();
    private final Detector detector = new DefaultDetector();

    public ParsedDocument parse(InputStream raw, String name, ParseOptions options)
            throws IOException, TikaException, SAXException, PageFailures {
        return parse(raw, name, options, Images.none());
    }

    /** Parses, saving the images {@code images_to_save} asks for into {@code images}. */
    public ParsedDocument parse(InputStream raw, String name, ParseOptions options, Images images)
            throws IOException, TikaException, SAXException, PageFailures {
        TikaInputStream in = TikaInputStream.get(raw);
        Metadata detected = new Metadata();
        detected.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        MediaType type = detector.detect(in, detected);
        if (type.getSubtype().equals("pdf")) return PdfPages.parse(in, options, images);
        if (type.getType().equals("text") && (type.getSubtype().equals("csv") || type.getSubtype().equals("tab-separated-values"))) {
            return delimited(in, name, options, type.getSubtype().equals("csv") ? ',' : '\t');
        }
        if (type.getType().equals("image") && !options.disableOcr() && OCR_IMAGES.contains(type.getSubtype())) return image(in, options);
        Metadata metadata = new Metadata();
        StructureHandler handler = new StructureHandler(MAX_TEXT_CHARS, metadata);
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        ParseContext context = new ParseContext();
        TesseractOCRConfig ocr = new TesseractOCRConfig();
        ocr.setSkipOcr(true);
        context.set(TesseractOCRConfig.class, ocr);
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        pdf.setExtractInlineImages(false);
        pdf.setExtractAnnotationText(true);
        context.set(PDFParserConfig.class, pdf);
        context.set(Parser.class, parser); // embedded documents (attachments) are parsed too
        parser.parse(in, handler, metadata, context);
        Map<String, String> meta = new LinkedHashMap<>();
        for (String key : metadata.names()) {
            String v = metadata.get(key);
            if (v != null && v.length() <= 1000 && meta.size() < 100 && !key.startsWith("X-TIKA")) meta.put(key, v);
        }
        return ParsedDocument.of(HeadersFooters.strip(handler.pages(), options.hideHeaders(), options.hideFooters()), options, meta,
                handler.truncated());
    }

    /** A CSV or TSV file is one page holding one table (its text decoded by Tika, whatever the charset). */
    private ParsedDocument delimited(TikaInputStream in, String name, ParseOptions options, char separator)
            throws IOException, TikaException, SAXException, PageFailures {
        org.apache.tika.sax.BodyContentHandler text = new org.apache.tika.sax.BodyContentHandler((int) Math.min(Integer.MAX_VALUE, MAX_TEXT_CHARS));
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        new org.apache.tika.parser.txt.TXTParser().parse(in, text, metadata, new ParseContext());
        java.util.List<java.util.List<String>> rows = Delimited.rows(text.toString(), separator);
        java.util.List<Item> items = rows.isEmpty() ? java.util.List.of() : java.util.List.of(new Item.Table(rows));
        return ParsedDocument.ofPages(java.util.List.of(items), java.util.List.of(1), java.util.Collections.singletonList(null), options,
                java.util.Map.of("Content-Type", metadata.get(Metadata.CONTENT_TYPE) == null ? "text/csv" : metadata.get(Metadata.CONTENT_TYPE)), 1);
    }

    /** An image file is one page of OCR text. */
    private static ParsedDocument image(TikaInputStream in, ParseOptions options) throws IOException, PageFailures {
        java.util.List<String> errors = new java.util.ArrayList<>();
        java.util.List<Item> items = new java.util.ArrayList<>();
        try {
            String text = Ocr.read(in.getPath(), options.ocrLanguages(), 120_000);
            for (String paragraph : text.split("\\n\\s*\\n")) {
                String p = StructureHandler.clean(paragraph);
                if (!p.isEmpty()) items.add(new Item.Text(p));
            }
            errors.add(null);
        } catch (IOException e) {
            errors.add("page 1: " + e.getMessage());
        }
        FailedPages.check(errors, options);
        return ParsedDocument.ofPages(java.util.List.of(Refiner.refine(items, false)), java.util.List.of(1), errors, options,
                java.util.Map.of("Content-Type", "image"), 1);
    }
}
