package dev.batch.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.batch.app.BatchSystem;
import dev.batch.broker.EmbeddedKafkaBroker;
import dev.batch.client.BatchApiClient;
import dev.batch.common.blob.LocalBlobStore;
import dev.batch.common.config.Config;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.TopicAdmin;
import dev.batch.common.net.ReceiverPolicy;
import dev.batch.common.query.QuerySecret;
import dev.batch.common.query.QueryServer;
import dev.batch.events.JobEvent;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobType;
import dev.batch.events.Priority;
import dev.batch.webhooks.WebhookSecrets;
import dev.batch.webhooks.WebhookService;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code scripts/bench-webhooks [jobs]}: that many one-item jobs (200), each with a receiver for all
 * its events, on the embedded system and a receiver on 127.0.0.1; prints delivered events per second
 * (first to last delivery) and the latency from each status change (the event's timestamp) to its
 * arrival at the receiver: median and p99.
 *
 * <p>{@code scripts/bench-webhooks sink [jobs]}: the sink alone on an embedded broker, fed job
 * requests and events produced straight to its topics (five events per job, 2,000 jobs), so the
 * figure is the sink's own delivery rate rather than how fast jobs finish.
 */
public final class WebhookBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookBench() {}

    public static void main(String[] args) throws Exception {
        boolean sinkOnly = args.length > 0 && args[0].equals("sink");
        String[] rest = sinkOnly ? Arrays.copyOfRange(args, 1, args.length) : args;
        int jobs = rest.length > 0 ? Integer.parseInt(rest[0]) : sinkOnly ? 2000 : 200;
        List<long[]> arrivals = new CopyOnWriteArrayList<>(); // {arrival ms, latency ms}
        AtomicInteger successes = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            long now = System.currentTimeMillis();
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = JSON.readTree(in.readAllBytes());
                arrivals.add(new long[] {
                    now, now - Instant.parse(body.get("timestamp").asText()).toEpochMilli()
                });
                if (body.get("event_type").asText().equals("parse.success")) successes.incrementAndGet();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        // Daemon threads: a receiver thread left waiting must not keep the benchmark's JVM alive after its report.
        receiver.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "receiver");
            t.setDaemon(true);
            return t;
        }));
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        if (sinkOnly) {
            try {
                sinkAlone(jobs, hook, successes);
            } finally {
                receiver.stop(0);
            }
            report(jobs, arrivals, "the sink alone");
            requireEvery(jobs, successes.get());
            return;
        }
        Path data = BenchSystem.scratch("bench-webhooks-");
        String key = "llx-bench";
        try (BatchSystem system = BenchSystem.start(data, key, "BATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1")) {
            BatchApiClient api = new BatchApiClient("http://localhost:" + system.httpPort(), key);
            String file = api.uploadFile("note.txt", "a short note for webhooks".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < jobs; i++) {
                api.createJob("{\"job_config\": {\"parameters\": {\"do_not_cache\": true, \"webhook_configurations\": ["
                        + "{\"webhook_url\": \"" + hook
                        + "\", \"webhook_output_format\": \"json\"}]}}, \"item_ids\": [\"" + file + "\"]}");
            }
            // Until every job's success event has arrived (bounded), polling the receiver's count:
            // a benchmark measures, so it waits for the work rather than for a condition library.
            long deadline = System.currentTimeMillis() + 300_000;
            while (successes.get() < jobs && System.currentTimeMillis() < deadline) Thread.sleep(100);
        } finally {
            receiver.stop(0);
        }
        report(jobs, arrivals, "the embedded system");
        requireEvery(jobs, successes.get());
    }

    /** Throws unless every job's success event arrived, as {@link Outcomes} does for items: a figure over fewer jobs is not the work asked for. */
    private static void requireEvery(int jobs, int succeeded) {
        if (succeeded < jobs) {
            throw new IllegalStateException(succeeded + " of " + jobs + " jobs' parse.success events arrived");
        }
    }

    /** Feeds the sink requests and events directly and waits for every job's last event to arrive. */
    private static void sinkAlone(int jobs, String hook, AtomicInteger successes) throws Exception {
        Path data = BenchSystem.scratch("bench-webhooks-sink-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(
                        data.resolve("kafka"), EmbeddedKafkaBroker.freePort(), EmbeddedKafkaBroker.freePort());
                QueryServer queries = new QueryServer(
                        "127.0.0.1",
                        0,
                        "127.0.0.1",
                        QuerySecret.fixed(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)))) {
            Config config = Config.of(Map.of("BATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1"));
            KafkaSettings kafka = KafkaSettings.from(config, broker.bootstrapServers());
            try (Admin admin = Admin.create(kafka.admin())) {
                TopicAdmin.ensureTopics(admin, kafka.topics(), kafka.replication(), Duration.ofSeconds(60));
            }
            queries.start();
            WebhookService sink = new WebhookService(
                    kafka,
                    data.resolve("state"),
                    config,
                    new WebhookSecrets(new LocalBlobStore(data.resolve("blobs"))),
                    new ReceiverPolicy("127.0.0.1"),
                    queries);
            sink.start();
            feed(kafka, jobs, hook);
            long deadline = System.currentTimeMillis() + 300_000;
            while (successes.get() < jobs && System.currentTimeMillis() < deadline)
                Thread.sleep(100); // see main: waits for the work
            sink.stop();
        }
    }

    /** Each job's request, then the events as the aggregator would send them. */
    private static void feed(KafkaSettings kafka, int jobs, String hook) {
        try (KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(kafka.producer("bench"), new ByteArraySerializer(), new ByteArraySerializer())) {
            String config1 = "{\"parameters\": {\"webhook_configurations\": [{\"webhook_url\": \"" + hook
                    + "\", \"webhook_output_format\": \"json\"}]}}";
            for (int i = 0; i < jobs; i++) {
                String job = "bjb-bench-" + i;
                p.send(kafka.topics()
                        .jobRequests
                        .record(
                                job,
                                JobRequested.newBuilder()
                                        .setJobId(job)
                                        .setProjectId("bench")
                                        .setJobType(JobType.parse)
                                        .setPriority(Priority.medium)
                                        .setItemIds(List.of("f"))
                                        .setRequestedAt(Instant.now())
                                        .setJobConfigJson(config1)
                                        .build()));
            }
            // The events come as the aggregator would send them: each job's five in order, jobs interleaved.
            List<JobState> states =
                    List.of(JobState.pending, JobState.running, JobState.dispatched, JobState.completed);
            String[] names = {"parse.pending", "parse.running", "parse.dispatched", "parse.success"};
            for (int s = 0; s < states.size(); s++) {
                for (int i = 0; i < jobs; i++) {
                    String job = "bjb-bench-" + i;
                    p.send(kafka.topics()
                            .jobEvents
                            .record(
                                    job,
                                    JobEvent.newBuilder()
                                            .setEventId("evt-" + i + "-" + s)
                                            .setEventName(names[s])
                                            .setJobId(job)
                                            .setProjectId("bench")
                                            .setJobType(JobType.parse)
                                            .setStatus(states.get(s))
                                            .setOccurredAt(Instant.now())
                                            .build()));
                }
            }
        }
    }

    private static void report(int jobs, List<long[]> arrivals, String what) {
        List<Long> latencies = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = 0;
        for (long[] a : arrivals) {
            latencies.add(a[1]);
            first = Math.min(first, a[0]);
            last = Math.max(last, a[0]);
        }
        Collections.sort(latencies);
        double perSecond = arrivals.size() * 1000.0 / Math.max(1, last - first);
        long median = latencies.isEmpty() ? 0 : latencies.get(latencies.size() / 2);
        long p99 = latencies.isEmpty()
                ? 0
                : latencies.get(Math.min(latencies.size() - 1, (int) (latencies.size() * 0.99)));
        System.out.printf(
                "%s: %d jobs, %d events delivered to a receiver on 127.0.0.1; %s%n",
                what, jobs, arrivals.size(), Machine.describe());
        System.out.printf("events_per_s=%.0f latency_median_ms=%d latency_p99_ms=%d%n", perSecond, median, p99);
    }
}
