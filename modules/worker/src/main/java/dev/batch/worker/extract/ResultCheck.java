package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks an extraction result against its data schema with a maintained JSON Schema validator
 * (networknt, draft 2020-12, formats asserted). A field the document did not give is null, so
 * every field also accepts null; anything else the schema forbids (a pattern, a range) is set to
 * null in the result and reported, rather than handing back a result the schema rejects.
 */
public final class ResultCheck {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .pathType(PathType.JSON_POINTER)
                    .formatAssertionsEnabled(true)
                    .build()));
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ResultCheck() {}

    /** The schema's violations by {@code result} ("pointer: message"), after nulling the values at fault. */
    static List<String> problems(JsonNode schema, JsonNode result, String target) {
        JsonNode nullable = nullable(schema.deepCopy(), true);
        JsonNode checked = target.equals("per_doc")
                ? nullable
                : F.objectNode().put("type", "array").set("items", nullable);
        Schema s = REGISTRY.getSchema(checked.toString(), InputFormat.JSON);
        List<String> out = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            List<Error> errors = s.validate(result.toString(), InputFormat.JSON);
            if (errors.isEmpty()) return out;
            boolean repaired = false;
            for (Error e : errors) {
                String at = e.getInstanceLocation().toString();
                out.add(at + ": " + e.getMessage());
                repaired |= setNull(result, at);
            }
            if (!repaired) return out;
        }
        return out;
    }

    /** Whether {@code result} is valid against {@code schema} as given (no nulls allowed beyond the schema's). */
    public static List<String> strictErrors(JsonNode schema, JsonNode result) {
        Schema s = REGISTRY.getSchema(schema.toString(), InputFormat.JSON);
        List<String> out = new ArrayList<>();
        for (Error e : s.validate(result.toString(), InputFormat.JSON))
            out.add(e.getInstanceLocation() + ": " + e.getMessage());
        return out;
    }

    /** The schema with null allowed for every field below the root. */
    private static JsonNode nullable(JsonNode schema, boolean root) {
        if (!schema.isObject()) return schema;
        ObjectNode o = (ObjectNode) schema;
        for (Iterator<Map.Entry<String, JsonNode>> it = o.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            nullable(e.getValue(), false);
        }
        if (o.has("items")) nullable(o.get("items"), true);
        for (String alt : List.of("anyOf", "oneOf")) {
            if (o.path(alt).isArray()) {
                for (JsonNode a : o.get(alt)) nullable(a, true);
                if (!root) ((ArrayNode) o.get(alt)).addObject().put("type", "null");
            }
        }
        if (root) return o;
        JsonNode type = o.get("type");
        if (type != null && type.isTextual())
            o.set("type", F.arrayNode().add(type.asText()).add("null"));
        else if (type != null && type.isArray()) ((ArrayNode) type).add("null");
        if (o.path("enum").isArray()) ((ArrayNode) o.get("enum")).addNull();
        return o;
    }

    /** Sets the value at a JSON pointer to null; false if it is the root or not there. */
    private static boolean setNull(JsonNode result, String pointer) {
        int slash = pointer.lastIndexOf('/');
        if (slash < 0 || pointer.isEmpty()) return false;
        JsonNode parent = result.at(pointer.substring(0, slash));
        String key = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent.isObject() && parent.has(key) && !parent.get(key).isNull()) {
            ((ObjectNode) parent).putNull(key);
            return true;
        }
        if (parent.isArray() && key.matches("\\d+") && Integer.parseInt(key) < parent.size()) {
            ((ArrayNode) parent).set(Integer.parseInt(key), F.nullNode());
            return true;
        }
        return false;
    }
}
