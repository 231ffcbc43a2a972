package dev.batch.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.kafka.Ticker;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Trace;
import dev.batch.events.JobEvent;
import dev.batch.events.JobRequested;
import dev.batch.events.PendingEvent;
import dev.batch.events.QueuedEvent;
import dev.batch.events.WebhookAttempt;
import dev.batch.events.WebhookQueue;
import dev.batch.events.WebhookResend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps, per job and receiver, the queue of events to deliver: a job request creates one queue per
 * receiver it names; each job event a receiver subscribes to joins the end of its queue; the head
 * of a queue is attempted when due (a wall-clock punctuation, and at once when it becomes head),
 * and its outcome advances the queue: delivered or given up (after the retry schedule) moves the
 * head on, 410 unsubscribes the receiver, anything else waits for the next retry. A re-send puts a
 * finished event at the end of its queue again, for a new round of the schedule. Queues and events
 * live in changelogged stores, one entry per event (a burst of item_failed events costs one write
 * each, not a rewrite of the queue), so retries survive restarts; the event id stays the same on
 * every attempt.
 */
final class WebhookRouteProcessor implements Processor<String, SpecificRecord, Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(WebhookRouteProcessor.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PENDING = "pending";

    private final Dispatcher dispatcher;
    private final List<Duration> delays;
    private final String publicUrl;
    private KeyValueStore<String, WebhookQueue> queues;
    private KeyValueStore<String, QueuedEvent> events;
    private KeyValueStore<String, Long> eventIds;
    private KeyValueStore<String, WebhookAttempt> deliveries;
    private KeyValueStore<String, Integer> jobs;
    private KeyValueStore<String, JobEvent> early;
    /** Keys of the queues with events waiting: what the punctuation looks at, not every job's receiver ever. */
    private final java.util.Set<String> waiting = new java.util.HashSet<>();
    private Ticker ticker;

    WebhookRouteProcessor(Dispatcher dispatcher, List<Duration> delays, String publicUrl) {
        this.dispatcher = dispatcher;
        this.delays = delays;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        queues = context.getStateStore(Topics.WEBHOOK_QUEUES_STORE);
        events = context.getStateStore(Topics.WEBHOOK_EVENTS_STORE);
        eventIds = context.getStateStore(Topics.WEBHOOK_EVENT_IDS_STORE);
        deliveries = context.getStateStore(Topics.WEBHOOK_LOG_STORE);
        jobs = context.getStateStore(Topics.WEBHOOK_JOBS_STORE);
        early = context.getStateStore(Topics.WEBHOOK_EARLY_STORE);
        // Ticks only while a queue waits: each tick costs a commit (a transaction).
        ticker = new Ticker(context, Duration.ofMillis(200), now -> dispatchDue(Instant.ofEpochMilli(now)));
        // Streams restores the stores before it initialises the processor: the queues left waiting by a previous run.
        List<KeyValue<String, WebhookQueue>> all = new ArrayList<>();
        try (KeyValueIterator<String, WebhookQueue> it = queues.all()) {
            while (it.hasNext()) all.add(it.next());
        }
        for (KeyValue<String, WebhookQueue> kv : all) {
            WebhookQueue q = kv.value;
            if (!q.getPending().isEmpty()) migrate(kv.key, q);
            if (q.getHeadSeq() < q.getNextSeq()) waiting.add(kv.key);
        }
        ticker.need(!waiting.isEmpty());
    }

    /** Version 1 of the queue kept its events inline: they move to the events store. */
    private void migrate(String key, WebhookQueue q) {
        for (PendingEvent p : q.getPending()) {
            append(key, q, p.getEventId(), p.getEventName(), p.getBody(), p.getAttempt(), 1, p.getNextAttemptAt(), null);
        }
        q.setPending(new ArrayList<>());
        queues.put(key, q);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        try {
            if (record.value() instanceof JobRequested r) onRequest(r);
            else if (record.value() instanceof JobEvent e) onEvent(e, Trace.get(record.headers(), Trace.TRACEPARENT));
            else if (record.value() instanceof WebhookAttempt a) onAttempt(a);
            else if (record.value() instanceof WebhookResend r) onResend(r);
        } catch (IOException | RuntimeException e) {
            // A job config a direct producer got wrong must not stop everybody's webhooks.
            log.warn("Webhook sink skipped a {} for job {}: {}", record.value() == null ? "record" : record.value().getClass().getSimpleName(),
                    record.key(), e.toString());
        }
    }

    /** One queue per receiver the job names. */
    private void onRequest(JobRequested r) throws IOException {
        JsonNode config = JSON.readTree(r.getJobConfigJson() == null ? "{}" : r.getJobConfigJson());
        JsonNode params = config.path("parameters");
        String type = r.getJobType().name();
        List<WebhookQueue.Builder> receivers = new ArrayList<>();
        for (JsonNode list : List.of(params.path("webhook_configurations"), config.path("webhook_configurations"))) {
            for (JsonNode c : list) {
                if (!c.path("webhook_url").isTextual()) continue;
                WebhookQueue.Builder q = WebhookQueue.newBuilder().setUrl(c.get("webhook_url").asText())
                        .setHeadersJson(c.path("webhook_headers").isObject() ? c.get("webhook_headers").toString() : "{}")
                        .setOutputFormat(c.path("webhook_output_format").asText("string"));
                if (c.path("webhook_events").isArray()) {
                    List<String> names = new ArrayList<>();
                    c.get("webhook_events").forEach(e -> names.add(e.asText()));
                    q.setEvents(names);
                }
                receivers.add(q);
            }
        }
        for (JsonNode legacy : List.of(params.path("webhook_url"), config.path("webhook_url"))) {
            // The legacy single URL is called once, when the job ends.
            if (legacy.isTextual()) {
                receivers.add(WebhookQueue.newBuilder().setUrl(legacy.asText()).setEvents(List.of(type + ".success", type + ".partial_success",
                        type + ".error", type + ".cancelled")));
            }
        }
        JsonNode custom = params.has("custom_metadata") ? params.get("custom_metadata") : config.get("custom_metadata");
        if (jobs.get(r.getJobId()) != null) return; // a replayed request
        jobs.put(r.getJobId(), receivers.size());
        for (int i = 0; i < receivers.size(); i++) {
            queues.put(key(r.getJobId(), i), receivers.get(i).setJobId(r.getJobId()).setReceiver(i).setProjectId(r.getProjectId())
                    .setCorrelationId(r.getCorrelationId()).setCustomMetadataJson(custom == null || custom.isNull() ? null : custom.toString())
                    .setPending(new ArrayList<>()).build());
        }
        // Events read before this request (the two topics are read side by side, and the aggregator's
        // first event carries the request's own timestamp): delivered now, in the order they came.
        List<KeyValue<String, JobEvent>> before = new ArrayList<>();
        try (KeyValueIterator<String, JobEvent> it = early.prefixScan(r.getJobId() + "/", new StringSerializer())) {
            while (it.hasNext()) before.add(it.next());
        }
        for (KeyValue<String, JobEvent> kv : before) {
            early.delete(kv.key);
            onEvent(kv.value, r.getTraceparent()); // the early event's own headers are gone; its job's trace stands in
        }
    }

    private void onEvent(JobEvent e, String traceparent) throws IOException {
        Integer receivers = jobs.get(e.getJobId());
        if (receivers == null) {
            // Its request has not been read yet: keep the event until it is (keys sort by when it happened).
            early.put(e.getJobId() + "/" + String.format("%020d", e.getOccurredAt().toEpochMilli()) + "/" + e.getEventId(), e);
            return;
        }
        for (int i = 0; i < receivers; i++) {
            String key = key(e.getJobId(), i);
            WebhookQueue q = queues.get(key);
            if (q == null || q.getUnsubscribed() || !subscribed(q, e.getEventName())) continue;
            if (eventIds.get(key + "/" + e.getEventId()) != null) continue; // a replayed event
            JsonNode custom = q.getCustomMetadataJson() == null ? null : JSON.readTree(q.getCustomMetadataJson());
            byte[] body = Payloads.body(Payloads.envelope(e, q.getCorrelationId(), custom, publicUrl), q.getOutputFormat());
            append(key, q, e.getEventId(), e.getEventName(), ByteBuffer.wrap(body), 0, 1, Instant.now(), traceparent);
        }
    }

    /** Puts an event at the end of a queue; starts it at once when the queue was idle. */
    private void append(String key, WebhookQueue q, String eventId, String eventName, ByteBuffer body, int attempts, int firstAttempt,
                        Instant due, String traceparent) {
        long seq = q.getNextSeq();
        QueuedEvent event = QueuedEvent.newBuilder().setJobId(q.getJobId()).setReceiver(q.getReceiver()).setSeq(seq).setEventId(eventId)
                .setEventName(eventName).setBody(body).setAttempt(attempts).setFirstAttempt(firstAttempt).setNextAttemptAt(due)
                .setState(PENDING).setTraceparent(traceparent).build();
        events.put(eventKey(key, seq), event);
        eventIds.put(key + "/" + eventId, seq);
        q.setNextSeq(seq + 1);
        save(key, q);
        if (q.getHeadSeq() == seq) dispatcher.submit(key, q, event);
    }

    private void onAttempt(WebhookAttempt a) {
        String key = key(a.getJobId(), a.getReceiver());
        WebhookQueue q = queues.get(key);
        QueuedEvent head = q == null ? null : head(key, q);
        if (head == null) return;
        if (!head.getEventId().equals(a.getEventId()) || head.getAttempt() + 1 != a.getAttempt()) return; // a duplicate report
        dispatcher.done(key);
        int round = a.getAttempt() - head.getFirstAttempt() + 1;
        head.setAttempt(a.getAttempt());
        if (a.getStatusCode() / 100 == 2) {
            a.setOutcome("delivered");
            finish(key, q, head, "delivered");
        } else if (a.getStatusCode() == 410) {
            a.setOutcome("unsubscribed");
            q.setUnsubscribed(true);
            for (long s = q.getHeadSeq(); s < q.getNextSeq(); s++) {
                QueuedEvent e = s == head.getSeq() ? head : events.get(eventKey(key, s));
                if (e != null) {
                    e.setState("dropped");
                    events.put(eventKey(key, s), e);
                }
            }
            q.setHeadSeq(q.getNextSeq());
        } else if (round > delays.size()) {
            a.setOutcome("gave_up");
            log.warn("Gave up delivering {} of job {} to {} after {} attempts: {}", a.getEventName(), a.getJobId(), a.getUrl(), round,
                    a.getError());
            finish(key, q, head, "gave_up");
        } else {
            a.setOutcome("retrying");
            Duration wait = delays.get(round - 1);
            long jitter = (long) (wait.toMillis() * 0.1 * ThreadLocalRandom.current().nextDouble());
            head.setNextAttemptAt(a.getAttemptedAt().plus(wait).plusMillis(jitter));
            events.put(eventKey(key, head.getSeq()), head);
        }
        deliveries.put(a.getJobId() + "/" + String.format("%020d", a.getAttemptedAt().toEpochMilli()) + "/" + a.getReceiver() + "/" + a.getAttempt()
                + "/" + a.getEventId(), a);
        save(key, q);
        QueuedEvent next = head(key, q);
        if (next != null && !next.getNextAttemptAt().isAfter(Instant.now())) dispatcher.submit(key, q, next);
    }

    /** The head is done with (delivered or given up): it stays in the store for a re-send, and the next event becomes head. */
    private void finish(String key, WebhookQueue q, QueuedEvent head, String state) {
        head.setState(state);
        events.put(eventKey(key, head.getSeq()), head);
        q.setHeadSeq(head.getSeq() + 1);
    }

    /**
     * Delivers an event again: a finished one joins the end of its queue for a new round of the
     * retry schedule, with the same event id and body; one still waiting for a retry is tried now.
     * The API checked that the event was attempted; an unsubscribed receiver is left alone.
     */
    private void onResend(WebhookResend r) {
        Integer receivers = jobs.get(r.getJobId());
        if (receivers == null) return;
        for (int i = 0; i < receivers; i++) {
            if (r.getReceiver() != null && r.getReceiver() != i) continue;
            String key = key(r.getJobId(), i);
            WebhookQueue q = queues.get(key);
            Long seq = eventIds.get(key + "/" + r.getEventId());
            if (q == null || seq == null) continue;
            if (q.getUnsubscribed()) {
                log.info("Not re-sending {} of job {}: receiver {} unsubscribed", r.getEventId(), r.getJobId(), i);
                continue;
            }
            QueuedEvent e = events.get(eventKey(key, seq));
            if (e == null) continue;
            if (PENDING.equals(e.getState())) {
                e.setNextAttemptAt(Instant.now());
                events.put(eventKey(key, seq), e);
                if (seq == q.getHeadSeq()) dispatcher.submit(key, q, e);
            } else {
                append(key, q, e.getEventId(), e.getEventName(), e.getBody(), e.getAttempt(), e.getAttempt() + 1, Instant.now(),
                        e.getTraceparent());
            }
        }
    }

    private QueuedEvent head(String key, WebhookQueue q) {
        return q.getHeadSeq() < q.getNextSeq() ? events.get(eventKey(key, q.getHeadSeq())) : null;
    }

    private void save(String key, WebhookQueue q) {
        queues.put(key, q);
        if (q.getHeadSeq() < q.getNextSeq()) waiting.add(key);
        else waiting.remove(key);
        ticker.need(!waiting.isEmpty());
    }

    /** Starts every waiting queue's head that is due and not in flight. */
    private void dispatchDue(Instant now) {
        for (String key : waiting) {
            WebhookQueue q = queues.get(key);
            QueuedEvent head = q == null ? null : head(key, q);
            if (head != null && !head.getNextAttemptAt().isAfter(now)) dispatcher.submit(key, q, head);
        }
    }

    /** Null events means LlamaCloud's events; ours (dispatched, item_failed) only when named. */
    static boolean subscribed(WebhookQueue q, String event) {
        if (q.getEvents() != null) return q.getEvents().contains(event);
        return !event.endsWith(".dispatched") && !event.endsWith(".item_failed");
    }

    static String key(String jobId, int receiver) {
        return jobId + "/" + receiver;
    }

    /** Sequence numbers padded so that a queue's events sort in order. */
    static String eventKey(String queueKey, long seq) {
        return queueKey + "/" + String.format("%012d", seq);
    }
}
