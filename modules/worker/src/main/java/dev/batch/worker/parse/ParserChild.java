package dev.batch.worker.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.common.kafka.Trace;
import dev.batch.events.ErrorCode;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parser in its own JVM ({@link ParserPool} starts it): reads one request a line on standard
 * input, parses the file it names, writes the result JSON where the request says, and answers one
 * line on standard output, carrying the request's {@code id} (so does the page count it may send
 * first). A document that hangs, exhausts the heap or crashes native code takes only this process
 * down; the worker kills or restarts it and fails that one item.
 */
public final class ParserChild {
    private static final Logger log = LoggerFactory.getLogger(ParserChild.class);

    private ParserChild() {}

    public static void main(String[] args) throws Exception {
        // Standard output is the protocol; everything else (logging included) goes to standard error.
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
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
            ObjectNode answer;
            try (Trace.Scope mdc = Trace.mdc(
                    req.path("project_id").asText(null),
                    req.path("job_id").asText(null),
                    req.path("item_id").asText(null),
                    null)) {
                answer = answer(
                        req,
                        parser,
                        snake,
                        pages -> protocol.println("{\"id\": " + id + ", \"pages_known\": " + pages + "}"));
            }
            protocol.println(json.writeValueAsString(answer.put("id", id)));
        }
    }

    /** Parses the file a request names into the result file it names; the answer says how it went. */
    private static ObjectNode answer(JsonNode req, DocumentParser parser, ObjectMapper snake, IntConsumer pagesKnown) {
        ObjectNode answer = snake.createObjectNode();
        String name = req.path("name").asText();
        InputStream content;
        try {
            content = Files.newInputStream(Path.of(req.get("input").asText()));
        } catch (IOException e) {
            log.warn(
                    "Could not open the stored file of item {} of job {}",
                    req.path("item_id").asText(),
                    req.path("job_id").asText(),
                    e);
            return failed(
                    answer,
                    ErrorCode.PARSE_ERROR,
                    "could not read the stored file of " + name + "; " + ErrorText.RETRY);
        }
        ParsedDocument doc;
        byte[] result;
        try (content) {
            ParseOptions options =
                    ParseOptions.of(ParseRequest.config(req.get("config").asText()));
            Images images = req.hasNonNull("images_dir")
                    ? new Images(Path.of(req.get("images_dir").asText()))
                    : Images.none();
            // The page count, as soon as it is known, buys the document its per-page time allowance.
            doc = parser.parse(content, name, options, images, pagesKnown);
            result = snake.writeValueAsBytes(ParseResult.of(
                    req.get("job_id").asText(),
                    req.get("item_id").asText(),
                    req.get("file_id").asText(),
                    name,
                    req.get("project_id").asText(),
                    doc,
                    options));
        } catch (Exception | StackOverflowError e) {
            ErrorText.Failure f = ErrorText.failure(e, name);
            return failed(answer, f.code(), f.message());
        }
        try {
            Files.write(Path.of(req.get("output").asText()), result);
        } catch (IOException e) {
            log.warn(
                    "Could not write the result of item {} of job {}",
                    req.path("item_id").asText(),
                    req.path("job_id").asText(),
                    e);
            return failed(
                    answer, ErrorCode.PARSE_ERROR, "could not store the result of " + name + "; " + ErrorText.RETRY);
        }
        return answer.put("ok", true).put("pages", doc.pages().size());
    }

    private static ObjectNode failed(ObjectNode answer, ErrorCode code, String message) {
        return answer.put("ok", false).put("code", code.name()).put("message", message);
    }
}
