package dev.batch.worker.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Classification by any OpenAI-compatible chat-completions endpoint (OpenAI, a local Ollama or
 * vLLM...): the rules and the document's text ({@code FAST}) or its page images
 * ({@code MULTIMODAL}) go in one request; the answer must be JSON naming one of the rules' types
 * or null. Anything else (an HTTP error, a timeout, an answer that is not such JSON) is an
 * {@link IOException}: the caller falls back to the built-in {@link Classifier}.
 */
public final class LlmClassifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enough of a document to recognise its type, small enough for any context window. */
    static final int MAX_TEXT_CHARS = 12_000;

    static final int MAX_IMAGES = 5;

    /** Where and what to ask: {@code baseUrl} up to {@code /v1}; {@code apiKey} may be null (local servers). */
    public record Settings(String baseUrl, String apiKey, String model, Duration timeout) {}

    private final Settings settings;
    private final HttpClient http;

    public LlmClassifier(Settings settings) {
        this.settings = settings;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public String model() {
        return settings.model();
    }

    public Classifier.Result classify(String text, List<byte[]> pageImages, List<Classifier.Rule> rules)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        body.put("temperature", 0);
        body.putObject("response_format").put("type", "json_object");
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system(rules));
        ObjectNode user = messages.addObject().put("role", "user");
        String document = text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text;
        if (pageImages.isEmpty()) {
            user.put("content", "Classify this document.\n\n<document>\n" + document + "\n</document>");
        } else {
            ArrayNode parts = user.putArray("content");
            parts.addObject()
                    .put("type", "text")
                    .put(
                            "text",
                            "Classify the document shown on these page images."
                                    + (document.isBlank()
                                            ? ""
                                            : " Its text layer, for reference:\n<document>\n" + document
                                                    + "\n</document>"));
            for (byte[] png : pageImages.subList(0, Math.min(MAX_IMAGES, pageImages.size()))) {
                parts.addObject()
                        .put("type", "image_url")
                        .putObject("image_url")
                        .put(
                                "url",
                                "data:image/png;base64," + Base64.getEncoder().encodeToString(png));
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(settings.baseUrl().replaceAll("/+$", "") + "/chat/completions"))
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (settings.apiKey() != null && !settings.apiKey().isBlank())
            request.header("Authorization", "Bearer " + settings.apiKey());
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    "the model endpoint answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return answer(response.body(), rules);
    }

    private static String system(List<Classifier.Rule> rules) {
        StringBuilder s = new StringBuilder(
                "You classify documents into exactly one of these types, or none of them.\n\nTypes:\n");
        for (Classifier.Rule r : rules)
            s.append("- ").append(r.type()).append(": ").append(r.description()).append('\n');
        s.append(
                "\nAnswer with a JSON object only: {\"type\": <one of the type names above, or null when none fits>, "
                        + "\"confidence\": <a number from 0 to 1>, \"reasoning\": <one or two sentences citing what in the document decided it>}.");
        return s.toString();
    }

    /** Reads the model's answer; refuses a type that is not one of the rules'. */
    static Classifier.Result answer(String responseBody, List<Classifier.Rule> rules) throws IOException {
        JsonNode response = JSON.readTree(responseBody);
        JsonNode content = response.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) throw new IOException("the model endpoint's answer has no message content");
        String raw = content.asText().strip();
        if (raw.startsWith("```")) raw = raw.replaceAll("^```(?:json)?\\s*", "").replaceAll("\\s*```$", "");
        JsonNode a;
        try {
            a = JSON.readTree(raw);
        } catch (IOException e) {
            throw new IOException("the model did not answer JSON: " + abbreviate(raw), e);
        }
        if (!a.isObject()) throw new IOException("the model did not answer a JSON object: " + abbreviate(raw));
        String type = a.path("type").isTextual() ? a.get("type").asText().strip() : null;
        if (type != null && (type.isEmpty() || type.equalsIgnoreCase("null") || type.equalsIgnoreCase("none")))
            type = null;
        if (type != null) {
            String wanted = type;
            type = rules.stream()
                    .map(Classifier.Rule::type)
                    .filter(t -> t.equalsIgnoreCase(wanted))
                    .findFirst()
                    .orElseThrow(() -> new IOException(
                            "the model answered a type that is not one of the rules: " + abbreviate(wanted)));
        }
        double confidence = a.path("confidence").isNumber()
                ? Math.max(0, Math.min(1, a.get("confidence").asDouble()))
                : (type == null ? 0.2 : 0.7);
        String reasoning = a.path("reasoning").asText("").strip();
        if (reasoning.isEmpty())
            reasoning = type == null ? "The model found no matching type." : "The model chose " + type + ".";
        return new Classifier.Result(type, Math.round(confidence * 1000) / 1000.0, reasoning, Map.of());
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
