package dev.batch.common.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The data schemas extraction takes ({@code POST /api/v2/extract/schema/validation}): a JSON Schema
 * object of fields, or the short form {@code {"name": {"type": "string"}, ...}}. The answer is the
 * schema normalised (an object schema at the root, local {@code $ref}s written out, {@code $defs}
 * dropped), or a {@link SchemaProblem} naming the JSON pointer of the first thing wrong: an unknown
 * type, an unsupported keyword, fields nested deeper than {@value #MAX_DEPTH} levels, more than
 * {@value #MAX_PROPERTIES} properties in all.
 */
public final class SchemaCheck {
    static final int MAX_DEPTH = 7;
    static final int MAX_PROPERTIES = 5000;
    private static final Set<String> TYPES =
            Set.of("string", "number", "integer", "boolean", "object", "array", "null");
    /** Keywords the extractor reads, or that only annotate. */
    private static final Set<String> SUPPORTED = Set.of(
            "type",
            "properties",
            "required",
            "items",
            "description",
            "title",
            "enum",
            "const",
            "format",
            "anyOf",
            "oneOf",
            "$ref",
            "$defs",
            "definitions",
            "default",
            "examples",
            "additionalProperties",
            "nullable",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "minLength",
            "maxLength",
            "pattern",
            "minItems",
            "maxItems",
            "uniqueItems",
            "$schema",
            "$id",
            "$comment",
            "multipleOf",
            "deprecated",
            "readOnly",
            "writeOnly");

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final JsonNode root;
    private final Deque<String> refs = new ArrayDeque<>();
    private int properties;

    private SchemaCheck(JsonNode root) {
        this.root = root;
    }

    /** The schema normalised, or the problem with it. */
    public static ObjectNode normalise(JsonNode dataSchema) throws SchemaProblem {
        if (dataSchema == null || !dataSchema.isObject())
            throw new SchemaProblem("", "must be a JSON object (a JSON Schema of type object)");
        boolean shortForm = shortForm(dataSchema);
        JsonNode schema = shortForm ? wrap(dataSchema) : dataSchema;
        SchemaCheck check = new SchemaCheck(schema);
        ObjectNode out;
        try {
            out = check.node(schema, "", 0);
        } catch (SchemaProblem e) {
            // A problem in the short form is named where it is in the schema as sent, not in its wrapping.
            if (!shortForm || !e.pointer().startsWith("/properties/")) throw e;
            throw new SchemaProblem(e.pointer().substring("/properties".length()), e.reason());
        }
        if (!out.has("type")) out.put("type", "object");
        if (!out.path("type").asText().equals("object") || !out.has("properties"))
            throw new SchemaProblem("", "the root must be an object schema with properties (the fields to extract)");
        return out;
    }

    /** {@code {"name": {"type": ...}, ...}}: no keyword at the top, every value a schema. */
    private static boolean shortForm(JsonNode s) {
        if (s.isEmpty()) return false;
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (SUPPORTED.contains(e.getKey()) || !e.getValue().isObject()) return false;
            JsonNode v = e.getValue();
            if (!v.has("type") && !v.has("properties") && !v.has("enum") && !v.has("$ref") && !v.has("anyOf"))
                return false;
        }
        return true;
    }

    private static ObjectNode wrap(JsonNode fields) {
        ObjectNode o = F.objectNode();
        o.put("type", "object");
        o.set("properties", fields.deepCopy());
        return o;
    }

    private ObjectNode node(JsonNode schema, String at, int depth) throws SchemaProblem {
        if (!schema.isObject()) throw new SchemaProblem(at, "a field's schema must be a JSON object");
        if (schema.has("$ref")) return ref(schema, at, depth);
        ObjectNode out = F.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String here = at + "/" + escape(key);
            if (!SUPPORTED.contains(key) && !key.startsWith("x-"))
                throw new SchemaProblem(here, "unsupported keyword '" + key + "'");
            JsonNode v = e.getValue();
            switch (key) {
                case "$defs", "definitions", "$schema", "$id" -> {} // read through $ref; not part of the answer
                case "type" -> out.set(key, type(v, here));
                case "properties" -> out.set(key, properties(v, here, depth + 1));
                case "items" -> {
                    if (!v.isObject()) throw new SchemaProblem(here, "items must be one schema (an object)");
                    out.set(key, node(v, here, depth));
                }
                case "anyOf", "oneOf" -> out.set(key, alternatives(v, here, depth));
                case "enum" -> {
                    if (!v.isArray() || v.isEmpty()) throw new SchemaProblem(here, "enum must be a non-empty array");
                    out.set(key, v.deepCopy());
                }
                case "required" -> out.set(key, required(v, schema.path("properties"), here));
                case "description", "title", "format", "pattern" -> {
                    if (!v.isTextual()) throw new SchemaProblem(here, key + " must be a string");
                    out.set(key, v);
                }
                case "additionalProperties" -> {
                    if (v.isObject()) out.set(key, node(v, here, depth + 1));
                    else if (v.isBoolean()) out.set(key, v);
                    else throw new SchemaProblem(here, "additionalProperties must be a boolean or a schema");
                }
                default -> out.set(key, v.deepCopy());
            }
        }
        if (out.has("properties") && !out.has("type") && !out.has("anyOf")) out.put("type", "object");
        if (out.path("type").asText().equals("array") && !out.has("items"))
            throw new SchemaProblem(at, "an array field needs items (the schema of its elements)");
        return out;
    }

    private JsonNode type(JsonNode v, String at) throws SchemaProblem {
        if (v.isTextual()) {
            if (!TYPES.contains(v.asText())) throw new SchemaProblem(at, "unknown type '" + v.asText() + "'");
            return v;
        }
        if (v.isArray() && !v.isEmpty()) {
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual() || !TYPES.contains(v.get(i).asText()))
                    throw new SchemaProblem(
                            at + "/" + i, "unknown type '" + v.get(i).asText() + "'");
            }
            return v.deepCopy();
        }
        throw new SchemaProblem(at, "type must be a type name or an array of them");
    }

    private ObjectNode properties(JsonNode v, String at, int depth) throws SchemaProblem {
        if (!v.isObject()) throw new SchemaProblem(at, "properties must be an object of field schemas");
        if (depth > MAX_DEPTH) throw new SchemaProblem(at, "fields are nested more than " + MAX_DEPTH + " levels deep");
        ObjectNode out = F.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String here = at + "/" + escape(e.getKey());
            if (++properties > MAX_PROPERTIES)
                throw new SchemaProblem(here, "more than " + MAX_PROPERTIES + " properties in the schema");
            out.set(e.getKey(), node(e.getValue(), here, depth));
        }
        return out;
    }

    private ArrayNode alternatives(JsonNode v, String at, int depth) throws SchemaProblem {
        if (!v.isArray() || v.isEmpty()) throw new SchemaProblem(at, "must be a non-empty array of schemas");
        ArrayNode out = F.arrayNode();
        for (int i = 0; i < v.size(); i++) out.add(node(v.get(i), at + "/" + i, depth));
        return out;
    }

    private static ArrayNode required(JsonNode v, JsonNode props, String at) throws SchemaProblem {
        if (!v.isArray()) throw new SchemaProblem(at, "required must be an array of property names");
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) throw new SchemaProblem(at + "/" + i, "required names must be strings");
            if (!props.has(v.get(i).asText()))
                throw new SchemaProblem(at + "/" + i, "'" + v.get(i).asText() + "' is required but not a property");
        }
        return (ArrayNode) v.deepCopy();
    }

    /** A local reference ({@code #/$defs/x}), written out in place; a cycle ends at the depth limit. */
    private ObjectNode ref(JsonNode schema, String at, int depth) throws SchemaProblem {
        String ref = schema.path("$ref").asText("");
        String here = at + "/$ref";
        if (!ref.startsWith("#"))
            throw new SchemaProblem(here, "only references within the schema (#/...) are supported");
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) throw new SchemaProblem(here, "reference '" + ref + "' points to nothing");
        if (refs.size() > MAX_DEPTH * 4 || depth > MAX_DEPTH)
            throw new SchemaProblem(here, "fields are nested more than " + MAX_DEPTH + " levels deep");
        refs.push(ref);
        try {
            ObjectNode out = node(target, here, depth);
            // Keywords beside $ref (a description, say) win over the target's.
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("$ref")
                        && (e.getKey().equals("description") || e.getKey().equals("title")))
                    out.set(e.getKey(), e.getValue());
            }
            return out;
        } finally {
            refs.pop();
        }
    }

    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
