package dev.batch.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.events.JobEvent;
import java.io.IOException;

/**
 * The body of a delivery: a thin envelope of the event (id, type, time, job, project, status,
 * counters, correlation id, custom metadata) with a link to fetch details, never the job's output.
 * {@code webhook_output_format: string} (the default) sends the JSON as a JSON string, {@code json}
 * as an object.
 */
public final class Payloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {}

    public static ObjectNode envelope(JobEvent e, String correlationId, JsonNode customMetadata, String jobUrl) {
        ObjectNode o = JSON.createObjectNode();
        o.put("event_id", e.getEventId());
        o.put("event_type", e.getEventName());
        o.put("timestamp", e.getOccurredAt().toString());
        o.put("job_id", e.getJobId());
        o.put("project_id", e.getProjectId());
        o.put("status", e.getStatus().name());
        ObjectNode counts = o.putObject("counters");
        counts.put("total_items", e.getTotalItems());
        counts.put("processed_items", e.getProcessedItems());
        counts.put("failed_items", e.getFailedItems());
        counts.put("skipped_items", e.getSkippedItems());
        counts.put("cancelled_items", e.getCancelledItems());
        o.put("correlation_id", correlationId);
        o.set("custom_metadata", customMetadata);
        o.putObject("links").put("job", jobUrl);
        return o;
    }

    /** The bytes sent: the envelope as an object ({@code json}) or as one JSON string ({@code string}). */
    public static byte[] body(ObjectNode envelope, String outputFormat) throws IOException {
        byte[] json = JSON.writeValueAsBytes(envelope);
        if ("json".equals(outputFormat)) return json;
        return JSON.writeValueAsBytes(new String(json, java.nio.charset.StandardCharsets.UTF_8));
    }
}
