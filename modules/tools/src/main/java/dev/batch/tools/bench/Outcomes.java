package dev.batch.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiPaths;
import dev.batch.client.BatchApiClient;

/**
 * A throughput benchmark's proof that the work was done: a job counts only when it completed with
 * every item processed and none failed. Otherwise the benchmark stops, naming what failed.
 */
final class Outcomes {
    private Outcomes() {}

    /** Throws naming the job's state and up to five failed items unless every item completed. */
    static JsonNode requireAllCompleted(BatchApiClient api, String jobId) {
        JsonNode job = api.get(ApiPaths.path(ApiPaths.JOB, jobId)).json().path("job");
        long total = job.path("total_items").asLong(-1);
        long processed = job.path("processed_items").asLong(-1);
        long failed = job.path("failed_items").asLong(-1);
        if (job.path("status").asText().equals("completed") && total > 0 && processed == total && failed == 0) {
            return job;
        }
        StringBuilder why = new StringBuilder(String.format(
                "job %s ended %s with %d of %d items processed and %d failed",
                jobId, job.path("status").asText(), processed, total, failed));
        int shown = 0;
        for (JsonNode item : api.items(jobId, "status", "failed", "limit", 5).path("items")) {
            why.append(shown++ == 0 ? ": " : "; ")
                    .append(item.path("item_name").asText())
                    .append(" (")
                    .append(item.path("error_message").asText())
                    .append(')');
        }
        throw new IllegalStateException(why.toString());
    }
}
