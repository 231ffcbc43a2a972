package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.common.extract.SchemaCheck;
import dev.batch.common.extract.SchemaProblem;
import dev.batch.worker.llm.ChatEndpoint;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Extraction by an OpenAI-compatible model endpoint: the data schema goes as a structured-output
 * request ({@code response_format: json_schema}, not strict) with the document's text, and its page
 * images for tier {@code agentic}; {@code per_page} asks once per page, {@code per_table_row} asks
 * for {@code {"rows": [...]}}. The answer must be JSON valid against the schema (every field may be
 * null, as the built-in's); its values are then located in the document for citations
 * ({@link AnswerCitations}). Anything else (an HTTP error, a timeout, an answer that is not such
 * JSON) is an {@link IOException}: the caller falls back to the built-in {@link Extractor}
 * ({@link Extractions#run}). Out: the built-in's shape, with {@code extractor: "model <name>"}.
 */
public final class LlmExtractor {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The document text sent in one request; the rest is cut (a model's context window is finite). */
    static final int MAX_TEXT_CHARS = 60_000;

    static final int MAX_IMAGES = 8;

    private final ChatEndpoint endpoint;

    public LlmExtractor(ChatEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Who answered, for the result's {@code extractor}. */
    public String name() {
        return "model " + endpoint.model();
    }

    /** Whether a configuration asks for page images ({@code tier} agentic or agentic_plus). */
    public static boolean wantsImages(JsonNode configuration) {
        return configuration.path("tier").asText("").startsWith("agentic");
    }

    /**
     * The extraction of {@code configuration} from {@code doc} by the model; {@code pageImages}: PNG
     * renderings of the document's pages, image i for {@code doc.pages().get(i)} (empty: text only).
     */
    public ObjectNode extract(ExtractDocument doc, JsonNode configuration, List<byte[]> pageImages)
            throws IOException, InterruptedException {
        JsonNode schema;
        try {
            schema = SchemaCheck.normalise(configuration.path("data_schema"));
        } catch (SchemaProblem e) {
            throw new IOException(e.getMessage(), e);
        }
        String target = configuration.path("extraction_target").asText("per_doc");
        ExtractDocument pages = PageChoice.of(configuration).apply(doc);
        Question q = new Question(
                ModelPrompt.system(configuration.path("system_prompt").asText(""), target),
                schema,
                FieldSpec.fields(schema),
                configuration.path("cite_sources").asBoolean(true),
                configuration.path("confidence_scores").asBoolean(true),
                imagesByPage(doc, pageImages));
        ObjectNode fieldMetadata = JSON.createObjectNode();
        JsonNode result = switch (target) {
            case "per_doc" -> object(q, pages, fieldMetadata.putObject("document_metadata"));
            case "per_page" -> {
                ArrayNode values = JSON.createArrayNode();
                ArrayNode metadata = fieldMetadata.putArray("page_metadata");
                for (ExtractDocument.Page p : pages.pages())
                    values.add(object(q, new ExtractDocument(List.of(p)), metadata.addObject()));
                yield values;
            }
            case "per_table_row" -> rows(q, pages, fieldMetadata.putArray("row_metadata"));
            default ->
                throw new IllegalArgumentException(
                        "extraction_target must be per_doc, per_page or per_table_row, not '" + target + "'");
        };
        ObjectNode out = JSON.createObjectNode();
        out.set("extract_result", result);
        out.putObject("extract_metadata").set("field_metadata", fieldMetadata);
        out.putObject("usage").put("num_pages_extracted", pages.pages().size());
        out.put("extractor", name());
        return out;
    }

    /** What every request of one extraction shares. */
    private record Question(
            String system,
            JsonNode schema,
            List<FieldSpec> fields,
            boolean cite,
            boolean confidence,
            Map<Integer, byte[]> pageImages) {}

    /** One object for {@code pages} (the document, or one page of it), cited in those pages only. */
    private ObjectNode object(Question q, ExtractDocument pages, ObjectNode metadata)
            throws IOException, InterruptedException {
        JsonNode answer = ask(q.system(), q.schema(), pages, images(q.pageImages(), pages));
        checked(q.schema(), answer, "per_doc");
        return new AnswerCitations(new DocIndex(pages), q.cite(), q.confidence())
                .object(q.fields(), answer, metadata, -1);
    }

    /** The rows of the document's tables or line items, asked as {@code {"rows": [...]}}. */
    private ArrayNode rows(Question q, ExtractDocument pages, ArrayNode metadata)
            throws IOException, InterruptedException {
        JsonNode answer = ask(q.system(), ModelPrompt.rowsSchema(q.schema()), pages, images(q.pageImages(), pages));
        JsonNode rows = answer.isArray() ? answer : answer.path("rows");
        if (!rows.isArray()) throw new IOException("the model's answer has no \"rows\" array");
        checked(q.schema(), rows, "per_table_row");
        return new AnswerCitations(new DocIndex(pages), q.cite(), q.confidence()).rows(q.fields(), rows, metadata);
    }

    /** The model's answer to the schema over {@code pages}: parsed JSON, not yet checked. */
    private JsonNode ask(String system, JsonNode schema, ExtractDocument pages, List<byte[]> images)
            throws IOException, InterruptedException {
        ObjectNode body = endpoint.body();
        ObjectNode format = body.putObject("response_format").put("type", "json_schema");
        format.putObject("json_schema")
                .put("name", "extraction")
                .put("strict", false)
                .set("schema", schema);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        String text = ModelPrompt.document(pages, MAX_TEXT_CHARS);
        ObjectNode user = messages.addObject().put("role", "user");
        if (images.isEmpty()) {
            user.put("content", text);
        } else {
            ArrayNode parts = user.putArray("content");
            parts.addObject().put("type", "text").put("text", ModelPrompt.withImages(text));
            for (byte[] png : images) ChatEndpoint.addImage(parts, png);
        }
        String raw = endpoint.complete(body);
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            throw new IOException("the model did not answer JSON: " + ChatEndpoint.abbreviate(raw), e);
        }
    }

    /** Refuses an answer the schema rejects (null allowed for every field, as for the built-in's). */
    private static void checked(JsonNode schema, JsonNode answer, String target) throws IOException {
        if (target.equals("per_doc") && !answer.isObject())
            throw new IOException(
                    "the model did not answer a JSON object: " + ChatEndpoint.abbreviate(answer.toString()));
        List<String> problems = ResultCheck.problems(schema, answer.deepCopy(), target);
        if (!problems.isEmpty())
            throw new IOException("the model's answer does not fit the schema: "
                    + ChatEndpoint.abbreviate(String.join("; ", problems)));
    }

    /** Image i is the document's page i, by that page's number. */
    private static Map<Integer, byte[]> imagesByPage(ExtractDocument doc, List<byte[]> pageImages) {
        Map<Integer, byte[]> out = new HashMap<>();
        for (int i = 0; i < Math.min(doc.pages().size(), pageImages.size()); i++)
            out.put(doc.pages().get(i).number(), pageImages.get(i));
        return out;
    }

    /** The images of {@code pages}, at most {@link #MAX_IMAGES}. */
    private static List<byte[]> images(Map<Integer, byte[]> pageImages, ExtractDocument pages) {
        return pages.pages().stream()
                .map(p -> pageImages.get(p.number()))
                .filter(Objects::nonNull)
                .limit(MAX_IMAGES)
                .toList();
    }
}
