package dev.batch.tools.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One generated request: what to send ({@code headers} replace the client's own, the key
 * included), whether it creates a job, and whether it is valid input.
 */
record FuzzRequest(
        String method,
        String path,
        String contentType,
        byte[] body,
        Map<String, String> headers,
        boolean create,
        boolean valid) {

    /** A GET with the client's own headers. */
    static FuzzRequest get(String path, boolean valid) {
        return new FuzzRequest("GET", path, null, null, Map.of(), false, valid);
    }

    static FuzzRequest json(String method, String path, String body, boolean create, boolean valid) {
        return new FuzzRequest(
                method, path, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of(), create, valid);
    }

    /** An invalid request with a body of any bytes. */
    static FuzzRequest raw(String method, String path, String type, byte[] body, boolean create) {
        return new FuzzRequest(method, path, type, body, Map.of(), create, false);
    }

    String describe() {
        String text = body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        return method + " " + abbreviate(path) + " " + contentType + " " + text;
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
