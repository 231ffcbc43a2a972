package dev.batch.webhooks;

import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.Ticker;
import dev.batch.events.QueuedEvent;
import dev.batch.events.WebhookQueue;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Each receiver's queue of events, in changelogged stores so that retries survive restarts: the
 * queue ({@code webhook-queues}, keyed {@code <job>/<receiver>}) says where its head is; its events
 * are one entry each ({@code webhook-events}, keyed {@code <job>/<receiver>/<seq>}), so a burst of
 * events costs one write each, not a rewrite of the queue; {@code webhook-event-ids} finds an
 * event's place by its id. The ticker runs while some queue has events waiting.
 */
final class ReceiverQueues {
    static final String PENDING = "pending";

    private final KeyValueStore<String, WebhookQueue> queues;
    private final KeyValueStore<String, QueuedEvent> events;
    private final KeyValueStore<String, Long> eventIds;
    private final Ticker ticker;
    /** Keys of the queues with events waiting: what the ticker looks at, not every job's receiver ever. */
    private final Set<String> waiting = new HashSet<>();

    ReceiverQueues(ProcessorContext<?, ?> context, Ticker ticker) {
        this.queues = context.getStateStore(StoreSpecs.WEBHOOK_QUEUES.name());
        this.events = context.getStateStore(StoreSpecs.WEBHOOK_EVENTS.name());
        this.eventIds = context.getStateStore(StoreSpecs.WEBHOOK_EVENT_IDS.name());
        this.ticker = ticker;
    }

    static String key(String jobId, int receiver) {
        return jobId + "/" + receiver;
    }

    /** Every queue in the store (a new instance's first look at what a previous run left). */
    List<KeyValue<String, WebhookQueue>> all() {
        List<KeyValue<String, WebhookQueue>> all = new ArrayList<>();
        try (KeyValueIterator<String, WebhookQueue> it = queues.all()) {
            while (it.hasNext()) all.add(it.next());
        }
        return all;
    }

    WebhookQueue get(String key) {
        return queues.get(key);
    }

    /** The queues with events waiting. */
    Set<String> waiting() {
        return waiting;
    }

    /** Where the event of this id is in the queue, or null when it never was. */
    Long seq(String key, String eventId) {
        return eventIds.get(key + "/" + eventId);
    }

    QueuedEvent event(String key, long seq) {
        return events.get(eventKey(key, seq));
    }

    void put(String key, QueuedEvent event) {
        events.put(eventKey(key, event.getSeq()), event);
    }

    /** The first event not yet delivered or given up, or null when the queue is empty. */
    QueuedEvent head(String key, WebhookQueue q) {
        return q.getHeadSeq() < q.getNextSeq() ? event(key, q.getHeadSeq()) : null;
    }

    /** Puts an event at the end of a queue (and saves the queue); returns it. */
    QueuedEvent append(
            String key,
            WebhookQueue q,
            String eventId,
            String eventName,
            ByteBuffer body,
            int attempts,
            int firstAttempt,
            Instant due,
            String traceparent) {
        long seq = q.getNextSeq();
        QueuedEvent event = QueuedEvent.newBuilder()
                .setJobId(q.getJobId())
                .setReceiver(q.getReceiver())
                .setSeq(seq)
                .setEventId(eventId)
                .setEventName(eventName)
                .setBody(body)
                .setAttempt(attempts)
                .setFirstAttempt(firstAttempt)
                .setNextAttemptAt(due)
                .setState(PENDING)
                .setTraceparent(traceparent)
                .build();
        put(key, event);
        eventIds.put(key + "/" + eventId, seq);
        q.setNextSeq(seq + 1);
        save(key, q);
        return event;
    }

    /** The head is done with (delivered or given up): it stays in the store for a re-send, and the next event becomes head. */
    void finish(String key, WebhookQueue q, QueuedEvent head, String state) {
        head.setState(state);
        put(key, head);
        q.setHeadSeq(head.getSeq() + 1);
    }

    /** The receiver asked for no more: every event still queued is dropped, and the queue ends. */
    void unsubscribe(String key, WebhookQueue q, QueuedEvent head) {
        q.setUnsubscribed(true);
        for (long s = q.getHeadSeq(); s < q.getNextSeq(); s++) {
            QueuedEvent e = s == head.getSeq() ? head : event(key, s);
            if (e != null) {
                e.setState("dropped");
                put(key, e);
            }
        }
        q.setHeadSeq(q.getNextSeq());
    }

    void save(String key, WebhookQueue q) {
        queues.put(key, q);
        track(key, q);
    }

    /** Counts the queue as waiting while it has events, and runs the ticker while any queue does. */
    void track(String key, WebhookQueue q) {
        if (q.getHeadSeq() < q.getNextSeq()) waiting.add(key);
        else waiting.remove(key);
        ticker.need(!waiting.isEmpty());
    }

    /** The job was removed: its receivers' queues, events and event ids go. */
    void forgetJob(String jobId) {
        String prefix = jobId + "/";
        deletePrefix(queues, prefix);
        deletePrefix(events, prefix);
        deletePrefix(eventIds, prefix);
        waiting.removeIf(key -> key.startsWith(prefix));
        ticker.need(!waiting.isEmpty());
    }

    /** Deletes every entry whose key starts with {@code prefix}; returns how many. */
    static <V> int deletePrefix(KeyValueStore<String, V> store, String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.prefixScan(prefix, new StringSerializer())) {
            while (it.hasNext()) keys.add(it.next().key);
        }
        keys.forEach(store::delete);
        return keys.size();
    }

    /** Sequence numbers padded so that a queue's events sort in order. */
    private static String eventKey(String queueKey, long seq) {
        return queueKey + "/" + String.format("%012d", seq);
    }
}
