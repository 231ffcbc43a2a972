package dev.batch.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.client.ApiPaths;
import dev.batch.events.JobEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The body of a delivery: a thin envelope of the event (id, type, time, job, project, status,
 * counters, correlation id, custom metadata) with links to fetch details, never the job's output.
 * An {@code item_failed} event also names the item and its error.
 * {@code webhook_output_format: string} (the default) sends the JSON as a JSON string, {@code json}
 * as an object.
 */
public final class Payloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {}

    /** {@code baseUrl}: where this service's API is reached, for the links. */
    public static ObjectNode envelope(JobEvent e, String correlationId, JsonNode customMetadata, String baseUrl) {
        return envelope(e, correlationId, customMetadata, baseUrl, null, null);
    }

    /**
     * The envelope of a standalone job's event ({@code apiJobId} and {@code apiJobPath} set): its
     * {@code job_id} and job link are the ones of the API that created it ({@code pjb-}, {@code
     * cjb-}), {@code batch_job_id} the one-item batch job it runs as.
     */
    public static ObjectNode envelope(
            JobEvent e,
            String correlationId,
            JsonNode customMetadata,
            String baseUrl,
            String apiJobId,
            String apiJobPath) {
        String jobUrl = baseUrl + (apiJobPath != null ? apiJobPath : ApiPaths.path(ApiPaths.JOB, e.getJobId()));
        ObjectNode o = JSON.createObjectNode();
        o.put("event_id", e.getEventId());
        o.put("event_type", e.getEventName());
        o.put("timestamp", e.getOccurredAt().toString());
        o.put("job_id", apiJobId != null ? apiJobId : e.getJobId());
        if (apiJobId != null) o.put("batch_job_id", e.getJobId());
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
        if (e.getItemId() != null) {
            ObjectNode item = o.putObject("item");
            item.put("item_id", e.getItemId());
            item.put("item_name", e.getItemName());
            item.put(
                    "error_code",
                    e.getErrorCode() == null ? null : e.getErrorCode().name());
            item.put("error_message", e.getErrorMessage());
        }
        ObjectNode links = o.putObject("links");
        links.put("job", jobUrl);
        if (e.getItemId() != null) {
            links.put("item_results", baseUrl + ApiPaths.path(ApiPaths.ITEM_PROCESSING_RESULTS, e.getItemId()));
        }
        return o;
    }

    /** The bytes sent: the envelope as an object ({@code json}) or as one JSON string ({@code string}). */
    public static byte[] body(ObjectNode envelope, String outputFormat) throws IOException {
        byte[] json = JSON.writeValueAsBytes(envelope);
        if ("json".equals(outputFormat)) return json;
        return JSON.writeValueAsBytes(new String(json, StandardCharsets.UTF_8));
    }
}
