package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the model extractor says to the model: its instructions, the document's text, the schema of rows. */
final class ModelPrompt {
    private ModelPrompt() {}

    private static final String RULES = """
            You extract data from documents. Answer with JSON only, matching the given JSON Schema; \
            the field names and descriptions say what each field means.
            - Copy values as the document gives them; do not invent. When the document does not give \
            a field, answer null for it.
            - Numbers are JSON numbers without currency signs or thousands separators; dates with \
            format date are yyyy-mm-dd.
            """;

    /** The instructions: ours, what the target wants, then the caller's {@code system_prompt}. */
    static String system(String systemPrompt, String target) {
        String shape = switch (target) {
            case "per_page" -> "- The text is one page of a document: answer one object for this page.\n";
            case "per_table_row" ->
                "- Answer {\"rows\": [...]} with one object per row of the document's tables or line"
                        + " items, in the document's order.\n";
            default -> "- Answer one object for the whole document.\n";
        };
        String own = RULES + shape;
        return systemPrompt.isBlank() ? own : own + "\nInstructions for this extraction:\n" + systemPrompt.strip();
    }

    /** The schema a {@code per_table_row} answer fits: an object whose {@code rows} are objects of {@code schema}. */
    static JsonNode rowsSchema(JsonNode schema) {
        ObjectNode rows = JsonNodeFactory.instance.objectNode().put("type", "object");
        rows.putObject("properties").putObject("rows").put("type", "array").set("items", schema);
        rows.putArray("required").add("rows");
        return rows;
    }

    /** The pages' text, each under its number, cut at {@code maxChars}. */
    static String document(ExtractDocument pages, int maxChars) {
        StringBuilder b = new StringBuilder("<document>\n");
        for (ExtractDocument.Page p : pages.pages()) {
            b.append("--- page ").append(p.number()).append(" ---\n");
            for (ExtractDocument.Line l : p.lines()) b.append(l.text()).append('\n');
        }
        String text = b.length() > maxChars ? b.substring(0, maxChars) + "\n[the rest is cut]\n" : b.toString();
        return text + "</document>";
    }

    static String withImages(String document) {
        return "The document's pages are shown on these images. Its text layer, for reference:\n" + document;
    }
}
