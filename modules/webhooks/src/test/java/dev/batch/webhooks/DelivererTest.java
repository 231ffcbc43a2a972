package dev.batch.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delivery attempts to real HTTP receivers on 127.0.0.1. */
class DelivererTest {
    private static final String SECRET = Signatures.newSecret();
    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch testOver = new java.util.concurrent.CountDownLatch(1);

    private record Received(String path, Headers headers, byte[] body) {}

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body));
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/gone" -> exchange.sendResponseHeaders(410, -1);
                case "/broken" -> exchange.sendResponseHeaders(500, -1);
                case "/moved" -> {
                    exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/ok");
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/slow" -> {
                    // A receiver that does not answer until the test is over.
                    try {
                        testOver.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.sendResponseHeaders(200, -1);
                }
                case "/chatty" -> {
                    byte[] lots = new byte[5 * 1024 * 1024];
                    exchange.sendResponseHeaders(200, lots.length);
                    try {
                        exchange.getResponseBody().write(lots);
                    } catch (IOException e) {
                        // the sink stopped reading: as intended
                    }
                }
                default -> exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.start();
    }

    @AfterEach
    void stop() {
        testOver.countDown();
        receiver.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private Deliverer deliverer(String allowed) {
        return new Deliverer(new ReceiverPolicy(allowed), Duration.ofSeconds(2), Duration.ofMillis(800), Clock.systemUTC());
    }

    @Test
    void postsASignedBodyWithTheReceiversHeaders() {
        byte[] body = "{\"event_type\": \"parse.success\"}".getBytes(StandardCharsets.UTF_8);
        Deliverer.Attempt a = deliverer("127.0.0.1").deliver(url("/ok"), Map.of("Authorization", "Bearer r-123"), "evt_1", body, SECRET);
        assertThat(a.delivered()).isTrue();
        assertThat(a.statusCode()).isEqualTo(204);
        Received r = received.get(0);
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.headers().getFirst("webhook-id")).isEqualTo("evt_1");
        assertThat(r.headers().getFirst("Authorization")).isEqualTo("Bearer r-123");
        assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/json");
        long ts = Long.parseLong(r.headers().getFirst("webhook-timestamp"));
        assertThat(Signatures.verify(SECRET, "evt_1", ts, r.body(), r.headers().getFirst("webhook-signature"))).isTrue();
    }

    @Test
    void reportsFailuresGoneReceiversTimeoutsAndRedirectsWithoutFollowingThem() {
        Deliverer d = deliverer("127.0.0.1");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Deliverer.Attempt broken = d.deliver(url("/broken"), Map.of(), "e", body, SECRET);
        assertThat(broken.delivered()).isFalse();
        assertThat(broken.error()).contains("500");
        assertThat(d.deliver(url("/gone"), Map.of(), "e", body, SECRET).unsubscribe()).isTrue();
        Deliverer.Attempt slow = d.deliver(url("/slow"), Map.of(), "e", body, SECRET);
        assertThat(slow.delivered()).isFalse();
        assertThat(slow.error()).contains("no answer within 800 ms");
        Deliverer.Attempt moved = d.deliver(url("/moved"), Map.of(), "e", body, SECRET);
        assertThat(moved.statusCode()).isEqualTo(302);
        assertThat(moved.delivered()).isFalse();
        assertThat(received).extracting(Received::path).doesNotContain("/ok");
        assertThat(d.deliver(url("/chatty"), Map.of(), "e", body, SECRET).delivered()).as("a huge answer is cut, not read").isTrue();
        Deliverer.Attempt refused = d.deliver("http://127.0.0.1:1/closed", Map.of(), "e", body, SECRET);
        assertThat(refused.error()).startsWith("connection failed");
    }

    @Test
    void refusesAnInternalReceiverAtDeliveryTimeWithoutConnecting() {
        Deliverer.Attempt a = deliverer("").deliver(url("/ok"), Map.of(), "e", "{}".getBytes(StandardCharsets.UTF_8), SECRET);
        assertThat(a.delivered()).isFalse();
        assertThat(a.error()).startsWith("refused: the receiver URL resolves to an internal address").doesNotContain("127.0.0.1");
        assertThat(received).isEmpty();
    }

    @Test
    void sendsTheEnvelopeAsAStringOrAsAnObject() throws Exception {
        dev.batch.events.JobEvent e = dev.batch.events.JobEvent.newBuilder().setEventId("evt_9").setEventName("parse.success").setJobId("bjb-1")
                .setProjectId("p").setJobType(dev.batch.events.JobType.parse).setStatus(dev.batch.events.JobState.completed)
                .setTotalItems(3).setProcessedItems(3).setOccurredAt(java.time.Instant.parse("2026-11-28T10:00:00Z")).build();
        var envelope = Payloads.envelope(e, "corr-7", null, "http://localhost:8080");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var asObject = json.readTree(Payloads.body(envelope, "json"));
        assertThat(asObject.get("event_type").asText()).isEqualTo("parse.success");
        assertThat(asObject.get("counters").get("processed_items").asLong()).isEqualTo(3);
        assertThat(asObject.get("correlation_id").asText()).isEqualTo("corr-7");
        var asString = json.readTree(Payloads.body(envelope, "string"));
        assertThat(asString.isTextual()).isTrue();
        assertThat(json.readTree(asString.asText())).isEqualTo(asObject);
    }
}
