package dev.batch.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.client.BatchApiClient.Exchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The HTTP side of {@link BatchApiClient}: requests with the base URL, key and timeout; sending
 * them (again after a 429 when built to); telling the recorder; a request that got no answer as an
 * {@link ApiCallException} with status 0.
 */
final class ApiTransport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final String apiKey;
    private final Duration requestTimeout;
    private final Consumer<Exchange> recorder;
    private final RateLimitRetry rateLimitRetry;

    /** {@code apiKey} null or blank: no key; {@code rateLimitRetry} null: a 429 is the answer. */
    ApiTransport(
            String base,
            String apiKey,
            Duration connectTimeout,
            Duration requestTimeout,
            Consumer<Exchange> recorder,
            RateLimitRetry rateLimitRetry) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.base = base.replaceAll("/+$", "");
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        this.requestTimeout = requestTimeout;
        this.recorder = recorder;
        this.rateLimitRetry = rateLimitRetry;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout);
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        return b;
    }

    ApiResponse send(HttpRequest.Builder request) {
        try {
            HttpRequest built = request.build();
            HttpResponse<String> r = sendWaitingOutRateLimit(built);
            String path = built.uri().getRawPath();
            recorder.accept(new Exchange(
                    built.method(),
                    path,
                    r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(""),
                    r.body()));
            return new ApiResponse(r.statusCode(), r.body(), parse(r.body()), r.headers(), path);
        } catch (IOException e) {
            throw new ApiCallException(
                    0,
                    "cannot reach " + base + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiCallException(0, "interrupted", e);
        }
    }

    private HttpResponse<String> sendWaitingOutRateLimit(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        for (int retry = 0; r.statusCode() == 429 && rateLimitRetry != null; retry++) {
            Duration wait = rateLimitRetry.wait(
                    retry, r.headers().firstValue("Retry-After").orElse(""));
            if (wait == null) break;
            Thread.sleep(wait.toMillis()); // the server said when it serves this key again
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        return r;
    }

    private static JsonNode parse(String body) {
        if (body.isEmpty()) return null;
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return null; // the raw body is kept
        }
    }
}
