package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The parts of a parse result that {@code GET /api/v2/parse/{id}?expand=…} adds, in the SDK's
 * {@code ParsingGetResponse} shapes, built from the stored result JSON. The downloadable results
 * ({@link #KINDS}) are rendered here too, so a signed URL returns exactly the bytes whose size the
 * content metadata states.
 */
final class ParseResultView {
    /** Results a {@code *_content_metadata} expand points at, in the SDK's order. */
    static final List<String> KINDS = List.of("text", "markdown", "items", "metadata", "xlsx", "output_pdf");
    /** Results the built-in engine writes; xlsx and output_pdf it does not produce. */
    static final Set<String> PRODUCED = Set.of("text", "markdown", "items", "metadata");

    private ParseResultView() {}

    /** The per-page expansions: {@code text}, {@code markdown}, {@code items}; a failed page says why. */
    static void expandPages(ObjectNode out, JsonNode result, Set<String> expand) {
        JsonNode pages = result.path("pages");
        if (expand.contains("text")) out.set("text", text(pages));
        if (expand.contains("markdown")) out.set("markdown", markdown(pages));
        if (expand.contains("items")) out.set("items", items(pages));
        if (expand.contains("metadata")) out.set("metadata", metadata(result));
        if (expand.contains("text_full")) out.set("text_full", result.get("text_full"));
        if (expand.contains("markdown_full")) out.set("markdown_full", result.get("markdown_full"));
    }

    static ObjectNode text(JsonNode pages) {
        ObjectNode text = Json.MAPPER.createObjectNode();
        ArrayNode a = text.putArray("pages");
        pages.forEach(p -> a.addObject()
                .put("page_number", p.get("page_number").asInt())
                .put("text", p.path("text").asText()));
        return text;
    }

    static ObjectNode markdown(JsonNode pages) {
        ObjectNode markdown = Json.MAPPER.createObjectNode();
        ArrayNode a = markdown.putArray("pages");
        pages.forEach(p -> {
            ObjectNode page =
                    a.addObject().put("page_number", p.get("page_number").asInt());
            if (failed(p)) page.put("error", p.path("error").asText()).put("success", false);
            else
                page.put("markdown", p.path("markdown").asText())
                        .put("success", true)
                        .putNull("header")
                        .putNull("footer");
        });
        return markdown;
    }

    static ObjectNode items(JsonNode pages) {
        ObjectNode items = Json.MAPPER.createObjectNode();
        ArrayNode a = items.putArray("pages");
        pages.forEach(p -> {
            ObjectNode page = a.addObject();
            page.put("page_number", p.get("page_number").asInt());
            if (failed(p)) {
                page.put("error", p.path("error").asText()).put("success", false);
                return;
            }
            page.set("items", p.get("items"));
            page.set("page_width", p.get("page_width"));
            page.set("page_height", p.get("page_height"));
            page.put("success", true);
        });
        return items;
    }

    static ObjectNode metadata(JsonNode result) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        ArrayNode a = m.putArray("pages");
        result.path("pages")
                .forEach(p ->
                        a.addObject().put("page_number", p.get("page_number").asInt()));
        m.set("document", result.get("document_metadata"));
        m.put("total_pages", result.path("total_pages").asInt());
        return m;
    }

    /** A downloadable result as bytes, with its content type; null for a kind the engine does not produce. */
    static Rendered render(JsonNode result, String kind) {
        return switch (kind) {
            case "text" ->
                new Rendered(
                        "text/plain; charset=utf-8",
                        utf8(result.path("text_full").asText()));
            case "markdown" ->
                new Rendered(
                        "text/markdown; charset=utf-8",
                        utf8(result.path("markdown_full").asText()));
            case "items" -> new Rendered("application/json", json(items(result.path("pages"))));
            case "metadata" -> new Rendered("application/json", json(metadata(result)));
            default -> null;
        };
    }

    record Rendered(String contentType, byte[] bytes) {}

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(JsonNode n) {
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean failed(JsonNode page) {
        return page.has("success") && !page.get("success").asBoolean(true);
    }
}
