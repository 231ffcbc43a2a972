package dev.batch.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.batch.app.BatchSystem;
import dev.batch.common.config.Config;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            long now = System.currentTimeMillis();
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = JSON.readTree(in.readAllBytes());
                arrivals.add(new long[] {now, now - Instant.parse(body.get("timestamp").asText()).toEpochMilli()});
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
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://localhost:" + system.httpPort() + "/api/v1/beta";
            String file = upload(http, base, key);
            for (int i = 0; i < jobs; i++) {
                send(http, HttpRequest.newBuilder(URI.create(base + "/batch-processing")).header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"job_config\": {\"parameters\": {\"do_not_cache\": true, \"webhook_configurations\": [{\"webhook_url\": \"" + hook
                                        + "\", \"webhook_output_format\": \"json\"}]}}, \"item_ids\": [\"" + file + "\"]}")));
            }
            long deadline = System.currentTimeMillis() + 300_000;
            int expected = jobs * 3; // at least pending, dispatched/running and success per job
            while (arrivals.size() < expected && System.currentTimeMillis() < deadline) Thread.sleep(200); // waits for the receiver
            Thread.sleep(2000); // late events of the last jobs
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

    private static String upload(HttpClient http, String base, String key) throws Exception {
        String boundary = "----bench" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\nContent-Type: text/plain\r\n\r\n"
                + "a short note for webhooks\r\n--" + boundary + "--\r\n";
        String r = send(http, HttpRequest.newBuilder(URI.create(base + "/files")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofString(body)));
        return JSON.readTree(r).get("id").asText();
    }

    private static String send(HttpClient http, HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
