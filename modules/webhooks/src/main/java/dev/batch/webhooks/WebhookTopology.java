package dev.batch.webhooks;

import dev.batch.common.kafka.AvroSerdes;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
import dev.batch.events.QueuedEvent;
import dev.batch.events.WebhookAttempt;
import dev.batch.events.WebhookQueue;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.state.Stores;

/**
 * The webhook sink's topology: job requests (which receivers a job has), job events (what to tell
 * them), delivery attempts (how it went) and re-send requests, all keyed by job id and so
 * co-partitioned, into one processor owning each receiver's queue of events and the delivery log.
 */
public final class WebhookTopology {
    static final String ROUTER = "webhook-router";

    private WebhookTopology() {}

    public static Topology build(Topics topics, Supplier<Processor<String, SpecificRecord, Void, Void>> router) {
        Topology t = new Topology();
        source(t, "requests", topics.jobRequests);
        source(t, "events", topics.jobEvents);
        source(t, "attempts", topics.webhookAttempts);
        source(t, "resends", topics.webhookResends);
        t.addProcessor(ROUTER, router::get, "requests", "events", "attempts", "resends");
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
                Serdes.String(), AvroSerdes.serde(dev.batch.events.JobEvent.class)), ROUTER);
        return t;
    }

    @SuppressWarnings("unchecked")
    private static void source(Topology t, String name, TopicSpec<String, ? extends SpecificRecord> topic) {
        t.addSource(name, topic.keySerde().deserializer(),
                (org.apache.kafka.common.serialization.Deserializer<SpecificRecord>) topic.valueSerde().deserializer(), topic.name());
    }
}
