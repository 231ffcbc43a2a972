package dev.batch.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.batch.app.BatchSystem;
import dev.batch.common.config.Config;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code scripts/bench-webhooks [jobs]}: that many one-item jobs (200), each with a receiver for all
 * its events, on the embedded system and a receiver on 127.0.0.1; prints delivered events per second
 * (first to last delivery) and the latency from each status change (the event's timestamp) to its
 * arrival at the receiver: median and p99.
 */
public final class WebhookBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookBench() {}

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        List<long[]> arrivals = new CopyOnWriteArrayList<>(); // {arrival ms, latency ms}
        java.util.concurrent.atomic.AtomicInteger successes = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            long now = System.currentTimeMillis();
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = JSON.readTree(in.readAllBytes());
                arrivals.add(new long[] {now, now - Instant.parse(body.get("timestamp").asText()).toEpochMilli()});
                if (body.get("event_type").asText().equals("parse.success")) successes.incrementAndGet();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        Path data = Files.createTempDirectory("bench-webhooks-");
        String key = "llx-bench";
        try (BatchSystem system = BatchSystem.start(Config.of(Map.of("BATCH_DATA_DIR", data.toString(), "BATCH_HTTP_PORT", "0",
                "BATCH_API_KEY", key, "BATCH_KAFKA_PORT", "0", "BATCH_KAFKA_CONTROLLER_PORT", "0", "BATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1")))) {
            BenchApi api = new BenchApi("http://localhost:" + system.httpPort(), key);
            String file = api.upload("note.txt", "a short note for webhooks".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (int i = 0; i < jobs; i++) {
                api.post("/api/v1/beta/batch-processing", "{\"job_config\": {\"parameters\": {\"do_not_cache\": true, \"webhook_configurations\": ["
                        + "{\"webhook_url\": \"" + hook + "\", \"webhook_output_format\": \"json\"}]}}, \"item_ids\": [\"" + file + "\"]}");
            }
            // Until every job's success event has arrived (bounded), polling the receiver's count:
            // a benchmark measures, so it waits for the work rather than for a condition library.
            long deadline = System.currentTimeMillis() + 300_000;
            while (successes.get() < jobs && System.currentTimeMillis() < deadline) Thread.sleep(100);
        } finally {
            receiver.stop(0);
        }
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
        long p99 = latencies.isEmpty() ? 0 : latencies.get(Math.min(latencies.size() - 1, (int) (latencies.size() * 0.99)));
        System.out.printf("%d jobs, %d events delivered to a receiver on 127.0.0.1; %d cores%n", jobs, arrivals.size(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("events_per_s=%.0f latency_median_ms=%d latency_p99_ms=%d%n", perSecond, median, p99);
    }
}
