package dev.batch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** The public HTTP API as batchctl uses it: JSON in and out, a clear error for every refusal. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BATCH = "/api/v1/beta/batch-processing";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String key;

    Api(String base, String key) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.key = key;
    }

    /** The server refused or could not be reached; the message says what it said. */
    static final class Failure extends RuntimeException {
        final int status;

        Failure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    JsonNode get(String path) {
        return json(send(request(path).GET(), path));
    }

    String getText(String path) {
        return send(request(path).GET(), path);
    }

    JsonNode post(String path, JsonNode body) {
        return json(send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), path));
    }

    /** A multipart upload of one file in the field {@code field}. */
    JsonNode upload(String path, String field, Path file) throws IOException {
        String boundary = "batchctl-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String name = file.getFileName().toString().replace("\"", "");
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(file));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return json(send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), path));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5));
        if (key != null && !key.isBlank()) b.header("Authorization", "Bearer " + key);
        return b;
    }

    /** A 429 (the key's rate limit) refused the request before any work: it is sent again when Retry-After says, up to a minute. */
    private String send(HttpRequest.Builder request, String path) {
        HttpResponse<String> r;
        try {
            r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (int retry = 0; r.statusCode() == 429 && retry < 20; retry++) {
                long seconds = Math.max(1, r.headers().firstValue("Retry-After").map(Api::seconds).orElse(1L));
                if (seconds > 60) break; // longer than a command should sit silent: say so instead
                Thread.sleep(seconds * 1000);
                r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new Failure(0, "cannot reach " + base + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(0, "interrupted");
        }
        if (r.statusCode() / 100 != 2) {
            String detail = r.body();
            try {
                JsonNode j = JSON.readTree(r.body());
                if (j.hasNonNull("detail")) detail = j.get("detail").asText();
            } catch (IOException notJson) {
                // the raw body says it
            }
            throw new Failure(r.statusCode(), r.statusCode() + " from " + path.replaceAll("\\?.*", "") + ": " + detail);
        }
        return r.body();
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException httpDate) {
            return 1;
        }
    }

    private static JsonNode json(String body) {
        try {
            return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new Failure(0, "the server answered something that is not JSON: " + body.substring(0, Math.min(200, body.length())));
        }
    }
}
