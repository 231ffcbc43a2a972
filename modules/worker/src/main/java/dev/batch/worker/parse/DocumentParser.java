package dev.batch.worker.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.TikaException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.extractor.ParsingEmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.CompositeParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.html.HtmlMapper;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.parser.txt.TXTParser;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Any format Tika reads, to pages of structured items. One instance is shared by the worker's
 * threads (Tika's AutoDetectParser is thread-safe). OCR is off: Tika would otherwise run tesseract
 * on every image, fifty times slower; it is decided per page on purpose, elsewhere.
 */
public final class DocumentParser {
    static final long MAX_TEXT_CHARS = 64L * 1024 * 1024;
    private static final Set<String> OCR_IMAGES = Set.of("png", "jpeg", "tiff", "bmp", "x-ms-bmp", "gif", "webp");
    private final Detector detector = new DefaultDetector();
    /** Tika's magic detection is most of the cost of a small document: it runs once, and the parser reuses its answer. */
    private final Parser parser = new ResolvedOnce(new DetectedOnce(detector), context());

    private static final String DETECTED = "X-Batch-Detected-Type";

    /** Whether Tesseract is installed here, so image pages can be read. */
    public static boolean ocrAvailable() {
        return Ocr.binary().isPresent();
    }

    public ParsedDocument parse(InputStream raw, String name, ParseOptions options)
            throws IOException, TikaException, SAXException, PageFailures {
        return parse(raw, name, options, Images.none());
    }

    /** Parses, saving the images {@code images_to_save} asks for into {@code images}. */
    public ParsedDocument parse(InputStream raw, String name, ParseOptions options, Images images)
            throws IOException, TikaException, SAXException, PageFailures {
        return parse(raw, name, options, images, pages -> {});
    }

    /**
     * As above, telling {@code pagesKnown} how many pages will be parsed as soon as that is known
     * (PDFs, before the first page), so a per-page time allowance can be granted.
     */
    public ParsedDocument parse(
            InputStream raw, String name, ParseOptions options, Images images, IntConsumer pagesKnown)
            throws IOException, TikaException, SAXException, PageFailures {
        TikaInputStream in = TikaInputStream.get(raw);
        MediaType type = quickType(in, name);
        boolean textByName = MediaType.TEXT_PLAIN.equals(type);
        if (type == null) {
            Metadata detected = new Metadata();
            detected.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
            type = detector.detect(in, detected);
        }
        if (type.getSubtype().equals("pdf")) return PdfPages.parse(in, options, images, pagesKnown);
        if (type.getType().equals("text")
                && (type.getSubtype().equals("csv") || type.getSubtype().equals("tab-separated-values"))) {
            return delimited(in, name, options, type.getSubtype().equals("csv") ? ',' : '\t');
        }
        if (type.getType().equals("image") && OCR_IMAGES.contains(type.getSubtype())) {
            // The picture is its own page: its screenshot is itself.
            if (options.imagesToSave().contains("screenshot")) images.saveFile(in.getPath(), 1, "screenshot", "page_1");
            if (!options.disableOcr()) return image(in, options, images);
        }
        Metadata metadata = new Metadata();
        StructureHandler handler = new StructureHandler(MAX_TEXT_CHARS, metadata, TableLayouts.of(type, in));
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        metadata.set(DETECTED, type.toString());
        // A .txt file is text: Tika would otherwise sniff it for a CSV table (a .csv went to delimited above).
        if (textByName) metadata.set(TikaCoreProperties.CONTENT_TYPE_USER_OVERRIDE, MediaType.TEXT_PLAIN.toString());
        ParseContext context = context();
        context.set(Parser.class, parser); // embedded documents (attachments) are parsed too
        if (images.enabled() && options.imagesToSave().contains("embedded")) {
            context.set(EmbeddedDocumentExtractor.class, new SavingImages(context, images, handler::pageNumber));
        }
        parser.parse(in, handler, metadata, context);
        metadata.remove(TikaCoreProperties.CONTENT_TYPE_USER_OVERRIDE.getName());
        Map<String, String> meta = new LinkedHashMap<>();
        for (String key : metadata.names()) {
            String v = metadata.get(key);
            if (v != null && v.length() <= 1000 && meta.size() < 100 && !key.startsWith("X-TIKA")) meta.put(key, v);
        }
        return ParsedDocument.of(
                        HeadersFooters.strip(handler.pages(), options.hideHeaders(), options.hideFooters()),
                        options,
                        meta,
                        handler.truncated())
                .withImages(images.saved());
    }

    /** How every document is parsed: without OCR (see above), PDF annotations included. */
    static ParseContext context() {
        ParseContext context = new ParseContext();
        TesseractOCRConfig ocr = new TesseractOCRConfig();
        ocr.setSkipOcr(true);
        context.set(TesseractOCRConfig.class, ocr);
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        pdf.setExtractInlineImages(false);
        pdf.setExtractAnnotationText(true);
        context.set(PDFParserConfig.class, pdf);
        context.set(HtmlMapper.class, new SpanKeepingHtmlMapper());
        return context;
    }

    /**
     * An AutoDetectParser that knows which parser takes which type. Tika's own asks every parser for
     * its types on every document, and again one level down in DefaultParser: that is about half the
     * cost of parsing a small text file. The answer depends only on the context's configuration, the
     * same for every document here, so it is worked out once, down to the parser that does the work.
     */
    static final class ResolvedOnce extends AutoDetectParser {
        private final Map<MediaType, Parser> parsers;

        ResolvedOnce(Detector detector, ParseContext config) {
            super(detector);
            Map<MediaType, Parser> leaves = new HashMap<>();
            super.getParsers(config).forEach((type, p) -> {
                Parser leaf = p;
                while (leaf instanceof CompositeParser composite) {
                    Parser inner = composite.getParsers(config).get(type);
                    if (inner == null || inner == leaf) break;
                    leaf = inner;
                }
                leaves.put(type, leaf);
            });
            this.parsers = Map.copyOf(leaves);
        }

        @Override
        public Map<MediaType, Parser> getParsers(ParseContext context) {
            return parsers;
        }
    }

    /**
     * The types that need no magic detection: a PDF by its header, and a plain text file by its name
     * when its first 8 KiB hold no NUL byte (so a binary file misnamed .txt still goes to Tika).
     * Null: ask Tika.
     */
    static MediaType quickType(TikaInputStream in, String name) throws IOException {
        byte[] head = new byte[8192];
        in.mark(head.length);
        int n;
        try {
            n = in.readNBytes(head, 0, head.length);
        } finally {
            in.reset();
        }
        if (n >= 5 && head[0] == '%' && head[1] == 'P' && head[2] == 'D' && head[3] == 'F' && head[4] == '-')
            return MediaType.application("pdf");
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (n > 0 && (lower.endsWith(".txt") || lower.endsWith(".text") || lower.endsWith(".log"))) {
            for (int i = 0; i < n; i++) {
                if (head[i] == 0) return null;
            }
            return MediaType.TEXT_PLAIN;
        }
        return null;
    }

    /** The detector of the top-level document answers with the type found before; embedded documents are detected as usual. */
    private static final class DetectedOnce implements Detector {
        private final Detector fallback;

        DetectedOnce(Detector fallback) {
            this.fallback = fallback;
        }

        @Override
        public MediaType detect(InputStream input, Metadata metadata) throws IOException {
            String known = metadata.get(DETECTED);
            if (known != null) {
                metadata.remove(DETECTED); // once: an embedded document gets a fresh Metadata anyway
                return MediaType.parse(known);
            }
            return fallback.detect(input, metadata);
        }
    }

    /**
     * {@code images_to_save: embedded} for the formats Tika reads (DOCX, PPTX, ODT, EPUB, mail...):
     * each embedded picture ImageIO can decode is saved under the page it appears on; every embedded
     * resource is still parsed for its text as before.
     */
    private static final class SavingImages extends ParsingEmbeddedDocumentExtractor {
        private static final Pattern PICTURE = Pattern.compile("(?i).*\\.(png|jpe?g|gif|bmp|tiff?)$");
        private final Images images;
        private final IntSupplier page;
        private int saved;

        SavingImages(ParseContext context, Images images, IntSupplier page) {
            super(context);
            this.images = images;
            this.page = page;
        }

        @Override
        public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml)
                throws SAXException, IOException {
            String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
            String type = metadata.get(Metadata.CONTENT_TYPE);
            // The package's own preview (docProps/thumbnail.jpeg) is not one of the document's pictures.
            boolean thumbnail = TikaCoreProperties.EmbeddedResourceType.THUMBNAIL
                            .toString()
                            .equals(metadata.get(TikaCoreProperties.EMBEDDED_RESOURCE_TYPE))
                    || (name != null && name.startsWith("thumbnail."));
            if (!thumbnail
                    && ((type != null && type.startsWith("image/"))
                            || (name != null && PICTURE.matcher(name).matches()))) {
                TikaInputStream tis = TikaInputStream.get(stream);
                int n = page.getAsInt();
                try {
                    if (images.saveFile(tis.getPath(), n, "embedded", "img_p" + n + "_" + (saved + 1))) saved++;
                } catch (IOException | RuntimeException e) {
                    // not a picture ImageIO reads (EMF, WMF...): its text, if any, is still parsed below
                }
                super.parseEmbedded(tis, handler, metadata, outputHtml);
                return;
            }
            super.parseEmbedded(stream, handler, metadata, outputHtml);
        }
    }

    /** A CSV or TSV file is one page holding one table (its text decoded by Tika, whatever the charset). */
    private ParsedDocument delimited(TikaInputStream in, String name, ParseOptions options, char separator)
            throws IOException, TikaException, SAXException, PageFailures {
        BodyContentHandler text = new BodyContentHandler((int) Math.min(Integer.MAX_VALUE, MAX_TEXT_CHARS));
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        new TXTParser().parse(in, text, metadata, new ParseContext());
        List<List<String>> rows = Delimited.rows(text.toString(), separator);
        List<Item> items = rows.isEmpty() ? List.of() : List.of(new Item.Table(rows));
        return ParsedDocument.ofPages(
                List.of(items),
                List.of(1),
                Collections.singletonList(null),
                options,
                Map.of(
                        "Content-Type",
                        metadata.get(Metadata.CONTENT_TYPE) == null ? "text/csv" : metadata.get(Metadata.CONTENT_TYPE)),
                1);
    }

    /** An image file is one page of OCR text. */
    private static ParsedDocument image(TikaInputStream in, ParseOptions options, Images images)
            throws IOException, PageFailures {
        List<String> errors = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        try {
            String text = Ocr.read(in.getPath(), options.ocrLanguages(), 120_000);
            if (text.isBlank()) text = ScanEdges.readWithoutEdges(in.getPath(), options.ocrLanguages(), 120_000);
            for (String paragraph : text.split("\\n\\s*\\n")) {
                String p = StructureHandler.clean(paragraph);
                if (!p.isEmpty()) items.add(new Item.Text(p));
            }
            errors.add(null);
        } catch (IOException e) {
            errors.add("page 1: " + ErrorText.clean(e.getMessage(), "the page could not be read", e));
        }
        FailedPages.check(errors, options);
        return ParsedDocument.ofPages(
                        List.of(Refiner.refine(items, false)),
                        List.of(1),
                        errors,
                        options,
                        Map.of("Content-Type", "image"),
                        1)
                .withImages(images.saved());
    }
}
