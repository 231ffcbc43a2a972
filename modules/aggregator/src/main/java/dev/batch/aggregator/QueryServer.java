package dev.batch.aggregator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.batch.common.kafka.AvroSerdes;
import dev.batch.common.query.JobQueries;
import dev.batch.events.ItemState;
import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's internal query endpoint: other instances forward a question about a job here
 * when this instance owns the job's key. Answers only from local stores (never forwards again).
 * Records travel in their Avro single-object encoding, base64 in a small JSON envelope. It starts
 * before Kafka Streams, so Streams can advertise its real address ({@code application.server}).
 */
final class QueryServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueryServer.class);
    static final String PREFIX = "/internal/aggregator";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile AggregatorService local;

    QueryServer(String host, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 64);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "aggregator-query");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(PREFIX + "/", this::handle);
    }

    void start(AggregatorService local) {
        this.local = local;
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            AggregatorService l = local;
            String[] path = exchange.getRequestURI().getPath().substring(PREFIX.length() + 1).split("/");
            Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
            Object body;
            try {
                body = route(l, path, q);
            } catch (JobQueries.NotAvailableException e) {
                send(exchange, 503, Map.of("detail", e.getMessage()));
                return;
            } catch (RuntimeException e) {
                log.warn("Internal query {} failed", exchange.getRequestURI(), e);
                send(exchange, 500, Map.of("detail", String.valueOf(e.getMessage())));
                return;
            }
            if (body == null) send(exchange, 404, Map.of("detail", "not found"));
            else send(exchange, 200, body);
        }
    }

    private static Object route(AggregatorService l, String[] path, Map<String, String> q) {
        if (path.length == 2 && path[0].equals("jobs")) {
            return l.job(path[1]).map(s -> Map.of("record", encode(JobStatus.class, s))).orElse(null);
        }
        if (path.length == 3 && path[0].equals("jobs") && path[2].equals("request")) {
            return l.request(path[1]).map(s -> Map.of("record", encode(JobRequested.class, s))).orElse(null);
        }
        if (path.length == 3 && path[0].equals("jobs") && path[2].equals("items")) {
            ItemState status = q.containsKey("status") ? ItemState.valueOf(q.get("status")) : null;
            JobQueries.Slice<JobItem> slice = l.items(path[1], status, Integer.parseInt(q.getOrDefault("offset", "0")),
                    Integer.parseInt(q.getOrDefault("limit", "100")));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("total", slice.total());
            out.put("records", slice.items().stream().map(i -> encode(JobItem.class, i)).toList());
            return out;
        }
        if (path.length == 3 && path[0].equals("projects") && path[2].equals("jobs")) {
            JobQueries.JobFilter filter = new JobQueries.JobFilter(q.get("directory_id"),
                    q.containsKey("job_type") ? JobType.valueOf(q.get("job_type")) : null,
                    q.containsKey("status") ? JobState.valueOf(q.get("status")) : null);
            List<String> records = l.localJobs(path[1], filter).stream().map(s -> encode(JobStatus.class, s)).toList();
            return Map.of("records", records);
        }
        return null;
    }

    static <T extends org.apache.avro.specific.SpecificRecord> String encode(Class<T> type, T value) {
        return Base64.getEncoder().encodeToString(AvroSerdes.serde(type).serializer().serialize("query", value));
    }

    static <T extends org.apache.avro.specific.SpecificRecord> T decode(Class<T> type, String value) {
        return AvroSerdes.serde(type).deserializer().deserialize("query", Base64.getDecoder().decode(value));
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
