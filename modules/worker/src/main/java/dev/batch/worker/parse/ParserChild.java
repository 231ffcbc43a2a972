package dev.batch.worker.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.tika.exception.EncryptedDocumentException;

/**
 * The parser in its own JVM ({@link ParserPool} starts it): reads one request a line on standard
 * input, parses the file it names, writes the result JSON where the request says, and answers one
 * line on standard output, carrying the request's {@code id} (so does the page count it may send
 * first). A document that hangs, exhausts the heap or crashes native code takes only this process
 * down; the worker kills or restarts it and fails that one item.
 */
public final class ParserChild {
    private ParserChild() {}

    public static void main(String[] args) throws Exception {
        // Standard output is the protocol; everything else (logging included) goes to standard error.
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        ObjectMapper json = new ObjectMapper();
        ObjectMapper snake = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        DocumentParser parser = new DocumentParser();
        protocol.println("{\"ready\": true}");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            JsonNode req = json.readTree(line);
            long id = req.path("id").asLong(-1);
            ObjectNode answer = json.createObjectNode().put("id", id);
            try (InputStream content = Files.newInputStream(Path.of(req.get("input").asText()))) {
                ParseOptions options = ParseOptions.of(req.get("config").asText());
                Images images = req.hasNonNull("images_dir") ? new Images(Path.of(req.get("images_dir").asText())) : Images.none();
                // The page count, as soon as it is known, buys the document its per-page time allowance.
                ParsedDocument doc = parser.parse(content, req.get("name").asText(), options, images,
                        pages -> protocol.println("{\"id\": " + id + ", \"pages_known\": " + pages + "}"));
                ParseResult result = ParseResult.of(req.get("job_id").asText(), req.get("item_id").asText(), req.get("file_id").asText(),
                        req.get("name").asText(), req.get("project_id").asText(), doc, options);
                Files.write(Path.of(req.get("output").asText()), snake.writeValueAsBytes(result));
                answer.put("ok", true).put("pages", doc.pages().size());
            } catch (PageFailures e) {
                answer.put("ok", false).put("code", "PAGES_FAILED").put("message", e.getMessage());
            } catch (EncryptedDocumentException e) {
                answer.put("ok", false).put("code", "PASSWORD_PROTECTED").put("message", "the file is password-protected: " + e.getMessage());
            } catch (Exception | StackOverflowError e) {
                answer.put("ok", false).put("code", "PARSE_ERROR").put("message", "cannot parse " + req.path("name").asText() + ": " + rootMessage(e));
            }
            protocol.println(json.writeValueAsString(answer));
        }
    }

    /** The message of an exception and of its root cause, for an item's error_message. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = String.valueOf(t.getMessage());
        if (t == e) return m;
        String top = String.valueOf(e.getMessage());
        // Tika wraps parser failures ("TIKA-198: Illegal IOException from ...Parser@1a2b"): the cause says what happened.
        if (top.startsWith("TIKA-") || top.startsWith("Unexpected RuntimeException from")) return m;
        return top + " (" + t.getClass().getSimpleName() + ": " + m + ")";
    }
}
