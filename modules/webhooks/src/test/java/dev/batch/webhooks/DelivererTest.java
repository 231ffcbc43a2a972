package dev.batch.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.batch.common.net.ReceiverPolicy;
import dev.batch.common.net.SelfSignedTls;
import dev.batch.common.net.StubDns;
import dev.batch.events.JobEvent;
import dev.batch.events.JobState;
import dev.batch.events.JobType;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Delivery attempts to real HTTP(S) receivers on 127.0.0.1 (and 127.0.0.2). */
class DelivererTest {
    private static final String SECRET = Signatures.newSecret();
    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch testOver = new CountDownLatch(1);

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
                    exchange.getResponseHeaders()
                            .add(
                                    "Location",
                                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/ok");
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/slow" -> {
                    // A receiver that does not answer until the test is over.
                    try {
                        testOver.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.sendResponseHeaders(200, -1);
                }
                case "/chunked" -> {
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody().write("{\"ok\": true}".getBytes(StandardCharsets.UTF_8));
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
        receiver.setExecutor(Executors.newCachedThreadPool());
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
        return new Deliverer(
                new ReceiverPolicy(allowed), Duration.ofSeconds(2), Duration.ofMillis(800), Clock.systemUTC());
    }

    @Test
    void postsASignedBodyWithTheReceiversHeaders() {
        byte[] body = "{\"event_type\": \"parse.success\"}".getBytes(StandardCharsets.UTF_8);
        Deliverer.Attempt a = deliverer("127.0.0.1")
                .deliver(url("/ok"), Map.of("Authorization", "Bearer r-123"), "evt_1", body, SECRET);
        assertThat(a.delivered()).isTrue();
        assertThat(a.statusCode()).isEqualTo(204);
        Received r = received.get(0);
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.headers().getFirst("webhook-id")).isEqualTo("evt_1");
        assertThat(r.headers().getFirst("Authorization")).isEqualTo("Bearer r-123");
        assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/json");
        long ts = Long.parseLong(r.headers().getFirst("webhook-timestamp"));
        assertThat(Signatures.verify(SECRET, "evt_1", ts, r.body(), r.headers().getFirst("webhook-signature")))
                .isTrue();
    }

    @Test
    void reportsFailuresGoneReceiversTimeoutsAndRedirectsWithoutFollowingThem() {
        Deliverer d = deliverer("127.0.0.1");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Deliverer.Attempt broken = d.deliver(url("/broken"), Map.of(), "e", body, SECRET);
        assertThat(broken.delivered()).isFalse();
        assertThat(broken.error()).contains("500");
        assertThat(d.deliver(url("/gone"), Map.of(), "e", body, SECRET).unsubscribe())
                .isTrue();
        Deliverer.Attempt slow = d.deliver(url("/slow"), Map.of(), "e", body, SECRET);
        assertThat(slow.delivered()).isFalse();
        assertThat(slow.error()).contains("no answer within 800 ms");
        Deliverer.Attempt moved = d.deliver(url("/moved"), Map.of(), "e", body, SECRET);
        assertThat(moved.statusCode()).isEqualTo(302);
        assertThat(moved.delivered()).isFalse();
        assertThat(received).extracting(Received::path).doesNotContain("/ok");
        assertThat(d.deliver(url("/chatty"), Map.of(), "e", body, SECRET).delivered())
                .as("a huge answer is cut, not read")
                .isTrue();
        Deliverer.Attempt chunked = d.deliver(url("/chunked"), Map.of(), "e", body, SECRET);
        assertThat(chunked.delivered()).isTrue();
        assertThat(chunked.durationMillis())
                .as("read to its last chunk, not to the deadline")
                .isLessThan(800);
        Deliverer.Attempt refused = d.deliver("http://127.0.0.1:1/closed", Map.of(), "e", body, SECRET);
        assertThat(refused.error()).startsWith("connection failed");
    }

    @Test
    void refusesAnInternalReceiverAtDeliveryTimeWithoutConnecting() {
        Deliverer.Attempt a =
                deliverer("").deliver(url("/ok"), Map.of(), "e", "{}".getBytes(StandardCharsets.UTF_8), SECRET);
        assertThat(a.delivered()).isFalse();
        assertThat(a.error())
                .startsWith("refused: the receiver URL resolves to an internal address")
                .doesNotContain("127.0.0.1");
        assertThat(received).isEmpty();
    }

    @Test
    void refusesHeadersThatWouldChangeTheRequest() {
        Deliverer d = deliverer("127.0.0.1");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(d.deliver(url("/ok"), Map.of("X-A", "a\r\nX-B: b"), "e", body, SECRET)
                        .error())
                .isEqualTo("a header is not valid: the value of 'X-A' must be one line of text");
        assertThat(d.deliver(url("/ok"), Map.of("Content-Length", "0"), "e", body, SECRET)
                        .error())
                .isEqualTo("a header is not valid: 'Content-Length' is set by the sink");
        assertThat(d.deliver(url("/ok"), Map.of("X A", "a"), "e", body, SECRET).error())
                .isEqualTo("a header is not valid: 'X A' is not a header name");
        assertThat(d.deliver(url("/ok"), Map.of(), "e\r\nX-B: b", body, SECRET).error())
                .isEqualTo("the event id is not valid: it must be visible ASCII");
        assertThat(received).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"BODY | the answer did not end within 800 ms", "HEAD | no answer within 800 ms"})
    void aReceiverThatTricklesItsAnswerHoldsTheAttemptNoLongerThanTheDeadline(TricklingReceiver.Mode mode, String error)
            throws Exception {
        try (TricklingReceiver trickler = new TricklingReceiver(mode)) {
            Deliverer d = deliverer("127.0.0.1");
            CompletableFuture<Deliverer.Attempt> attempt = CompletableFuture.supplyAsync(() ->
                    d.deliver(trickler.url("/hook"), Map.of(), "e", "{}".getBytes(StandardCharsets.UTF_8), SECRET));
            await().atMost(Duration.ofSeconds(3)).until(attempt::isDone);
            Deliverer.Attempt a = attempt.get();
            assertThat(a.delivered()).isFalse();
            assertThat(a.error()).isEqualTo(error);
            assertThat(a.durationMillis()).isBetween(750L, 2500L);
            assertThat(trickler.requests()).containsExactly("/hook");
            await().atMost(Duration.ofSeconds(3)).until(() -> trickler.open() == 0);
        }
    }

    @Test
    void connectsToTheAddressItCheckedWithoutLookingTheNameUpAgain() throws Exception {
        // 127.0.0.2 stands for the receiver's public address (the only one allowed); 127.0.0.1, on the same port, for
        // an internal service.
        HttpServer checked = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        int port = checked.getAddress().getPort();
        HttpServer internal = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        List<String> reached = new CopyOnWriteArrayList<>();
        for (HttpServer s : List.of(checked, internal)) {
            String name = s == checked ? "checked" : "internal";
            s.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    in.readAllBytes();
                }
                reached.add(name + " " + exchange.getRequestHeaders().getFirst("Host"));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            s.start();
        }
        try {
            StubDns dns = new StubDns(Map.of("hooks.test", List.of("127.0.0.2", "127.0.0.1")));
            Deliverer d = new Deliverer(
                    new ReceiverPolicy("127.0.0.2/32", dns),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(2),
                    Clock.systemUTC());
            String hook = "http://hooks.test:" + port + "/hook";
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            assertThat(d.deliver(hook, Map.of(), "e", body, SECRET).delivered()).isTrue();
            assertThat(reached).containsExactly("checked hooks.test:" + port);
            assertThat(dns.lookups("hooks.test")).as("one lookup per attempt").isEqualTo(1);
            Deliverer.Attempt rebound = d.deliver(hook, Map.of(), "e", body, SECRET);
            assertThat(rebound.error())
                    .startsWith("refused: the receiver URL resolves to an internal address")
                    .doesNotContain("127.0.0.1");
            assertThat(reached).hasSize(1);
        } finally {
            checked.stop(0);
            internal.stop(0);
        }
    }

    @Test
    void speaksTlsToTheCheckedAddressWithTheHostsNameAndChecksTheCertificateAgainstIt(@TempDir Path dir)
            throws Exception {
        SelfSignedTls certificate = new SelfSignedTls(dir, "hooks.test");
        SSLContext serverTls = certificate.server();

        List<String> serverNames = new CopyOnWriteArrayList<>();
        List<String> hosts = new CopyOnWriteArrayList<>();
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = serverTls.getDefaultSSLParameters();
                p.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        serverNames.add(((SNIHostName) name).getAsciiName());
                        return true;
                    }
                }));
                params.setSSLParameters(p);
            }
        });
        https.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        https.start();
        try {
            int port = https.getAddress().getPort();
            StubDns dns = new StubDns(Map.of("hooks.test", List.of("127.0.0.1"), "other.test", List.of("127.0.0.1")));
            Deliverer d = new Deliverer(
                    new ReceiverPolicy("127.0.0.1/32", dns),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(2),
                    Clock.systemUTC(),
                    certificate.trustingClient());
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            Deliverer.Attempt named = d.deliver("https://hooks.test:" + port + "/hook", Map.of(), "e", body, SECRET);
            assertThat(named.statusCode()).as(named.error()).isEqualTo(204);
            Deliverer.Attempt wrongName =
                    d.deliver("https://other.test:" + port + "/hook", Map.of(), "e", body, SECRET);
            assertThat(wrongName.delivered()).isFalse();
            assertThat(wrongName.error()).startsWith("TLS failed");
            assertThat(serverNames).contains("hooks.test", "other.test");
            assertThat(hosts).containsExactly("hooks.test:" + port);
        } finally {
            https.stop(0);
        }
    }

    @Test
    void sendsTheEnvelopeAsAStringOrAsAnObject() throws Exception {
        JobEvent e = JobEvent.newBuilder()
                .setEventId("evt_9")
                .setEventName("parse.success")
                .setJobId("bjb-1")
                .setProjectId("p")
                .setJobType(JobType.parse)
                .setStatus(JobState.completed)
                .setTotalItems(3)
                .setProcessedItems(3)
                .setOccurredAt(Instant.parse("2026-11-28T10:00:00Z"))
                .build();
        var envelope = Payloads.envelope(e, "corr-7", null, "http://localhost:8080");
        var json = new ObjectMapper();
        var asObject = json.readTree(Payloads.body(envelope, "json"));
        assertThat(asObject.get("event_type").asText()).isEqualTo("parse.success");
        assertThat(asObject.get("counters").get("processed_items").asLong()).isEqualTo(3);
        assertThat(asObject.get("correlation_id").asText()).isEqualTo("corr-7");
        var asString = json.readTree(Payloads.body(envelope, "string"));
        assertThat(asString.isTextual()).isTrue();
        assertThat(json.readTree(asString.asText())).isEqualTo(asObject);
    }
}
