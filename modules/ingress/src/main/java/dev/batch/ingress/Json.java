package dev.batch.ingress;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.javalin.http.Context;

/** The API's one JSON mapper (snake_case, unknown fields ignored) and its request-body reader. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {}

    /** The request's JSON body; an empty body is an empty object, a malformed one a 400. */
    static JsonNode body(Context ctx) {
        try {
            String raw = ctx.body();
            return raw.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "malformed JSON body: " + e.getOriginalMessage());
        }
    }

    /** JSON the service wrote itself (a stored config): an empty object when absent or unreadable. */
    static JsonNode read(String json) {
        if (json == null || json.isBlank()) return MAPPER.createObjectNode();
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return MAPPER.createObjectNode();
        }
    }
}
