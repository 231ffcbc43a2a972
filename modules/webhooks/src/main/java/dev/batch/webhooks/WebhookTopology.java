package dev.batch.webhooks;

import dev.batch.common.kafka.AvroSerdes;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
import dev.batch.events.JobEvent;
import dev.batch.events.QueuedEvent;
import dev.batch.events.WebhookAttempt;
import dev.batch.events.WebhookQueue;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The webhook sink's topology: job requests (which receivers a job has), job events (what to tell
 * them), delivery attempts (how it went) and re-send requests, all keyed by job id and so
 * co-partitioned, into one {@link WebhookRouteProcessor} owning each receiver's queue of events and
 * the delivery log. Nothing is written to a topic: deliveries report back through the
 * {@link AttemptStarter}.
 */
final class WebhookTopology {
    static final String ROUTER = "webhook-router";

    private WebhookTopology() {}

    /** {@code retryDelays}: the waits before each retry; {@code publicUrl}: where the payloads' links point. */
    static Topology build(Topics topics, AttemptStarter attempts, List<Duration> retryDelays, String publicUrl) {
        Topology t = new Topology();
        source(t, "requests", topics.jobRequests);
        source(t, "events", topics.jobEvents);
        source(t, "attempts", topics.webhookAttempts);
        source(t, "resends", topics.webhookResends);
        t.addProcessor(ROUTER, () -> new WebhookRouteProcessor(attempts, retryDelays, publicUrl), "requests", "events", "attempts", "resends");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.WEBHOOK_QUEUES_STORE),
                Serdes.String(), AvroSerdes.serde(WebhookQueue.class)), ROUTER);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.WEBHOOK_EVENTS_STORE),
                Serdes.String(), AvroSerdes.serde(QueuedEvent.class)), ROUTER);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.WEBHOOK_EVENT_IDS_STORE),
                Serdes.String(), Serdes.Long()), ROUTER);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.WEBHOOK_LOG_STORE),
                Serdes.String(), AvroSerdes.serde(WebhookAttempt.class)), ROUTER);
        // Jobs whose request was read, and events that came before their job's request.
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.WEBHOOK_JOBS_STORE),
                Serdes.String(), Serdes.Integer()), ROUTER);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.WEBHOOK_EARLY_STORE),
                Serdes.String(), AvroSerdes.serde(JobEvent.class)), ROUTER);
        return t;
    }

    @SuppressWarnings("unchecked")
    private static void source(Topology t, String name, TopicSpec<String, ? extends SpecificRecord> topic) {
        t.addSource(name, topic.keySerde().deserializer(),
                (Deserializer<SpecificRecord>) topic.valueSerde().deserializer(), topic.name());
    }
}
