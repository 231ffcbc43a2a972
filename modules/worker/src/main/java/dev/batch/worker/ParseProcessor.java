package dev.batch.worker;

import dev.batch.common.blob.FileStore;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.SAXException;

/**
 * Extracts plain text with Apache Tika and writes it to the blob store under
 * {@code results/<job>/<item>.txt}. A file that Tika cannot read is a failed item with a reason.
 * OCR is off here: Tika would otherwise run tesseract on every image, fifty times slower.
 */
public final class ParseProcessor implements DocumentProcessor {
    static final int MAX_TEXT_CHARS = 64 * 1024 * 1024;

    private final FileStore files;
    private final Parser parser = new AutoDetectParser();

    public ParseProcessor(FileStore files) {
        this.files = files;
    }

    @Override
    public ItemResult process(ItemTask task, FileRecord file, ItemResult.Builder result) throws IOException {
        String text;
        try (InputStream in = files.blobs().openContent(file.getContentHash())) {
            text = extract(in, file.getName());
        } catch (java.nio.file.NoSuchFileException e) {
            return failed(result, "FILE_NOT_FOUND", "the content of file " + task.getFileId() + " is missing from the blob store");
        } catch (EncryptedDocumentException e) {
            return failed(result, "PASSWORD_PROTECTED", "the file is password-protected: " + e.getMessage());
        } catch (TikaException | SAXException e) {
            return failed(result, "PARSE_ERROR", "cannot parse " + file.getName() + ": " + rootMessage(e));
        } catch (RuntimeException | StackOverflowError e) {
            // A parser bug on a hostile file must not take the worker down; the item fails instead.
            return failed(result, "PARSE_ERROR", "the parser crashed on " + file.getName() + ": " + rootMessage(e));
        }
        String key = "results/" + task.getJobId() + "/" + task.getItemId() + ".txt";
        files.blobs().putObject(key, text.getBytes(StandardCharsets.UTF_8));
        return result.setStatus(ItemState.completed).setOutputLocation(key).setFinishedAt(Instant.now()).build();
    }

    String extract(InputStream in, String name) throws IOException, TikaException, SAXException {
        BodyContentHandler handler = new BodyContentHandler(MAX_TEXT_CHARS);
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        ParseContext context = new ParseContext();
        TesseractOCRConfig ocr = new TesseractOCRConfig();
        ocr.setSkipOcr(true);
        context.set(TesseractOCRConfig.class, ocr);
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        pdf.setExtractInlineImages(false);
        context.set(PDFParserConfig.class, pdf);
        context.set(Parser.class, parser); // embedded documents (attachments) are parsed too
        try {
            parser.parse(in, handler, metadata, context);
        } catch (SAXException e) {
            if (!WriteLimitReachedException.isWriteLimitReached(e)) throw e;
            // keep the first MAX_TEXT_CHARS characters of an enormous document
        }
        return handler.toString();
    }

    private static ItemResult failed(ItemResult.Builder result, String code, String message) {
        return result.setStatus(ItemState.failed).setErrorCode(code).setErrorMessage(message).setFinishedAt(Instant.now()).build();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage();
        return t == e ? String.valueOf(m) : e.getMessage() + " (" + t.getClass().getSimpleName() + ": " + m + ")";
    }
}
