package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One field of a (normalised) data schema as the extractor uses it: its name and description (what
 * to look for), its type and format (what a value must look like), enum values, and for objects
 * and arrays the fields inside. {@code anyOf}/{@code oneOf} and type lists with {@code null} make
 * a nullable field of the other type.
 */
record FieldSpec(
        String name,
        String description,
        String type,
        String format,
        List<String> enumValues,
        List<FieldSpec> properties,
        FieldSpec items) {

    /** The fields of an object schema. */
    static List<FieldSpec> fields(JsonNode objectSchema) {
        List<FieldSpec> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        objectSchema.path("properties").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(of(e.getKey(), e.getValue()));
        }
        return out;
    }

    static FieldSpec of(String name, JsonNode schema) {
        JsonNode s = chosen(schema);
        String description = text(schema, "description");
        if (description.isEmpty()) description = text(s, "description");
        String title = text(schema, "title");
        if (!title.isEmpty()) description = (title + ". " + description).strip();
        List<String> enums = new ArrayList<>();
        for (JsonNode e : s.path("enum")) if (!e.isNull()) enums.add(e.asText());
        if (s.has("const")) enums.add(s.path("const").asText());
        String type = type(s, enums);
        FieldSpec items = type.equals("array") ? of(name, s.path("items")) : null;
        return new FieldSpec(
                name,
                description,
                type,
                text(s, "format"),
                List.copyOf(enums),
                type.equals("object") ? fields(s) : List.of(),
                items);
    }

    /** The non-null alternative of a nullable field. */
    private static JsonNode chosen(JsonNode schema) {
        for (String key : List.of("anyOf", "oneOf")) {
            if (!schema.path(key).isArray()) continue;
            for (JsonNode alt : schema.path(key)) {
                if (!alt.path("type").asText().equals("null")) return alt;
            }
        }
        return schema;
    }

    private static String type(JsonNode s, List<String> enums) {
        JsonNode t = s.path("type");
        if (t.isArray()) {
            for (JsonNode one : t) if (!one.asText().equals("null")) return one.asText();
        }
        if (t.isTextual()) return t.asText();
        if (s.has("properties")) return "object";
        if (s.has("items")) return "array";
        return enums.isEmpty() ? "string" : "string";
    }

    private static String text(JsonNode s, String key) {
        return s.path(key).isTextual() ? s.path(key).asText().strip() : "";
    }

    boolean isArrayOfObjects() {
        return type.equals("array") && items != null && items.type().equals("object");
    }

    boolean isScalar() {
        return !type.equals("object") && !type.equals("array");
    }
}
