package dev.batch.worker.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.worker.llm.ChatEndpoint;
import java.io.IOException;
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

    private final ChatEndpoint endpoint;

    public LlmClassifier(ChatEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    public String model() {
        return endpoint.model();
    }

    public Classifier.Result classify(String text, List<byte[]> pageImages, List<Classifier.Rule> rules)
            throws IOException, InterruptedException {
        ObjectNode body = endpoint.body();
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
            for (byte[] png : pageImages.subList(0, Math.min(MAX_IMAGES, pageImages.size())))
                ChatEndpoint.addImage(parts, png);
        }
        return answer(endpoint.complete(body), rules);
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

    /** Reads the model's answer (the message content); refuses a type that is not one of the rules'. */
    static Classifier.Result answer(String raw, List<Classifier.Rule> rules) throws IOException {
        JsonNode a;
        try {
            a = JSON.readTree(raw);
        } catch (IOException e) {
            throw new IOException("the model did not answer JSON: " + ChatEndpoint.abbreviate(raw), e);
        }
        if (!a.isObject())
            throw new IOException("the model did not answer a JSON object: " + ChatEndpoint.abbreviate(raw));
        String type = a.path("type").isTextual() ? a.get("type").asText().strip() : null;
        if (type != null && (type.isEmpty() || type.equalsIgnoreCase("null") || type.equalsIgnoreCase("none")))
            type = null;
        if (type != null) {
            String wanted = type;
            type = rules.stream()
                    .map(Classifier.Rule::type)
                    .filter(t -> t.equalsIgnoreCase(wanted))
                    .findFirst()
                    .orElseThrow(() -> new IOException("the model answered a type that is not one of the rules: "
                            + ChatEndpoint.abbreviate(wanted)));
        }
        double confidence = a.path("confidence").isNumber()
                ? Math.max(0, Math.min(1, a.get("confidence").asDouble()))
                : (type == null ? 0.2 : 0.7);
        String reasoning = a.path("reasoning").asText("").strip();
        if (reasoning.isEmpty())
            reasoning = type == null ? "The model found no matching type." : "The model chose " + type + ".";
        return new Classifier.Result(type, Math.round(confidence * 1000) / 1000.0, reasoning, Map.of());
    }
}
