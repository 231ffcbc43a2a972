package dev.batch.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.batch.common.blob.FileStore;
import dev.batch.worker.parse.DocumentParser;
import dev.batch.worker.parse.ParseOptions;
import dev.batch.worker.parse.ParseResult;
import dev.batch.worker.parse.ParsedDocument;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.xml.sax.SAXException;

/**
 * Parses a document with Apache Tika into pages of text, markdown and structured items (see
 * {@link dev.batch.worker.parse.DocumentParser}) and writes the result as JSON to the blob store
 * under {@code results/<job>/<item>.json}, the item's output location. A file that Tika cannot read
 * is a failed item with a reason.
 */
public final class ParseProcessor implements DocumentProcessor {
    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final FileStore files;
    private final DocumentParser parser = new DocumentParser();

    public ParseProcessor(FileStore files) {
        this.files = files;
    }

    @Override
    public ItemResult process(ItemTask task, FileRecord file, ItemResult.Builder result) throws IOException {
        ParseOptions options = ParseOptions.of(task.getJobConfigJson());
        ParsedDocument doc;
        try (InputStream in = files.blobs().openContent(file.getContentHash())) {
            doc = parser.parse(in, file.getName(), options);
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
        String key = "results/" + task.getJobId() + "/" + task.getItemId() + ".json";
        files.blobs().putObject(key, JSON.writeValueAsBytes(ParseResult.of(task, file, doc, options)));
        return result.setStatus(ItemState.completed).setOutputLocation(key).setFinishedAt(Instant.now()).build();
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
