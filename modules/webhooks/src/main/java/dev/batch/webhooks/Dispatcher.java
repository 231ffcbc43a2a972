package dev.batch.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Trace;
import dev.batch.events.QueuedEvent;
import dev.batch.events.WebhookAttempt;
import dev.batch.events.WebhookQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs delivery attempts off the stream thread, so a slow receiver holds nothing but its own
 * queue: at most one attempt per receiver queue is in flight (its events stay in order), at most
 * {@code projectCap} per project (one project's slow receivers leave the other threads to the other
 * projects; a queue over its project's share is not started, and the topology's next tick offers
 * it again), and each outcome goes back to the topology as a {@link WebhookAttempt} on
 * {@code batch.webhook-attempts}.
 */
final class Dispatcher implements AttemptStarter, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Topics topics;
    private final Deliverer deliverer;
    private final WebhookSecrets secrets;
    private final Supplier<KafkaProducer<byte[], byte[]>> producers;
    /** Made at {@link #start}, when the broker is up: a producer made earlier only logs its failed dials. */
    private volatile KafkaProducer<byte[], byte[]> producer;

    private final ExecutorService pool;
    private final Duration stuckAfter;
    /** Queue key -> its attempt in flight; released when the topology has read that attempt's outcome. */
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

    private record InFlight(long startedNanos, String attemptId) {}

    /** Names this instance's attempts apart from any other instance's, before or after a restart. */
    private final String instance = UUID.randomUUID().toString();

    private final AtomicLong attemptIds = new AtomicLong();
    private final Duration drainWithin;
    private volatile boolean draining;
    private volatile boolean closed;
    private final int projectCap;
    /** Project -> its attempts running or waiting for a thread; released when the attempt ends, whatever became of it. */
    private final Map<String, Integer> perProject = new HashMap<>(); // guarded by this

    private final MeterRegistry meters;

    Dispatcher(
            Topics topics,
            Deliverer deliverer,
            WebhookSecrets secrets,
            Supplier<KafkaProducer<byte[], byte[]>> producers,
            int threads,
            int projectCap,
            Duration responseTimeout,
            MeterRegistry meters) {
        this.projectCap = projectCap;
        this.meters = meters;
        this.topics = topics;
        this.deliverer = deliverer;
        this.secrets = secrets;
        this.producers = producers;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "webhook-delivery");
            t.setDaemon(true);
            return t;
        });
        // An outcome that never came back (its record lost) frees the queue after this long.
        this.stuckAfter = responseTimeout.multipliedBy(2).plusSeconds(30);
        this.drainWithin = responseTimeout.compareTo(DRAIN_AT_MOST) < 0 ? responseTimeout : DRAIN_AT_MOST;
    }

    /** How long a stop waits for the attempts in flight to end and be reported. */
    private static final Duration DRAIN_AT_MOST = Duration.ofSeconds(5);

    /** Starts the head's next attempt unless one is in flight for this queue, or its project has its share in flight. */
    @Override
    public synchronized void submit(String key, WebhookQueue queue, QueuedEvent head) {
        if (draining) return; // stopping: the next instance makes it
        long now = System.nanoTime();
        InFlight running = inFlight.get(key);
        if (running != null && now - running.startedNanos() < stuckAfter.toNanos()) return;
        String project = queue.getProjectId();
        int ofProject = perProject.getOrDefault(project, 0);
        if (ofProject >= projectCap) return;
        perProject.put(project, ofProject + 1);
        String attemptId = instance + "-" + attemptIds.incrementAndGet();
        inFlight.put(key, new InFlight(now, attemptId));
        try {
            pool.execute(() -> {
                try {
                    attempt(key, queue, head, attemptId);
                } finally {
                    release(project);
                }
            });
        } catch (RejectedExecutionException e) { // closing
            release(project);
            free(key, attemptId);
        }
    }

    private synchronized void release(String project) {
        perProject.computeIfPresent(project, (p, n) -> n > 1 ? n - 1 : null);
    }

    /** The topology read the outcome of an attempt of this queue: if it is the one in flight here, the next may start. */
    @Override
    public void done(String key, String attemptId) {
        if (attemptId != null) free(key, attemptId);
    }

    private void free(String key, String attemptId) {
        inFlight.computeIfPresent(key, (k, running) -> running.attemptId().equals(attemptId) ? null : running);
    }

    private void attempt(String key, WebhookQueue queue, QueuedEvent head, String attemptId) {
        try (Trace.Scope mdc = Trace.mdc(queue.getProjectId(), queue.getJobId(), null, queue.getCorrelationId())) {
            attemptTraced(key, queue, head, attemptId);
        }
    }

    private void attemptTraced(String key, WebhookQueue queue, QueuedEvent head, String attemptId) {
        Deliverer.Attempt a = deliver(queue, head);
        if (closed) return; // cut short by the shutdown: not the receiver's doing, made again after the restart
        // Each HTTP attempt, counted where it is made (the topology may read its outcome twice after a crash).
        Timer.builder("batch.webhook.deliveries")
                .description("Webhook delivery attempts by result")
                .tags("result", a.statusCode() / 100 == 2 ? "delivered" : "failed", "event", head.getEventName())
                .register(meters)
                .record(a.durationMillis(), TimeUnit.MILLISECONDS);
        WebhookAttempt record = WebhookAttempt.newBuilder()
                .setJobId(queue.getJobId())
                .setReceiver(queue.getReceiver())
                .setUrl(queue.getUrl())
                .setEventId(head.getEventId())
                .setEventName(head.getEventName())
                .setAttempt(head.getAttempt() + 1)
                .setAttemptedAt(a.at())
                .setStatusCode(a.statusCode())
                .setError(a.error())
                .setDurationMs(a.durationMillis())
                .build();
        report(key, record, attemptId);
    }

    private Deliverer.Attempt deliver(WebhookQueue queue, QueuedEvent head) {
        try {
            String secret = secrets.secret(queue.getProjectId());
            Map<String, String> headers = headers(queue.getHeadersJson());
            // The receiver sees the delivery as a step of the job's trace (a receiver's own header of that name wins).
            String traceparent = Trace.child(head.getTraceparent());
            if (traceparent != null) headers.putIfAbsent(Trace.TRACEPARENT, traceparent);
            return deliverer.deliver(
                    queue.getUrl(), headers, head.getEventId(), head.getBody().array(), secret);
        } catch (IOException | RuntimeException e) {
            return new Deliverer.Attempt(Instant.now(), 0, "could not prepare the delivery: " + e.getMessage(), 0);
        }
    }

    /** Sends the attempt's outcome to the topology; when it cannot be sent, the queue is freed and the attempt made again. */
    private void report(String key, WebhookAttempt record, String attemptId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ATTEMPT_ID, attemptId.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(topics.webhookAttempts.record(record.getJobId(), record, headers), (m, e) -> {
                if (e != null) {
                    log.warn(
                            "Could not record webhook attempt {} of {}: {}; it is made again",
                            record.getAttempt(),
                            key,
                            e.toString());
                    free(key, attemptId);
                }
            });
        } catch (RuntimeException e) {
            log.warn(
                    "Could not record webhook attempt {} of {}: {}; it is made again",
                    record.getAttempt(),
                    key,
                    e.toString());
            free(key, attemptId);
        }
    }

    private static Map<String, String> headers(String json) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode h = JSON.readTree(json == null ? "{}" : json);
        h.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /**
     * Starts no more attempts and waits a while for those in flight to end and be reported: an
     * answer read is recorded, so the next instance does not deliver the event again. What is still
     * in flight after that is cut short by {@link #close}.
     */
    void drain() {
        draining = true;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(drainWithin.toMillis(), TimeUnit.MILLISECONDS))
                log.info("Webhook attempts still in flight after {} ms are cut short", drainWithin.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        draining = true;
        closed = true;
        pool.shutdownNow();
        deliverer.close();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) producer.close(Duration.ofSeconds(5));
    }

    /** Makes the producer the attempts are recorded with; before the topology starts, so before any attempt. */
    void start() {
        if (producer == null) producer = producers.get();
    }
}
