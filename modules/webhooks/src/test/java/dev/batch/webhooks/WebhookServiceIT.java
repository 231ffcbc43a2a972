package dev.batch.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.batch.common.blob.LocalBlobStore;
import dev.batch.common.config.Config;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.net.ReceiverPolicy;
import dev.batch.common.query.QuerySecret;
import dev.batch.common.query.QueryServer;
import dev.batch.events.JobEvent;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobType;
import dev.batch.events.Priority;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook service on its own against a real broker: events produced directly, a receiver that is down across a restart, receivers
 * that trickle their answers while another project's wait.
 */
@WithKafka
class WebhookServiceIT {
    @TempDir
    Path blobs;

    @TempDir
    Path firstState;

    @TempDir
    Path secondState;

    final QueryServer queries = queryServer();

    private static QueryServer queryServer() {
        try {
            QueryServer q = new QueryServer(
                    "127.0.0.1", 0, "127.0.0.1", QuerySecret.fixed("webhook-sink-it".getBytes(StandardCharsets.UTF_8)));
            q.start();
            return q;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void closeQueries() {
        queries.close();
    }

    @Test
    void deliversEveryPendingEventAfterARestartWithTheSameEventIdsInOrder(TestKafka kafka, TestInfo test)
            throws Exception {
        AtomicBoolean up = new AtomicBoolean(false);
        List<String> attempts = new CopyOnWriteArrayList<>();
        List<String> delivered = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            attempts.add(id);
            if (up.get()) delivered.add(id);
            exchange.sendResponseHeaders(up.get() ? 200 : 503, -1);
            exchange.close();
        });
        receiver.start();
        KafkaSettings settings = kafka.newSettings(test.getDisplayName());
        Config config = Config.of(
                Map.of("BATCH_WEBHOOK_RETRY_DELAYS", "300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms"));
        WebhookSecrets secrets = new WebhookSecrets(new LocalBlobStore(blobs));
        ReceiverPolicy policy = new ReceiverPolicy("127.0.0.1");
        WebhookService sink = new WebhookService(settings, firstState, config, secrets, policy, queries);
        try {
            sink.start();
            String job = "bjb-direct-" + System.nanoTime();
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(
                    settings.producer("test"), new ByteArraySerializer(), new ByteArraySerializer())) {
                send(
                        p,
                        settings.topics().jobRequests,
                        job,
                        JobRequested.newBuilder()
                                .setJobId(job)
                                .setProjectId("proj")
                                .setJobType(JobType.parse)
                                .setPriority(Priority.medium)
                                .setItemIds(List.of("f1"))
                                .setRequestedAt(Instant.now())
                                .setJobConfigJson("{\"parameters\": {\"webhook_configurations\": [{\"webhook_url\": \""
                                        + hook + "\"}]}}")
                                .build());
                int n = 0;
                for (JobState s : List.of(JobState.pending, JobState.running, JobState.completed)) {
                    send(
                            p,
                            settings.topics().jobEvents,
                            job,
                            JobEvent.newBuilder()
                                    .setEventId("evt-" + (++n))
                                    .setEventName("parse." + s.name())
                                    .setJobId(job)
                                    .setProjectId("proj")
                                    .setJobType(JobType.parse)
                                    .setStatus(s)
                                    .setOccurredAt(Instant.now())
                                    .build());
                }
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> attempts.size() >= 2); // failing while the receiver is down
            sink.stop();
            // A new instance on a fresh state directory: the queue comes back from its changelog.
            sink = new WebhookService(settings, secondState, config, secrets, policy, queries);
            up.set(true);
            sink.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> delivered.size() >= 3);
            assertThat(delivered).containsExactly("evt-1", "evt-2", "evt-3");
            assertThat(attempts.stream().distinct())
                    .as("the same ids on every attempt")
                    .containsExactly("evt-1", "evt-2", "evt-3");
            WebhookService last = sink;
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> last.attempts(job).stream()
                                    .filter(a -> a.getOutcome().equals("delivered"))
                                    .count()
                            == 3);
        } finally {
            sink.stop();
            receiver.stop(0);
        }
    }

    @Test
    void deliversEventsThatWereReadBeforeTheirJobsRequest(TestKafka kafka, TestInfo test) throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            delivered.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        KafkaSettings settings = kafka.newSettings(test.getDisplayName());
        WebhookService sink = new WebhookService(
                settings,
                firstState,
                Config.of(Map.of()),
                new WebhookSecrets(new LocalBlobStore(blobs)),
                new ReceiverPolicy("127.0.0.1"),
                queries);
        try {
            sink.start();
            String job = "bjb-early-" + System.nanoTime();
            Instant t = Instant.now();
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(
                    settings.producer("test"), new ByteArraySerializer(), new ByteArraySerializer())) {
                int n = 0;
                for (JobState s : List.of(JobState.pending, JobState.running, JobState.completed)) {
                    send(
                            p,
                            settings.topics().jobEvents,
                            job,
                            JobEvent.newBuilder()
                                    .setEventId("early-" + (++n))
                                    .setEventName("parse." + s.name())
                                    .setJobId(job)
                                    .setProjectId("proj")
                                    .setJobType(JobType.parse)
                                    .setStatus(s)
                                    .setOccurredAt(t.plusMillis(n))
                                    .build());
                }
                send(
                        p,
                        settings.topics().jobRequests,
                        job,
                        JobRequested.newBuilder()
                                .setJobId(job)
                                .setProjectId("proj")
                                .setJobType(JobType.parse)
                                .setPriority(Priority.medium)
                                .setItemIds(List.of("f1"))
                                .setRequestedAt(t)
                                .setJobConfigJson(
                                        "{\"parameters\": {\"webhook_configurations\": [{\"webhook_url\": \"http://127.0.0.1:"
                                                + receiver.getAddress().getPort() + "/hook\"}]}}")
                                .build());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered.size() >= 3);
            assertThat(delivered).containsExactly("early-1", "early-2", "early-3");
        } finally {
            sink.stop();
            receiver.stop(0);
        }
    }

    @Test
    void deliversToOtherProjectsWhileEightReceiversOfOneProjectTrickleTheirAnswers(TestKafka kafka, TestInfo test)
            throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        HttpServer quick = receiver(delivered);
        KafkaSettings settings = kafka.newSettings(test.getDisplayName());
        // A deadline far beyond the wait below: the other project's delivery cannot come from a trickling attempt
        // ending.
        Config config = Config.of(Map.of("BATCH_WEBHOOK_TIMEOUT", "120s"));
        try (TricklingReceiver trickler = new TricklingReceiver(TricklingReceiver.Mode.BODY)) {
            WebhookService sink = new WebhookService(
                    settings,
                    firstState,
                    config,
                    new WebhookSecrets(new LocalBlobStore(blobs)),
                    new ReceiverPolicy("127.0.0.1"),
                    queries);
            try {
                sink.start();
                String slowJob = "bjb-slow-" + System.nanoTime();
                List<String> hooks = new ArrayList<>();
                for (int i = 0; i < 8; i++) hooks.add("{\"webhook_url\": \"" + trickler.url("/hook-" + i) + "\"}");
                try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(
                        settings.producer("test"), new ByteArraySerializer(), new ByteArraySerializer())) {
                    requestAndEvent(p, settings, "slow-project", slowJob, String.join(", ", hooks), "slow-evt");
                    await().atMost(Duration.ofSeconds(30)).until(() -> trickler.open() >= 4);
                    String quickJob = "bjb-quick-" + System.nanoTime();
                    requestAndEvent(
                            p,
                            settings,
                            "quick-project",
                            quickJob,
                            "{\"webhook_url\": \"http://127.0.0.1:"
                                    + quick.getAddress().getPort() + "/hook\"}",
                            "quick-evt");
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> delivered.contains("quick-evt"));
                assertThat(trickler.maxOpen())
                        .as("the slow project's deliveries in flight at once")
                        .isEqualTo(4);
            } finally {
                sink.stop();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> trickler.open() == 0);
        } finally {
            quick.stop(0);
        }
    }

    @Test
    void deliversToEveryReceiverOfAProjectThatHasMoreThanItsShareOfThreads(TestKafka kafka, TestInfo test)
            throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(delivered);
        KafkaSettings settings = kafka.newSettings(test.getDisplayName());
        WebhookService sink = new WebhookService(
                settings,
                firstState,
                Config.of(Map.of("BATCH_WEBHOOK_PROJECT_IN_FLIGHT", "2")),
                new WebhookSecrets(new LocalBlobStore(blobs)),
                new ReceiverPolicy("127.0.0.1"),
                queries);
        try {
            sink.start();
            String hook = "{\"webhook_url\": \"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hook\"}";
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(
                    settings.producer("test"), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int job = 0; job < 3; job++) {
                    requestAndEvent(
                            p,
                            settings,
                            "busy-project",
                            "bjb-busy-" + job + "-" + System.nanoTime(),
                            String.join(", ", Collections.nCopies(3, hook)),
                            "busy-evt-" + job);
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered.size() >= 9);
            assertThat(delivered)
                    .containsOnly("busy-evt-0", "busy-evt-1", "busy-evt-2")
                    .hasSize(9);
        } finally {
            sink.stop();
            receiver.stop(0);
        }
    }

    /** A receiver on 127.0.0.1 that answers 204 at once and records each event id it gets. */
    private static HttpServer receiver(List<String> delivered) throws IOException {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            delivered.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.start();
        return receiver;
    }

    /** A project's job naming {@code receivers} (webhook configurations, JSON), and one event of it. */
    private static void requestAndEvent(
            KafkaProducer<byte[], byte[]> p,
            KafkaSettings settings,
            String project,
            String job,
            String receivers,
            String eventId)
            throws Exception {
        send(
                p,
                settings.topics().jobRequests,
                job,
                JobRequested.newBuilder()
                        .setJobId(job)
                        .setProjectId(project)
                        .setJobType(JobType.parse)
                        .setPriority(Priority.medium)
                        .setItemIds(List.of("f1"))
                        .setRequestedAt(Instant.now())
                        .setJobConfigJson("{\"parameters\": {\"webhook_configurations\": [" + receivers + "]}}")
                        .build());
        send(
                p,
                settings.topics().jobEvents,
                job,
                JobEvent.newBuilder()
                        .setEventId(eventId)
                        .setEventName("parse.running")
                        .setJobId(job)
                        .setProjectId(project)
                        .setJobType(JobType.parse)
                        .setStatus(JobState.running)
                        .setOccurredAt(Instant.now())
                        .build());
    }

    private static <V extends SpecificRecord> void send(
            KafkaProducer<byte[], byte[]> p, TopicSpec<String, V> topic, String key, V value) throws Exception {
        p.send(topic.record(key, value)).get();
    }
}
