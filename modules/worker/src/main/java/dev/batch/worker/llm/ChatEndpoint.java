package dev.batch.worker.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;

/**
 * Any OpenAI-compatible chat-completions endpoint (OpenAI, a local Ollama or vLLM...): a request
 * body to the text of the answer's first message. Anything else (an HTTP error, a timeout, an
 * answer without message content) is an {@link IOException} whose message never names the endpoint,
 * which may be an internal host. Thread-safe.
 */
public final class ChatEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where and what to ask: {@code baseUrl} up to {@code /v1}; {@code apiKey} may be null (local servers). */
    public record Settings(String baseUrl, String apiKey, String model, Duration timeout) {}

    private final Settings settings;
    private final HttpClient http;

    public ChatEndpoint(Settings settings) {
        this.settings = settings;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public String model() {
        return settings.model();
    }

    /** A request body for this endpoint's model, deterministic (temperature 0), to add messages to. */
    public ObjectNode body() {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        body.put("temperature", 0);
        return body;
    }

    /** Sends {@code body}; the answer's first message content, without a Markdown code fence around it. */
    public String complete(ObjectNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(settings.baseUrl().replaceAll("/+$", "") + "/chat/completions"))
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (settings.apiKey() != null && !settings.apiKey().isBlank())
            request.header("Authorization", "Bearer " + settings.apiKey());
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new IOException("the model endpoint did not answer within " + settings.timeout(), e);
        } catch (IOException e) {
            throw new IOException(
                    "the model endpoint could not be reached (" + e.getClass().getSimpleName() + ")", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    "the model endpoint answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        JsonNode content;
        try {
            content = JSON.readTree(response.body())
                    .path("choices")
                    .path(0)
                    .path("message")
                    .path("content");
        } catch (IOException e) {
            throw new IOException("the model endpoint's answer is not JSON: " + abbreviate(response.body()), e);
        }
        if (!content.isTextual()) throw new IOException("the model endpoint's answer has no message content");
        String raw = content.asText().strip();
        if (raw.startsWith("```")) raw = raw.replaceAll("^```(?:json)?\\s*", "").replaceAll("\\s*```$", "");
        return raw;
    }

    /** A PNG image as a content part of a user message. */
    public static void addImage(ArrayNode parts, byte[] png) {
        parts.addObject()
                .put("type", "image_url")
                .putObject("image_url")
                .put("url", "data:image/png;base64," + Base64.getEncoder().encodeToString(png));
    }

    /** At most 200 characters of {@code s}, for error messages. */
    public static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
