package dev.batch.common.jobs;

import dev.batch.common.jobs.JobRequestValidator.Invalid;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The receivers a job asks for, checked at create: {@code webhook_configurations} (each a
 * {@code webhook_url}, {@code webhook_events} or null for all, {@code webhook_headers},
 * {@code webhook_output_format} {@code string} or {@code json}) and the legacy single
 * {@code webhook_url}. A bad one is a {@link Invalid} naming its field.
 */
final class WebhookConfigs {
    private WebhookConfigs() {}

    /** Event names: LlamaCloud's, with the job type as prefix, and ours (dispatched, item_failed). */
    public static final Set<String> EVENTS;

    static {
        Set<String> events = new LinkedHashSet<>();
        for (String type : List.of("parse", "classify", "extract")) {
            for (String e : List.of("pending", "running", "success", "partial_success", "error", "cancelled", "dispatched", "item_failed")) {
                events.add(type + "." + e);
            }
        }
        EVENTS = Set.copyOf(events);
    }

    static final int MAX_CONFIGURATIONS = 10;
    static final int MAX_HEADERS = 20;

    /** Checks {@code configurations} (a list, at {@code field}) and a legacy {@code webhook_url} (at {@code urlField}). */
    static void validate(JsonNode configurations, String field, JsonNode legacyUrl, String urlField, java.util.function.Function<String, String> refusal) {
        if (legacyUrl != null && !legacyUrl.isNull()) url(legacyUrl, urlField, refusal);
        if (configurations == null || configurations.isNull()) return;
        if (!configurations.isArray()) throw new Invalid(field, "must be a list of webhook configurations");
        if (configurations.size() > MAX_CONFIGURATIONS) throw new Invalid(field, "at most " + MAX_CONFIGURATIONS + " configurations");
        for (int i = 0; i < configurations.size(); i++) {
            String at = field + "[" + i + "]";
            JsonNode c = configurations.get(i);
            if (!c.isObject()) throw new Invalid(at, "must be an object with a webhook_url");
            url(c.get("webhook_url"), at + ".webhook_url", refusal);
            JsonNode events = c.get("webhook_events");
            if (events != null && !events.isNull()) {
                if (!events.isArray()) throw new Invalid(at + ".webhook_events", "must be a list of event names, or null for all");
                for (JsonNode e : events) {
                    if (!e.isTextual() || !EVENTS.contains(e.asText())) {
                        throw new Invalid(at + ".webhook_events", "'" + e.asText() + "' is not an event; events are <parse|classify|extract>."
                                + "<pending|running|success|partial_success|error|cancelled|dispatched|item_failed>");
                    }
                }
            }
            JsonNode headers = c.get("webhook_headers");
            if (headers != null && !headers.isNull()) {
                if (!headers.isObject()) throw new Invalid(at + ".webhook_headers", "must be an object of header names to values");
                if (headers.size() > MAX_HEADERS) throw new Invalid(at + ".webhook_headers", "at most " + MAX_HEADERS + " headers");
                var names = headers.fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    JsonNode v = headers.get(name);
                    if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}")) throw new Invalid(at + ".webhook_headers", "'" + name + "' is not a header name");
                    if (name.toLowerCase(java.util.Locale.ROOT).startsWith("webhook-") || name.equalsIgnoreCase("content-type")
                            || java.util.Set.of("content-length", "host", "connection", "expect", "upgrade", "user-agent")
                                    .contains(name.toLowerCase(java.util.Locale.ROOT))) {
                        throw new Invalid(at + ".webhook_headers", "'" + name + "' is set by the sink");
                    }
                    if (!v.isTextual() || v.asText().length() > 4096 || v.asText().chars().anyMatch(ch -> ch == '\r' || ch == '\n' || ch == 0)) {
                        throw new Invalid(at + ".webhook_headers", "the value of '" + name + "' must be one line of text");
                    }
                }
            }
            JsonNode format = c.get("webhook_output_format");
            if (format != null && !format.isNull() && !(format.isTextual() && (format.asText().equals("string") || format.asText().equals("json")))) {
                throw new Invalid(at + ".webhook_output_format", "must be string or json");
            }
        }
    }

    private static void url(JsonNode url, String field, java.util.function.Function<String, String> refusal) {
        if (url == null || url.isNull() || !url.isTextual() || url.asText().isBlank()) throw new Invalid(field, "a receiver URL is required");
        if (url.asText().length() > 2048) throw new Invalid(field, "is longer than 2048 characters");
        String why = refusal.apply(url.asText());
        if (why != null) throw new Invalid(field, why);
    }
}
