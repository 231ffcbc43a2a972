package dev.batch.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.client.ApiPaths;
import dev.batch.common.Ids;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.events.JobConfig;
import dev.batch.events.JobOrigin;
import dev.batch.events.JobRequested;
import dev.batch.events.WebhookQueue;
import dev.batch.events.WebhookReceiver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The receivers a job's config names ({@link JobConfig#getWebhooks()}), each the start of a
 * {@link WebhookQueue}: every entry of {@code webhook_configurations}, then a single
 * {@code webhook_url}, which is called once, when the job ends.
 */
final class Receivers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Receivers() {}

    /** One empty queue per receiver, in the order the config names them (a receiver's index is its place here). */
    static List<WebhookQueue> of(JobRequested r) throws IOException {
        JobConfig config = JobConfigs.of(r);
        String apiJob = apiJobId(r);
        String apiPath = apiJob == null
                ? null
                : ApiPaths.path(
                        switch (r.getOrigin()) {
                            case parse_v2 -> ApiPaths.PARSE_JOB;
                            case extract_v2 -> ApiPaths.EXTRACT_JOB;
                            default -> ApiPaths.CLASSIFY_V2_JOB;
                        },
                        apiJob);
        List<WebhookQueue> queues = new ArrayList<>(config.getWebhooks().size());
        for (WebhookReceiver receiver : config.getWebhooks()) {
            queues.add(WebhookQueue.newBuilder()
                    .setUrl(receiver.getUrl())
                    .setHeadersJson(JSON.writeValueAsString(receiver.getHeaders()))
                    .setOutputFormat(receiver.getOutputFormat())
                    .setEvents(receiver.getEvents())
                    .setJobId(r.getJobId())
                    .setReceiver(queues.size())
                    .setProjectId(r.getProjectId())
                    .setCorrelationId(r.getCorrelationId())
                    .setCustomMetadataJson(config.getCustomMetadataJson())
                    .setApiJobId(apiJob)
                    .setApiJobPath(apiPath)
                    .setPending(new ArrayList<>())
                    .build());
        }
        return queues;
    }

    /**
     * A standalone job's id in the API that created it (its receivers know the job by it): a parse
     * or extract job is its one item's, a classify job its batch job's; null for a batch job.
     */
    static String apiJobId(JobRequested r) {
        if (r.getOrigin() == JobOrigin.parse_v2
                && r.getItemIds() != null
                && r.getItemIds().size() == 1)
            return Ids.parseJob(r.getJobId(), r.getItemIds().get(0));
        if (r.getOrigin() == JobOrigin.extract_v2
                && r.getItemIds() != null
                && r.getItemIds().size() == 1)
            return Ids.extractJob(r.getJobId(), r.getItemIds().get(0));
        if (r.getOrigin() == JobOrigin.classify_v2) return Ids.classifyJob(r.getJobId());
        return null;
    }

    /** Null events means LlamaCloud's events; ours (dispatched, item_failed) only when named. */
    static boolean subscribed(WebhookQueue q, String event) {
        if (q.getEvents() != null) return q.getEvents().contains(event);
        return !event.endsWith(".dispatched") && !event.endsWith(".item_failed");
    }
}
