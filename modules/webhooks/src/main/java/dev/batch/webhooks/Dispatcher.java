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
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
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
    /** Queue key -> when its attempt started; released when the topology has read the attempt's outcome. */
    private final Map<String, Long> inFlight = new ConcurrentHashMap<>();

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
    }

    /** Starts the head's next attempt unless one is in flight for this queue, or its project has its share in flight. */
    @Override
    public synchronized void submit(String key, WebhookQueue queue, QueuedEvent head) {
        long now = System.nanoTime();
        Long started = inFlight.get(key);
        if (started != null && now - started < stuckAfter.toNanos()) return;
        String project = queue.getProjectId();
        int running = perProject.getOrDefault(project, 0);
        if (running >= projectCap) return;
        perProject.put(project, running + 1);
        inFlight.put(key, now);
        try {
            pool.execute(() -> {
                try {
                    attempt(key, queue, head);
                } finally {
                    release(project);
                }
            });
        } catch (RejectedExecutionException e) { // closing
            release(project);
            inFlight.remove(key);
        }
    }

    private synchronized void release(String project) {
        perProject.computeIfPresent(project, (p, n) -> n > 1 ? n - 1 : null);
    }

    /** The topology read this queue's outcome: the next attempt may start. */
    @Override
    public void done(String key) {
        inFlight.remove(key);
    }

    private void attempt(String key, WebhookQueue queue, QueuedEvent head) {
        try (Trace.Scope mdc = Trace.mdc(queue.getProjectId(), queue.getJobId(), null, queue.getCorrelationId())) {
            attemptTraced(key, queue, head);
        }
    }

    private void attemptTraced(String key, WebhookQueue queue, QueuedEvent head) {
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
        report(key, record);
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
    private void report(String key, WebhookAttempt record) {
        try {
            producer.send(topics.webhookAttempts.record(record.getJobId(), record), (m, e) -> {
                if (e != null) {
                    log.warn(
                            "Could not record webhook attempt {} of {}: {}; it is made again",
                            record.getAttempt(),
                            key,
                            e.toString());
                    inFlight.remove(key);
                }
            });
        } catch (RuntimeException e) {
            log.warn(
                    "Could not record webhook attempt {} of {}: {}; it is made again",
                    record.getAttempt(),
                    key,
                    e.toString());
            inFlight.remove(key);
        }
    }

    private static Map<String, String> headers(String json) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode h = JSON.readTree(json == null ? "{}" : json);
        h.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    @Override
    public void close() {
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
