package dev.batch.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.events.JobRequested;
import dev.batch.events.WebhookQueue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The receivers a job's config names, each the start of a {@link WebhookQueue}: every entry of
 * {@code webhook_configurations} (in {@code parameters} or at the top of the config), then a
 * single {@code webhook_url}, which is called once, when the job ends.
 */
final class Receivers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Receivers() {}

    /** One empty queue per receiver, in the order the config names them (a receiver's index is its place here). */
    static List<WebhookQueue> of(JobRequested r) throws IOException {
        JsonNode config = JSON.readTree(r.getJobConfigJson() == null ? "{}" : r.getJobConfigJson());
        JsonNode params = config.path("parameters");
        List<WebhookQueue.Builder> receivers = new ArrayList<>();
        for (JsonNode list : List.of(params.path("webhook_configurations"), config.path("webhook_configurations"))) {
            for (JsonNode c : list) {
                if (c.path("webhook_url").isTextual()) receivers.add(configured(c));
            }
        }
        String type = r.getJobType().name();
        for (JsonNode url : List.of(params.path("webhook_url"), config.path("webhook_url"))) {
            if (url.isTextual()) {
                receivers.add(WebhookQueue.newBuilder().setUrl(url.asText()).setEvents(List.of(type + ".success", type + ".partial_success",
                        type + ".error", type + ".cancelled")));
            }
        }
        JsonNode custom = params.has("custom_metadata") ? params.get("custom_metadata") : config.get("custom_metadata");
        List<WebhookQueue> queues = new ArrayList<>(receivers.size());
        for (int i = 0; i < receivers.size(); i++) {
            queues.add(receivers.get(i).setJobId(r.getJobId()).setReceiver(i).setProjectId(r.getProjectId())
                    .setCorrelationId(r.getCorrelationId()).setCustomMetadataJson(custom == null || custom.isNull() ? null : custom.toString())
                    .setPending(new ArrayList<>()).build());
        }
        return queues;
    }

    private static WebhookQueue.Builder configured(JsonNode c) {
        WebhookQueue.Builder q = WebhookQueue.newBuilder().setUrl(c.get("webhook_url").asText())
                .setHeadersJson(c.path("webhook_headers").isObject() ? c.get("webhook_headers").toString() : "{}")
                .setOutputFormat(c.path("webhook_output_format").asText("string"));
        if (c.path("webhook_events").isArray()) {
            List<String> names = new ArrayList<>();
            c.get("webhook_events").forEach(e -> names.add(e.asText()));
            q.setEvents(names);
        }
        return q;
    }

    /** Null events means LlamaCloud's events; ours (dispatched, item_failed) only when named. */
    static boolean subscribed(WebhookQueue q, String event) {
        if (q.getEvents() != null) return q.getEvents().contains(event);
        return !event.endsWith(".dispatched") && !event.endsWith(".item_failed");
    }
}
