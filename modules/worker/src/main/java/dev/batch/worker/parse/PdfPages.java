package dev.batch.worker.parse;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.tika.exception.EncryptedDocumentException;

/**
 * PDFs with PDFBox directly, page by page: only the pages asked for are read ({@code target_pages},
 * {@code max_pages}), paragraphs come from PDFBox's own paragraph detection, and a page that fails
 * fails alone; headings are found once all pages are read ({@link PdfHeadings}). PDFBox's text is
 * the most faithful here (0.997 against the corpus ground truth, where Tika's PDF handler gives
 * 0.988), so the text is PDFBox's, unchanged but for paragraph breaks.
 */
final class PdfPages {
    private static final String PARAGRAPH = "\u2029";

    private PdfPages() {}

    static ParsedDocument parse(InputStream in, ParseOptions options, Images images, IntConsumer pagesKnown)
            throws IOException, EncryptedDocumentException, PageFailures {
        PDDocument doc;
        try {
            doc = Loader.loadPDF(new RandomAccessReadBuffer(in));
        } catch (InvalidPasswordException e) {
            throw new EncryptedDocumentException("the PDF needs a password to open", e);
        }
        try (doc) {
            int total = doc.getNumberOfPages();
            int toParse = 0;
            for (int n = 1; n <= total && (options.maxPages() == null || toParse < options.maxPages()); n++)
                if (options.wants(n)) toParse++;
            pagesKnown.accept(toParse);
            PdfLayout.Stripper stripper = new PdfLayout.Stripper();
            stripper.setParagraphStart("");
            stripper.setParagraphEnd(PARAGRAPH);
            stripper.setLineSeparator("\n");
            List<List<Item>> pages = new ArrayList<>();
            List<Integer> numbers = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            List<float[]> sizes = new ArrayList<>();
            PdfHeadings headings = new PdfHeadings();
            for (int n = 1; n <= total; n++) {
                if (!options.wants(n)) continue;
                if (options.maxPages() != null && numbers.size() >= options.maxPages()) break;
                numbers.add(n);
                sizes.add(size(doc.getPage(n - 1)));
                try {
                    List<Item> page = Refiner.refine(items(doc, n, stripper, options), true);
                    headings.page(page, stripper.lines);
                    pages.add(page);
                    errors.add(null);
                    saveImages(doc, n, options, images);
                } catch (IOException | RuntimeException e) {
                    pages.add(rawText(doc, n, options)); // what stands in for the page, if anything
                    headings.failedPage();
                    errors.add("page " + n + ": " + ErrorText.clean(e.getMessage(), "the page could not be read", e));
                }
            }
            FailedPages.check(errors, options);
            pages = headings.apply(pages, numbers);
            pages = Hyphenation.join(pages);
            pages = HeadersFooters.strip(pages, options.hideHeaders(), options.hideFooters());
            if (options.mergeContinuedTables()) pages = ContinuedTables.merge(pages, numbers, errors, sizes);
            ParsedDocument parsed =
                    ParsedDocument.ofPages(pages, numbers, errors, sizes, options, metadata(doc, total), total);
            return parsed.withImages(images.saved());
        }
    }

    /** Width and height of a page as it is shown (a page turned by 90 or 270 degrees swaps them). */
    private static float[] size(PDPage page) {
        PDRectangle media = page.getMediaBox();
        boolean turned = page.getRotation() % 180 != 0;
        return turned
                ? new float[] {media.getHeight(), media.getWidth()}
                : new float[] {media.getWidth(), media.getHeight()};
    }

    /** Page {@code n}'s items: from its text layer by layout, or, for a page that is only an image, OCR's paragraphs. */
    private static List<Item> items(PDDocument doc, int n, PdfLayout.Stripper stripper, ParseOptions options)
            throws IOException {
        UprightText.Read read = UprightText.read(doc, n, stripper, PARAGRAPH);
        if (!(read.blank() && hasImages(doc.getPage(n - 1)) && !options.disableOcr())) {
            PDPage page = doc.getPage(n - 1);
            PDRectangle crop = page.getCropBox();
            float[] size = read.size(crop);
            List<PdfLayout.Line> lines = Columns.read(LineNumbers.strip(read.lines()));
            List<Item> items =
                    PdfLayout.items(lines, () -> read.drawing(stripper.drawing.drawing(), crop), size[0], size[1]);
            stripper.lines.clear(); // the lines the page's headings are read from, on the page as shown
            stripper.lines.addAll(read.frame().lines(lines));
            return read.frame().turn(items);
        }
        List<Item> items = new ArrayList<>();
        for (String paragraph : ocr(doc, n - 1, options).split("\\n\\s*\\n")) {
            String p = StructureHandler.clean(paragraph);
            if (!p.isEmpty()) items.add(new Item.Text(p));
        }
        return items;
    }

    /** The document's metadata, in the names Tika gives them. */
    private static Map<String, String> metadata(PDDocument doc, int total) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("Content-Type", "application/pdf");
        meta.put("xmpTPg:NPages", Integer.toString(total));
        PDDocumentInformation info = doc.getDocumentInformation();
        if (info != null) {
            put(meta, "dc:title", info.getTitle());
            put(meta, "dc:creator", info.getAuthor());
            put(meta, "pdf:producer", info.getProducer());
            put(meta, "xmp:CreatorTool", info.getCreator());
        }
        meta.put("pdf:encrypted", Boolean.toString(doc.isEncrypted()));
        var form = doc.getDocumentCatalog().getAcroForm(null);
        if (form != null) {
            int fields = 0;
            for (var ignored : form.getFieldTree()) if (++fields >= 10_000) break;
            meta.put("pdf:formFields", Integer.toString(fields));
        }
        return meta;
    }

    /** For {@code raw_text}: the page's text layer as PDFBox reads it plainly, without our layout analysis. */
    private static List<Item> rawText(PDDocument doc, int n, ParseOptions options) {
        if (!"raw_text".equals(options.replaceFailedPageMode())) return List.of();
        try {
            PDFTextStripper plain = new PDFTextStripper();
            plain.setStartPage(n);
            plain.setEndPage(n);
            String text = plain.getText(doc).strip();
            return text.isEmpty() ? List.of() : List.of(new Item.Text(text));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** {@code images_to_save}: the page rendered ({@code screenshot}), its pictures ({@code embedded}). */
    private static void saveImages(PDDocument doc, int n, ParseOptions options, Images images) throws IOException {
        if (!images.enabled()) return;
        if (options.imagesToSave().contains("screenshot")) {
            var box = doc.getPage(n - 1).getMediaBox();
            float dpi = Math.min(150f, 3000 * 72f / Math.max(1f, Math.max(box.getWidth(), box.getHeight())));
            PDFRenderer renderer = new PDFRenderer(doc);
            renderer.setSubsamplingAllowed(true);
            images.save(renderer.renderImageWithDPI(n - 1, dpi, ImageType.RGB), n, "screenshot", "page_" + n);
        }
        if (options.imagesToSave().contains("embedded")) {
            var resources = doc.getPage(n - 1).getResources();
            if (resources == null) return;
            int k = 0;
            for (var name : resources.getXObjectNames()) {
                if (resources.getXObject(name) instanceof PDImageXObject img
                        && (long) img.getWidth() * img.getHeight() <= Images.MAX_PIXELS) {
                    images.save(img.getImage(), n, "embedded", "img_p" + n + "_" + (++k));
                }
            }
        }
    }

    private static boolean hasImages(PDPage page) {
        var resources = page.getResources();
        if (resources == null) return false;
        for (var name : resources.getXObjectNames()) {
            try {
                if (resources.getXObject(name) instanceof PDImageXObject) return true;
                if (resources.getXObject(name) instanceof PDFormXObject) return true;
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    /** The most pixels on a side of a page rendered for OCR: enough for text, bounded for memory. */
    static final int MAX_OCR_SIDE = 4000;

    /**
     * Renders a page in grey at 300 dpi, or less for a page so large that it would pass
     * {@link #MAX_OCR_SIDE} pixels (a 30-inch poster of a 9000-pixel scan), and reads it with Tesseract.
     */
    private static String ocr(PDDocument doc, int index, ParseOptions options) throws IOException {
        if (Ocr.binary().isEmpty()) {
            throw new IOException("this page is an image and needs OCR, which is not installed: " + Ocr.HOW_TO_ENABLE);
        }
        var box = doc.getPage(index).getMediaBox();
        float longest = Math.max(box.getWidth(), box.getHeight());
        float dpi = Math.min(300f, MAX_OCR_SIDE * 72f / Math.max(1f, longest));
        PDFRenderer renderer = new PDFRenderer(doc);
        renderer.setSubsamplingAllowed(true); // decode huge embedded images at the resolution we render, not theirs
        BufferedImage image = renderer.renderImageWithDPI(index, dpi, ImageType.GRAY);
        Path png = Files.createTempFile("ocr-page-", ".png");
        try {
            ImageIO.write(image, "png", png.toFile());
            return Ocr.read(png, options.ocrLanguages(), 120_000);
        } finally {
            Files.deleteIfExists(png);
        }
    }

    private static void put(Map<String, String> meta, String key, String value) {
        if (value != null && !value.isBlank() && value.length() <= 1000) meta.put(key, value);
    }
}
