package dev.batch.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.http.HttpHeaders;

/**
 * One answer of the API: its status, its body as text, the body as JSON (null when empty or not
 * JSON), its headers, and the path it answers (without the query).
 */
public record ApiResponse(int status, String raw, JsonNode json, HttpHeaders headers, String requestPath) {
    /** A field of the JSON body; missing when there is no such field or no JSON body. */
    public JsonNode path(String field) {
        return json == null ? MissingNode.getInstance() : json.path(field);
    }

    public boolean ok() {
        return status / 100 == 2;
    }

    /** This answer when it is a 2xx; else what the server said (its {@code detail}, or the body) as an exception. */
    ApiResponse expectOk() {
        if (ok()) return this;
        String detail = path("detail").isValueNode() ? path("detail").asText() : raw;
        throw new ApiCallException(status, status + " from " + requestPath + ": " + detail);
    }

    /** The JSON body of a 2xx answer (an empty object when there is none). */
    JsonNode expectJson() {
        expectOk();
        if (json != null) return json;
        if (raw.isEmpty()) return JsonNodeFactory.instance.objectNode();
        throw new ApiCallException(
                status,
                "the server answered something that is not JSON: " + raw.substring(0, Math.min(200, raw.length())));
    }

    /** The {@code id} of what a 2xx answer created. */
    String expectId() {
        return expectJson().path("id").asText();
    }

    @Override
    public String toString() {
        return status + " " + raw;
    }
}
