package dev.batch.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.Ticker;
import dev.batch.common.kafka.Trace;
import dev.batch.events.JobEvent;
import dev.batch.events.JobRemoval;
import dev.batch.events.JobRequested;
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
 * Routes a job's events to its receivers' queues and moves each queue on as its deliveries go. A
 * job request creates one queue per receiver it names ({@link Receivers}); each job event a
 * receiver subscribes to joins the end of its queue ({@link ReceiverQueues}); the head of a queue
 * is handed to the {@link AttemptStarter} when due (a wall-clock punctuation, and at once when it
 * becomes head), and its outcome advances the queue: delivered or given up (after the
 * {@link RetrySchedule}) moves the head on, 410 unsubscribes the receiver, anything else waits for
 * the next retry. A re-send puts a finished event at the end of its queue again, for a new round of
 * the schedule. The event id stays the same on every attempt, and every attempt is logged
 * ({@code webhook-log}).
 */
final class WebhookRouteProcessor implements Processor<String, SpecificRecord, Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(WebhookRouteProcessor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AttemptStarter attempts;
    private final RetrySchedule retries;
    private final String publicUrl;
    private ProcessorContext<Void, Void> context;
    private ReceiverQueues queues;
    private KeyValueStore<String, WebhookAttempt> deliveries;
    /** Job id -> how many receivers it has, once its request was read. */
    private KeyValueStore<String, Integer> jobs;
    /** Events read before their job's request, keyed {@code <job>/<occurred at>/<event id>}. */
    private KeyValueStore<String, JobEvent> early;

    WebhookRouteProcessor(AttemptStarter attempts, List<Duration> delays, String publicUrl) {
        this.attempts = attempts;
        this.retries = new RetrySchedule(delays);
        this.publicUrl = publicUrl.replaceAll("/+$", "");
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        deliveries = context.getStateStore(StoreSpecs.WEBHOOK_LOG.name());
        jobs = context.getStateStore(StoreSpecs.WEBHOOK_JOBS.name());
        early = context.getStateStore(StoreSpecs.WEBHOOK_EARLY.name());
        // Ticks only while a queue waits: each tick costs a commit (a transaction).
        Ticker ticker = new Ticker(context, Duration.ofMillis(200), now -> dispatchDue(Instant.ofEpochMilli(now)));
        queues = new ReceiverQueues(context, ticker);
        // Streams restores the stores before it initialises the processor: the queues left waiting by a previous run.
        for (KeyValue<String, WebhookQueue> kv : queues.all()) queues.track(kv.key, kv.value);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof JobRemoval r) {
            if (r.getLast()) forgetJob(r.getJobId());
            return;
        }
        try {
            if (record.value() instanceof JobRequested r) onRequest(r);
            else if (record.value() instanceof JobEvent e) onEvent(e, Trace.get(record.headers(), Trace.TRACEPARENT));
            else if (record.value() instanceof WebhookAttempt a)
                onAttempt(a, Trace.get(record.headers(), AttemptStarter.ATTEMPT_ID));
            else if (record.value() instanceof WebhookResend r) onResend(r);
        } catch (IOException | RuntimeException e) {
            // A job config a direct producer got wrong must not stop everybody's webhooks.
            log.warn(
                    "Webhook sink skipped a {} for job {}: {}",
                    record.value() == null
                            ? "record"
                            : record.value().getClass().getSimpleName(),
                    record.key(),
                    e.toString());
        }
    }

    /** A removed job's queues, events, delivery log and early events go, and the job is forgotten. */
    private void forgetJob(String jobId) {
        WebhookQueue first = queues.get(ReceiverQueues.key(jobId, 0));
        Integer receivers = jobs.get(jobId);
        queues.forgetJob(jobId);
        int attempts = ReceiverQueues.deletePrefix(deliveries, jobId + "/");
        ReceiverQueues.deletePrefix(early, jobId + "/");
        jobs.delete(jobId);
        if (first == null) return; // a job without receivers left nothing here worth a line
        try (Trace.Scope mdc = Trace.mdc(first.getProjectId(), jobId, null, first.getCorrelationId())) {
            log.info(
                    "Job {} of project {} was removed: dropped its {} webhook queues and {} delivery attempts",
                    jobId,
                    first.getProjectId(),
                    receivers,
                    attempts);
        }
    }

    /** One queue per receiver the job names; then the events that came before the request. */
    private void onRequest(JobRequested r) throws IOException {
        List<WebhookQueue> receivers = Receivers.of(r);
        if (jobs.get(r.getJobId()) != null) return; // a replayed request
        jobs.put(r.getJobId(), receivers.size());
        for (WebhookQueue q : receivers) queues.save(ReceiverQueues.key(r.getJobId(), q.getReceiver()), q);
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
            early.put(
                    e.getJobId() + "/"
                            + String.format("%020d", e.getOccurredAt().toEpochMilli()) + "/" + e.getEventId(),
                    e);
            return;
        }
        for (int i = 0; i < receivers; i++) {
            String key = ReceiverQueues.key(e.getJobId(), i);
            WebhookQueue q = queues.get(key);
            if (q == null || q.getUnsubscribed() || !Receivers.subscribed(q, e.getEventName())) continue;
            if (queues.seq(key, e.getEventId()) != null) continue; // a replayed event
            JsonNode custom = q.getCustomMetadataJson() == null ? null : JSON.readTree(q.getCustomMetadataJson());
            byte[] body = Payloads.body(
                    Payloads.envelope(e, q.getCorrelationId(), custom, publicUrl, q.getApiJobId(), q.getApiJobPath()),
                    q.getOutputFormat());
            append(key, q, e.getEventId(), e.getEventName(), ByteBuffer.wrap(body), 0, 1, now(), traceparent);
        }
    }

    /** Puts an event at the end of a queue; starts it at once when the queue was idle. */
    private void append(
            String key,
            WebhookQueue q,
            String eventId,
            String eventName,
            ByteBuffer body,
            int attempt,
            int firstAttempt,
            Instant due,
            String traceparent) {
        QueuedEvent event = queues.append(key, q, eventId, eventName, body, attempt, firstAttempt, due, traceparent);
        if (q.getHeadSeq() == event.getSeq()) attempts.submit(key, q, event);
    }

    private void onAttempt(WebhookAttempt a, String attemptId) {
        String key = ReceiverQueues.key(a.getJobId(), a.getReceiver());
        attempts.done(key, attemptId);
        WebhookQueue q = queues.get(key);
        QueuedEvent head = q == null ? null : queues.head(key, q);
        if (head == null || !head.getEventId().equals(a.getEventId())) return; // the event is done with
        boolean inTurn = head.getAttempt() + 1 == a.getAttempt();
        // Two instances number their attempts from the same head (a restart, a rebalance): a delivery
        // reported under a number counted already still delivered the event, or it would go out again.
        boolean delivered = a.getStatusCode() / 100 == 2
                && a.getAttempt() <= head.getAttempt()
                && a.getAttempt() >= head.getFirstAttempt(); // of this round, not of one before a re-send
        if (!inTurn && !delivered) return; // a duplicate report
        head.setAttempt(Math.max(head.getAttempt(), a.getAttempt()));
        a.setOutcome(advance(key, q, head, a));
        deliveries.put(
                a.getJobId() + "/" + String.format("%020d", a.getAttemptedAt().toEpochMilli()) + "/" + a.getReceiver()
                        + "/" + a.getAttempt() + "/" + a.getEventId(),
                a);
        queues.save(key, q);
        QueuedEvent next = queues.head(key, q);
        if (next != null && !next.getNextAttemptAt().isAfter(now())) attempts.submit(key, q, next);
    }

    /** What the attempt's outcome does to the head of its queue; returns the outcome's name for the log. */
    private String advance(String key, WebhookQueue q, QueuedEvent head, WebhookAttempt a) {
        int round = a.getAttempt() - head.getFirstAttempt() + 1;
        if (a.getStatusCode() / 100 == 2) {
            queues.finish(key, q, head, "delivered");
            return "delivered";
        }
        if (a.getStatusCode() == 410) {
            queues.unsubscribe(key, q, head);
            return "unsubscribed";
        }
        if (retries.exhausted(round)) {
            log.warn(
                    "Gave up delivering {} of job {} to {} after {} attempts: {}",
                    a.getEventName(),
                    a.getJobId(),
                    a.getUrl(),
                    round,
                    a.getError());
            queues.finish(key, q, head, "gave_up");
            return "gave_up";
        }
        head.setNextAttemptAt(retries.next(a.getAttemptedAt(), round));
        queues.put(key, head);
        return "retrying";
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
            String key = ReceiverQueues.key(r.getJobId(), i);
            WebhookQueue q = queues.get(key);
            Long seq = queues.seq(key, r.getEventId());
            if (q == null || seq == null) continue;
            if (q.getUnsubscribed()) {
                log.info("Not re-sending {} of job {}: receiver {} unsubscribed", r.getEventId(), r.getJobId(), i);
                continue;
            }
            QueuedEvent e = queues.event(key, seq);
            if (e == null) continue;
            if (ReceiverQueues.PENDING.equals(e.getState())) {
                e.setNextAttemptAt(now());
                queues.put(key, e);
                if (seq == q.getHeadSeq()) attempts.submit(key, q, e);
            } else {
                append(
                        key,
                        q,
                        e.getEventId(),
                        e.getEventName(),
                        e.getBody(),
                        e.getAttempt(),
                        e.getAttempt() + 1,
                        now(),
                        e.getTraceparent());
            }
        }
    }

    /** Starts every waiting queue's head that is due and not in flight. */
    private void dispatchDue(Instant now) {
        for (String key : queues.waiting()) {
            WebhookQueue q = queues.get(key);
            QueuedEvent head = q == null ? null : queues.head(key, q);
            if (head != null && !head.getNextAttemptAt().isAfter(now)) attempts.submit(key, q, head);
        }
    }

    /** The stream thread's wall-clock time (the driver's in tests). */
    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
