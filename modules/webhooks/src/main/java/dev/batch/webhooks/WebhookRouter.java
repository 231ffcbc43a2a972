package dev.batch.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.kafka.Topics;
import dev.batch.events.JobEvent;
import dev.batch.events.JobRequested;
import dev.batch.events.PendingEvent;
import dev.batch.events.WebhookAttempt;
import dev.batch.events.WebhookQueue;
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
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps, per job and receiver, the queue of events still to deliver: a job request creates one
 * queue per receiver it names; each job event a receiver subscribes to joins the end of its queue;
 * the head of a queue is attempted when due (a wall-clock punctuation, and at once when it becomes
 * head), and its outcome advances the queue: delivered or given up (after the retry schedule) pops
 * it, 410 unsubscribes the receiver, anything else waits for the next retry. The queues live in a
 * changelogged store, so retries survive restarts; the event id stays the same on every attempt.
 */
final class WebhookRouter implements Processor<String, SpecificRecord, Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(WebhookRouter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Dispatcher dispatcher;
    private final List<Duration> delays;
    private final String publicUrl;
    private KeyValueStore<String, WebhookQueue> queues;
    private KeyValueStore<String, WebhookAttempt> deliveries;
    private KeyValueStore<String, Integer> jobs;
    private KeyValueStore<String, JobEvent> early;
    /** Keys of the queues with events waiting: what the punctuation looks at, not every job's receiver ever. */
    private final java.util.Set<String> waiting = new java.util.HashSet<>();

    WebhookRouter(Dispatcher dispatcher, List<Duration> delays, String publicUrl) {
        this.dispatcher = dispatcher;
        this.delays = delays;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        queues = context.getStateStore(Topics.WEBHOOK_QUEUES_STORE);
        deliveries = context.getStateStore(Topics.WEBHOOK_LOG_STORE);
        jobs = context.getStateStore(Topics.WEBHOOK_JOBS_STORE);
        early = context.getStateStore(Topics.WEBHOOK_EARLY_STORE);
        // Streams restores the stores before it initialises the processor: the queues left waiting by a previous run.
        try (KeyValueIterator<String, WebhookQueue> it = queues.all()) {
            while (it.hasNext()) {
                KeyValue<String, WebhookQueue> kv = it.next();
                if (!kv.value.getPending().isEmpty()) waiting.add(kv.key);
            }
        }
        context.schedule(Duration.ofMillis(200), PunctuationType.WALL_CLOCK_TIME, now -> dispatchDue(Instant.ofEpochMilli(now)));
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        try {
            if (record.value() instanceof JobRequested r) onRequest(r);
            else if (record.value() instanceof JobEvent e) onEvent(e);
            else if (record.value() instanceof WebhookAttempt a) onAttempt(a);
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
                    List<String> events = new ArrayList<>();
                    c.get("webhook_events").forEach(e -> events.add(e.asText()));
                    q.setEvents(events);
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
            onEvent(kv.value);
        }
    }

    private void onEvent(JobEvent e) throws IOException {
        Integer receivers = jobs.get(e.getJobId());
        if (receivers == null) {
            // Its request has not been read yet: keep the event until it is (keys sort by when it happened).
            early.put(e.getJobId() + "/" + String.format("%020d", e.getOccurredAt().toEpochMilli()) + "/" + e.getEventId(), e);
            return;
        }
        if (receivers == 0) return;
        try (KeyValueIterator<String, WebhookQueue> it = queues.prefixScan(e.getJobId() + "/", new StringSerializer())) {
            List<KeyValue<String, WebhookQueue>> matching = new ArrayList<>();
            while (it.hasNext()) matching.add(it.next());
            for (KeyValue<String, WebhookQueue> kv : matching) {
                WebhookQueue q = kv.value;
                if (q.getUnsubscribed() || !subscribed(q, e.getEventName())) continue;
                if (q.getPending().stream().anyMatch(p -> p.getEventId().equals(e.getEventId()))) continue;
                JsonNode custom = q.getCustomMetadataJson() == null ? null : JSON.readTree(q.getCustomMetadataJson());
                byte[] body = Payloads.body(Payloads.envelope(e, q.getCorrelationId(), custom,
                        publicUrl + "/api/v1/beta/batch-processing/" + e.getJobId()), q.getOutputFormat());
                List<PendingEvent> pending = new ArrayList<>(q.getPending());
                pending.add(PendingEvent.newBuilder().setEventId(e.getEventId()).setEventName(e.getEventName())
                        .setBody(ByteBuffer.wrap(body)).setAttempt(0).setNextAttemptAt(Instant.now()).build());
                q.setPending(pending);
                save(kv.key, q);
                if (pending.size() == 1) dispatcher.submit(kv.key, q, pending.get(0));
            }
        }
    }

    private void onAttempt(WebhookAttempt a) {
        String key = key(a.getJobId(), a.getReceiver());
        WebhookQueue q = queues.get(key);
        if (q == null || q.getPending().isEmpty()) return;
        PendingEvent head = q.getPending().get(0);
        if (!head.getEventId().equals(a.getEventId()) || head.getAttempt() + 1 != a.getAttempt()) return; // a duplicate report
        dispatcher.done(key);
        List<PendingEvent> pending = new ArrayList<>(q.getPending());
        if (a.getStatusCode() / 100 == 2) {
            a.setOutcome("delivered");
            pending.remove(0);
        } else if (a.getStatusCode() == 410) {
            a.setOutcome("unsubscribed");
            q.setUnsubscribed(true);
            pending.clear();
        } else if (a.getAttempt() > delays.size()) {
            a.setOutcome("gave_up");
            log.warn("Gave up delivering {} of job {} to {} after {} attempts: {}", a.getEventName(), a.getJobId(), a.getUrl(), a.getAttempt(),
                    a.getError());
            pending.remove(0);
        } else {
            a.setOutcome("retrying");
            Duration wait = delays.get(a.getAttempt() - 1);
            long jitter = (long) (wait.toMillis() * 0.1 * ThreadLocalRandom.current().nextDouble());
            pending.set(0, PendingEvent.newBuilder(head).setAttempt(a.getAttempt()).setNextAttemptAt(a.getAttemptedAt().plus(wait).plusMillis(jitter))
                    .build());
        }
        deliveries.put(a.getJobId() + "/" + String.format("%020d", a.getAttemptedAt().toEpochMilli()) + "/" + a.getReceiver() + "/" + a.getAttempt()
                + "/" + a.getEventId(), a);
        q.setPending(pending);
        save(key, q);
        if (!pending.isEmpty() && !pending.get(0).getNextAttemptAt().isAfter(Instant.now())) dispatcher.submit(key, q, pending.get(0));
    }

    private void save(String key, WebhookQueue q) {
        queues.put(key, q);
        if (q.getPending().isEmpty()) waiting.remove(key);
        else waiting.add(key);
    }

    /** Starts every waiting queue's head that is due and not in flight. */
    private void dispatchDue(Instant now) {
        for (String key : waiting) {
            WebhookQueue q = queues.get(key);
            if (q == null || q.getPending().isEmpty()) continue;
            PendingEvent head = q.getPending().get(0);
            if (!head.getNextAttemptAt().isAfter(now)) dispatcher.submit(key, q, head);
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
}
