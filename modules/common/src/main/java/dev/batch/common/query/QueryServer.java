package dev.batch.common.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.batch.common.kafka.AvroSerdes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's internal query endpoint: other instances forward a question here when this
 * instance owns the key asked about (Kafka Streams metadata). Each service registers a path
 * prefix and answers only from its local stores (never forwarding again). Records travel in their
 * Avro single-object encoding, base64 in a small JSON envelope. The port is bound on construction,
 * so the Streams apps can advertise it ({@code application.server}) before they start. It answers
 * only callers that show the cluster's {@link QuerySecret}: job records and webhook deliveries of
 * every project pass through here.
 */
public final class QueryServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueryServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String PREFIX = "/internal/";

    /** Answers a question from local state: the JSON-able body, or null for 404. */
    @FunctionalInterface
    public interface Handler {
        Object answer(String[] path, Map<String, String> query);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final HostInfo advertised;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final QuerySecret secret;

    public QueryServer(String bindHost, int port, String advertisedHost, QuerySecret secret) throws IOException {
        this.secret = Objects.requireNonNull(secret);
        server = HttpServer.create(new InetSocketAddress(bindHost, port), 64);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "internal-query");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(PREFIX, this::handle);
        advertised = new HostInfo(advertisedHost, server.getAddress().getPort());
    }

    /** Registers the handler of {@code /internal/<service>/…}. */
    public void register(String service, Handler handler) {
        handlers.put(service, handler);
    }

    /** A client of the other instances' endpoints for {@code service}, showing them this cluster's secret. */
    public QueryClient client(String service) {
        return new QueryClient(service, secret);
    }

    public void start() {
        server.start();
    }

    /** Where other instances reach this one: the value of {@code application.server}. */
    public HostInfo advertised() {
        return advertised;
    }

    public String applicationServer() {
        return advertised.host() + ":" + advertised.port();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String presented = exchange.getRequestHeaders().getFirst(QuerySecret.HEADER);
            if (presented == null) {
                send(
                        exchange,
                        401,
                        Map.of(
                                "detail",
                                "this internal endpoint answers only instances of the cluster: the header "
                                        + QuerySecret.HEADER + " is missing"));
                return;
            }
            if (!secret.accepts(presented)) {
                send(
                        exchange,
                        403,
                        Map.of("detail", "the header " + QuerySecret.HEADER + " does not hold this cluster's secret"));
                return;
            }
            String[] all = exchange.getRequestURI()
                    .getPath()
                    .substring(PREFIX.length())
                    .split("/");
            Handler handler = handlers.get(all[0]);
            if (handler == null) {
                send(exchange, 404, Map.of("detail", "no service " + all[0] + " here"));
                return;
            }
            String[] path = Arrays.copyOfRange(all, 1, all.length);
            Object body;
            try {
                body = handler.answer(path, query(exchange.getRequestURI().getRawQuery()));
            } catch (NotAvailableException e) {
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

    public static <T extends SpecificRecord> String encode(Class<T> type, T value) {
        return Base64.getEncoder()
                .encodeToString(AvroSerdes.serde(type).serializer().serialize("query", value));
    }

    public static <T extends SpecificRecord> T decode(Class<T> type, String value) {
        return AvroSerdes.serde(type)
                .deserializer()
                .deserialize("query", Base64.getDecoder().decode(value));
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
            if (eq > 0)
                out.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
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
