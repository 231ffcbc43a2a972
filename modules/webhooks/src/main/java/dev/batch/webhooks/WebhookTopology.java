package dev.batch.webhooks;

import static dev.batch.common.kafka.Topologies.processor;
import static dev.batch.common.kafka.Topologies.source;

import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.Topology;

/**
 * The webhook sink's topology: job requests (which receivers a job has), job events (what to tell
 * them), delivery attempts (how it went) and re-send requests, all keyed by job id and so
 * co-partitioned (and the last part of each removed job on {@code batch.job-removals}), into one
 * {@link WebhookRouteProcessor} owning each receiver's queue of events and
 * the delivery log. Nothing is written to a topic: deliveries report back through the
 * {@link AttemptStarter}.
 */
final class WebhookTopology {
    private WebhookTopology() {}

    /** {@code retryDelays}: the waits before each retry; {@code publicUrl}: where the payloads' links point. */
    static Topology build(Topics topics, AttemptStarter attempts, List<Duration> retryDelays, String publicUrl) {
        Topology t = new Topology();
        List<String> inputs = List.of(
                source(t, topics.jobRequests),
                source(t, topics.jobEvents),
                source(t, topics.webhookAttempts),
                source(t, topics.webhookResends),
                source(t, topics.jobRemovals)); // a removed job's state goes with its last part

        processor(
                t,
                "webhook-route",
                () -> new WebhookRouteProcessor(attempts, retryDelays, publicUrl),
                inputs,
                List.of(
                        StoreSpecs.WEBHOOK_QUEUES,
                        StoreSpecs.WEBHOOK_EVENTS,
                        StoreSpecs.WEBHOOK_EVENT_IDS,
                        StoreSpecs.WEBHOOK_LOG,
                        StoreSpecs.WEBHOOK_JOBS,
                        StoreSpecs.WEBHOOK_EARLY));
        return t;
    }
}
