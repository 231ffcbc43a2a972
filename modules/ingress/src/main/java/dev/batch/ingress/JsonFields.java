package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Fields of a JSON request body, read once with the rule a PATCH keeps: an absent field leaves a
 * value as it is, an explicit {@code null} clears an optional one and is refused for a required one.
 */
final class JsonFields {
    private JsonFields() {}

    /** A non-empty string of at most 1024 characters; absent or null is a 422. */
    static String requiredText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null) throw ApiException.invalid(field, "field required");
        if (v.isNull()) throw ApiException.invalid(field, "must be a non-empty string, not null");
        if (!v.isTextual() || v.asText().isBlank()) throw ApiException.invalid(field, "must be a non-empty string");
        if (v.asText().length() > 1024) throw ApiException.invalid(field, "must be at most 1024 characters");
        return v.asText();
    }

    /** A string, or null when absent or null. */
    static String optionalText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiException.invalid(field, "must be a string");
        return v.asText();
    }

    /** Whether the body sets {@code field} to JSON {@code null}: a PATCH clears it. */
    static boolean cleared(JsonNode body, String field) {
        return body.has(field) && body.get(field).isNull();
    }
}
