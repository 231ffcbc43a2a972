package dev.batch.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** A small real HTTP client for tests: JSON in and out, multipart uploads, bearer auth. */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String apiKey;
    private final java.util.function.Consumer<Exchange> recorder;

    public ApiClient(String base, String apiKey) {
        this(base, apiKey, e -> { });
    }

    /** A client that tells {@code recorder} about every exchange (contract tests check each response). */
    public ApiClient(String base, String apiKey, java.util.function.Consumer<Exchange> recorder) {
        this.base = base;
        this.apiKey = apiKey;
        this.recorder = recorder;
    }

    /** One request and its response, as a recorder sees it. */
    public record Exchange(String method, String path, int status, String contentType, String body) {}

    public record Response(int status, String raw, JsonNode json) {
        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path, String jsonBody) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    public Response upload(String path, Path file) {
        try {
            return upload(path, file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Response upload(String path, String fileName, byte[] content) {
        return upload(path, "file", fileName, content, java.util.Map.of("purpose", "parse"));
    }

    /** A multipart POST with one file part named {@code field} and plain form fields. */
    public Response upload(String path, String field, String fileName, byte[] content, java.util.Map<String, String> fields) {
        String boundary = "----batch" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (var f : fields.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                        + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(content);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    public Response patch(String path, String jsonBody) {
        return send(request(path).header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, String jsonBody, String headerName, String headerValue) {
        return send(request(path).header("Content-Type", "application/json").header(headerName, headerValue)
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        return b;
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpRequest built = request.build();
            HttpResponse<String> r = http.send(built, HttpResponse.BodyHandlers.ofString());
            recorder.accept(new Exchange(built.method(), built.uri().getRawPath(), r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(""), r.body()));
            JsonNode json = null;
            try {
                json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (IOException notJson) {
                // leave json null; the raw body is kept
            }
            return new Response(r.statusCode(), r.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
