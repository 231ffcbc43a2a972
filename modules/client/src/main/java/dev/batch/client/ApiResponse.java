package dev.batch.client;

import com.fasterxml.jackson.databind.JsonNode;
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

    @Override
    public String toString() {
        return status + " " + raw;
    }
}
