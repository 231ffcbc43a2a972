package dev.batch.common.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.jobs.JobRequestValidator.Invalid;
import dev.batch.events.JobType;
import dev.batch.events.WebhookReceiver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the receivers a job asks for: {@code webhook_configurations} (each a {@code webhook_url},
 * {@code webhook_events} or null for all, {@code webhook_headers}, {@code webhook_output_format}
 * {@code string} or {@code json}) and the legacy single {@code webhook_url}, in the parse
 * parameters or in a classify config. A bad one is a {@link Invalid} naming its field.
 */
final class WebhookConfigs {
    private WebhookConfigs() {}

    /** The SDK's name for an event of a job state that has no name of its own. */
    static final String UNMAPPED = "unmapped_event";

    /**
     * Event names: LlamaCloud's, with the job type as prefix, ours (dispatched, item_failed), and
     * the SDK's {@code unmapped_event}, a job state with no name of its own.
     */
    public static final Set<String> EVENTS;

    static {
        Set<String> events = new LinkedHashSet<>();
        for (String type : List.of("parse", "classify", "extract")) {
            for (String e : List.of(
                    "pending",
                    "running",
                    "success",
                    "partial_success",
                    "error",
                    "cancelled",
                    "dispatched",
                    "item_failed")) {
                events.add(type + "." + e);
            }
        }
        events.add(UNMAPPED);
        EVENTS = Set.copyOf(events);
    }

    static final int MAX_CONFIGURATIONS = 10;
    static final int MAX_HEADERS = 20;
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");
    private static final Set<String> SET_BY_THE_SINK =
            Set.of("content-type", "content-length", "host", "connection", "expect", "upgrade", "user-agent");

    /**
     * The receivers of {@code config} in the order the sink numbers them: the configurations in its
     * parameters, its own, then the legacy URLs, which hear of the job's end only.
     * {@code refusal} says why a URL may not be called (null when it may).
     */
    static List<WebhookReceiver> read(JsonNode config, JobType type, Function<String, String> refusal) {
        JsonNode p = config.path("parameters");
        String at = "job_config.parameters.";
        List<WebhookReceiver> out = new ArrayList<>();
        configurations(p.get("webhook_configurations"), at + "webhook_configurations", refusal, out);
        configurations(config.get("webhook_configurations"), "job_config.webhook_configurations", refusal, out);
        legacy(p.get("webhook_url"), at + "webhook_url", type, refusal, out);
        legacy(config.get("webhook_url"), "job_config.webhook_url", type, refusal, out);
        return out;
    }

    private static void legacy(
            JsonNode url, String field, JobType type, Function<String, String> refusal, List<WebhookReceiver> out) {
        if (ParseParameters.absent(url)) return;
        String name = type.name();
        out.add(WebhookReceiver.newBuilder()
                .setUrl(url(url, field, refusal))
                .setEvents(List.of(name + ".success", name + ".partial_success", name + ".error", name + ".cancelled"))
                .build());
    }

    private static void configurations(
            JsonNode configurations, String field, Function<String, String> refusal, List<WebhookReceiver> out) {
        if (ParseParameters.absent(configurations)) return;
        if (!configurations.isArray()) throw new Invalid(field, "must be a list of webhook configurations");
        if (configurations.size() > MAX_CONFIGURATIONS)
            throw new Invalid(field, "at most " + MAX_CONFIGURATIONS + " configurations");
        for (int i = 0; i < configurations.size(); i++) {
            String at = field + "[" + i + "]";
            JsonNode c = configurations.get(i);
            if (!c.isObject()) throw new Invalid(at, "must be an object with a webhook_url");
            WebhookReceiver.Builder receiver =
                    WebhookReceiver.newBuilder().setUrl(url(c.get("webhook_url"), at + ".webhook_url", refusal));
            receiver.setEvents(events(c.get("webhook_events"), at + ".webhook_events"));
            receiver.setHeaders(headers(c.get("webhook_headers"), at + ".webhook_headers"));
            JsonNode format = c.get("webhook_output_format");
            if (!ParseParameters.absent(format)) {
                if (!(format.isTextual()
                        && (format.asText().equals("string") || format.asText().equals("json")))) {
                    throw new Invalid(at + ".webhook_output_format", "must be string or json");
                }
                receiver.setOutputFormat(format.asText());
            }
            out.add(receiver.build());
        }
    }

    private static List<String> events(JsonNode events, String field) {
        if (ParseParameters.absent(events)) return null;
        if (!events.isArray()) throw new Invalid(field, "must be a list of event names, or null for all");
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) {
            if (!e.isTextual() || !EVENTS.contains(e.asText())) {
                throw new Invalid(
                        field,
                        "'" + e.asText() + "' is not an event; events are <parse|classify|extract>."
                                + "<pending|running|success|partial_success|error|cancelled|dispatched|item_failed>"
                                + " or unmapped_event");
            }
            out.add(e.asText());
        }
        return out;
    }

    private static Map<String, String> headers(JsonNode headers, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (ParseParameters.absent(headers)) return out;
        if (!headers.isObject()) throw new Invalid(field, "must be an object of header names to values");
        if (headers.size() > MAX_HEADERS) throw new Invalid(field, "at most " + MAX_HEADERS + " headers");
        Iterator<String> names = headers.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode v = headers.get(name);
            if (!HEADER_NAME.matcher(name).matches()) throw new Invalid(field, "'" + name + "' is not a header name");
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("webhook-") || SET_BY_THE_SINK.contains(lower))
                throw new Invalid(field, "'" + name + "' is set by the sink");
            if (!v.isTextual()
                    || v.asText().length() > 4096
                    || v.asText().chars().anyMatch(ch -> ch == '\r' || ch == '\n' || ch == 0)) {
                throw new Invalid(field, "the value of '" + name + "' must be one line of text");
            }
            out.put(name, v.asText());
        }
        return out;
    }

    private static String url(JsonNode url, String field, Function<String, String> refusal) {
        if (url == null || url.isNull() || !url.isTextual() || url.asText().isBlank())
            throw new Invalid(field, "a receiver URL is required");
        if (url.asText().length() > 2048) throw new Invalid(field, "is longer than 2048 characters");
        String why = refusal.apply(url.asText());
        if (why != null) throw new Invalid(field, why);
        return url.asText();
    }
}
