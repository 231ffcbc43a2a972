package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * A found value in the JSON type its field declares: amounts as numbers for {@code number}, whole
 * numbers only for {@code integer}, text for {@code string} (numbers as written with their cents,
 * dates already ISO). What cannot be had in the declared type without inventing becomes null.
 */
final class Coerce {
    private Coerce() {}

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static JsonNode to(FieldSpec f, JsonNode v) {
        if (v == null || v.isNull()) return NullNode.getInstance();
        return switch (f.type()) {
            case "number" -> number(v);
            case "integer" -> integer(v);
            case "boolean" -> v.isBoolean() ? v : NullNode.getInstance();
            case "string" ->
                v.isTextual()
                        ? v
                        : v.isNumber() ? F.textNode(v.decimalValue().toPlainString()) : F.textNode(v.asText());
            default -> v;
        };
    }

    private static JsonNode number(JsonNode v) {
        if (v.isNumber()) return F.numberNode(v.decimalValue());
        List<Amounts.Amount> a = Amounts.in(v.asText());
        return a.size() == 1 ? F.numberNode(a.get(0).value()) : NullNode.getInstance();
    }

    private static JsonNode integer(JsonNode v) {
        JsonNode n = number(v);
        if (n.isNull()) return n;
        BigDecimal d = n.decimalValue().stripTrailingZeros();
        if (d.scale() > 0 || d.precision() - d.scale() > 18) return NullNode.getInstance();
        return F.numberNode(d.longValueExact());
    }
}
