package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.common.extract.SchemaCheck;
import dev.batch.common.extract.SchemaProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built-in extractor: fields of a JSON Schema from a parsed document, offline, with citations.
 * Each field is matched by its name and description to labels in the document and by its type and
 * format to candidate values; the best candidate wins on its evidence (label distance, type
 * validity, position), or the field is null with a low confidence that says why.
 *
 * <p>In: a {@link ExtractDocument} and the SDK's {@code ExtractConfiguration} JSON
 * ({@code data_schema}, {@code extraction_target} per_doc | per_page | per_table_row,
 * {@code cite_sources}, {@code confidence_scores}, {@code target_pages}, {@code max_pages}). Out:
 * {@code {"extract_result": ..., "extract_metadata": {"field_metadata": {...}}, "usage": {...},
 * "extractor": "built-in"}}; the result is checked against the schema ({@link ResultCheck}).
 * Thread-safe: no state between calls.
 */
public final class Extractor {
    public static final String NAME = "built-in";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Extractor() {}

    public static ObjectNode extract(ExtractDocument doc, JsonNode configuration) throws SchemaProblem {
        JsonNode schema = SchemaCheck.normalise(configuration.path("data_schema"));
        String target = configuration.path("extraction_target").asText("per_doc");
        boolean cite = configuration.path("cite_sources").asBoolean(true);
        boolean confidence = configuration.path("confidence_scores").asBoolean(true);
        ExtractDocument pages = PageChoice.of(configuration).apply(doc);
        List<FieldSpec> fields = FieldSpec.fields(schema);
        ObjectNode out = F.objectNode();
        ObjectNode fieldMetadata = F.objectNode();
        switch (target) {
            case "per_doc" -> {
                ObjectNode value = F.objectNode();
                List<DocIndex> others =
                        pages.otherReadings().stream().map(DocIndex::new).toList();
                new ObjectReader(new DocIndex(pages), others, cite, confidence)
                        .read(fields, "", value, fieldMetadata.putObject("document_metadata"));
                out.set("extract_result", value);
            }
            case "per_page" -> {
                ArrayNode values = F.arrayNode();
                ArrayNode meta = fieldMetadata.putArray("page_metadata");
                for (ExtractDocument.Page p : pages.pages()) {
                    ExtractDocument one = new ExtractDocument(List.of(p));
                    new ObjectReader(new DocIndex(one), cite, confidence)
                            .read(fields, "", values.addObject(), meta.addObject());
                }
                out.set("extract_result", values);
            }
            case "per_table_row" -> {
                ArrayNode values = F.arrayNode();
                ArrayNode meta = fieldMetadata.putArray("row_metadata");
                DocIndex ix = new DocIndex(pages);
                ObjectReader reader = new ObjectReader(ix, cite, confidence);
                for (Map<String, Answer> row : TableRows.rows(ix, fields, "")) {
                    reader.rowInto(fields, row, values.addObject(), meta.addObject());
                }
                out.set("extract_result", values);
            }
            default ->
                throw new IllegalArgumentException(
                        "extraction_target must be per_doc, per_page or per_table_row, not '" + target + "'");
        }
        List<String> problems = ResultCheck.problems(schema, out.get("extract_result"), target);
        ObjectNode metadata = out.putObject("extract_metadata");
        metadata.set("field_metadata", fieldMetadata);
        ObjectNode usage = out.putObject("usage");
        usage.put("num_pages_extracted", pages.pages().size());
        out.put("extractor", NAME);
        if (!problems.isEmpty()) out.set("schema_violations", F.arrayNode().addAll(texts(problems)));
        return out;
    }

    private static List<JsonNode> texts(List<String> problems) {
        List<JsonNode> out = new ArrayList<>();
        for (String p : problems) out.add(F.textNode(p));
        return out;
    }
}
