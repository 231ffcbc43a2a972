package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import dev.batch.webhooks.Signatures;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhooks from real jobs to real HTTP receivers on 127.0.0.1: order, filters, formats, signatures, retries, 410. */
@WithKafka
class WebhooksIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;

    static RunningSystem sys;
    static BatchApiClient api;
    static HttpServer receiver;
    static final Map<String, List<Delivery>> received = new ConcurrentHashMap<>();
    static final AtomicInteger flakyCalls = new AtomicInteger();
    static final AtomicBoolean backUp = new AtomicBoolean();

    record Delivery(String id, long timestamp, String signature, String token, byte[] body) {
        JsonNode json() throws Exception {
            JsonNode n = JSON.readTree(body);
            return n.isTextual() ? JSON.readTree(n.asText()) : n;
        }
    }

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            var h = exchange.getRequestHeaders();
            received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
                    .add(new Delivery(
                            h.getFirst("webhook-id"),
                            Long.parseLong(h.getFirst("webhook-timestamp")),
                            h.getFirst("webhook-signature"),
                            h.getFirst("X-Token"),
                            body));
            int status = switch (path) {
                case "/gone" -> 410;
                case "/flaky" -> flakyCalls.incrementAndGet() <= 2 ? 503 : 200;
                case "/down-then-up" -> backUp.get() ? 200 : 500;
                default -> 204;
            };
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        sys = RunningSystem.start(
                kafka,
                data,
                "webhooks",
                Map.of("BATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1", "BATCH_WEBHOOK_RETRY_DELAYS", "200ms,300ms,400ms"));
        api = sys.api;
    }

    @AfterAll
    static void stop() {
        if (sys != null) sys.close();
        if (receiver != null) receiver.stop(0);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private static String job(String webhooks) {
        String file = sys.upload(
                "note-" + System.nanoTime() + ".txt", ("hello " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
        String job = sys.createJob(
                "{\"job_config\": {\"parameters\": {" + webhooks + "}}, \"item_ids\": [\"" + file + "\"]}");
        assertThat(sys.awaitTerminal(job).get("status").asText()).isEqualTo("completed");
        return job;
    }

    private static List<Delivery> awaitDeliveries(String path, int atLeast) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> received.getOrDefault(path, List.of()), l -> l.size() >= atLeast);
    }

    @Test
    void deliversEveryEventOfAJobInOrderSignedWithTheProjectSecret() throws Exception {
        String job = job("\"custom_metadata\": {\"case\": \"W-1\"}, \"webhook_configurations\": [{\"webhook_url\": \""
                + url("/all")
                + "\", \"webhook_headers\": {\"X-Token\": \"t-1\"}, \"webhook_output_format\": \"json\"}]");
        List<Delivery> got = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> received.getOrDefault("/all", List.of()),
                        l -> l.stream()
                                .anyMatch(
                                        d -> body(d).path("event_type").asText().equals("parse.success")));
        String secret =
                api.get("/api/v1/beta/webhooks/secret").json().get("secret").asText();
        List<String> types =
                got.stream().map(d -> body(d).path("event_type").asText()).toList();
        assertThat(types).first().isEqualTo("parse.pending");
        assertThat(types).last().isEqualTo("parse.success");
        assertThat(types).doesNotHaveDuplicates().doesNotContain("parse.dispatched"); // ours are opt-in
        for (Delivery d : got) {
            JsonNode b = d.json();
            assertThat(Signatures.verify(secret, d.id(), d.timestamp(), d.body(), d.signature()))
                    .as("signed")
                    .isTrue();
            assertThat(d.id()).isEqualTo(b.get("event_id").asText());
            assertThat(d.token()).isEqualTo("t-1");
            assertThat(b.get("job_id").asText()).isEqualTo(job);
            assertThat(b.get("custom_metadata").get("case").asText()).isEqualTo("W-1");
            assertThat(b.get("links").get("job").asText()).endsWith("/api/v1/beta/batch-processing/" + job);
        }
        assertThat(body(got.get(got.size() - 1))
                        .get("counters")
                        .get("processed_items")
                        .asLong())
                .isEqualTo(1);
        JsonNode log = api.get(BATCH + "/" + job + "/webhook-deliveries").json();
        assertThat(log.get("items"))
                .hasSizeGreaterThanOrEqualTo(got.size())
                .allSatisfy(a -> assertThat(a.get("outcome").asText()).isEqualTo("delivered"));
    }

    @Test
    void sendsOnlyTheEventsAskedForAsAJsonStringByDefault() throws Exception {
        job("\"webhook_configurations\": [{\"webhook_url\": \"" + url("/only-success")
                + "\", \"webhook_events\": [\"parse.success\"]}]");
        Delivery d = awaitDeliveries("/only-success", 1).get(0);
        assertThat(JSON.readTree(d.body()).isTextual())
                .as("string output format")
                .isTrue();
        assertThat(d.json().get("event_type").asText()).isEqualTo("parse.success");
        // nothing else follows for this receiver
        assertThat(received.get("/only-success")).hasSize(1);
    }

    @Test
    void retriesAFailingReceiverWithTheSameEventIdUntilItAnswers() throws Exception {
        String job = job("\"webhook_configurations\": [{\"webhook_url\": \"" + url("/flaky")
                + "\", \"webhook_events\": [\"parse.success\"]}]");
        List<Delivery> got = awaitDeliveries("/flaky", 3);
        assertThat(got.stream().map(Delivery::id).distinct()).hasSize(1);
        JsonNode log = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get(BATCH + "/" + job + "/webhook-deliveries")
                                .json()
                                .get("items"),
                        items -> items.size() >= 3);
        assertThat(log.get(0).get("outcome").asText()).isEqualTo("retrying");
        assertThat(log.get(0).get("status_code").asInt()).isEqualTo(503);
        assertThat(log.get(2).get("outcome").asText()).isEqualTo("delivered");
        assertThat(log.get(2).get("attempt").asInt()).isEqualTo(3);
    }

    @Test
    void stopsCallingAReceiverThatAnswersGone() throws Exception {
        String job = job("\"webhook_configurations\": [{\"webhook_url\": \"" + url("/gone") + "\"}]");
        JsonNode log = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get(BATCH + "/" + job + "/webhook-deliveries")
                                .json()
                                .get("items"),
                        items -> items.size() >= 1);
        assertThat(log).hasSize(1);
        assertThat(log.get(0).get("outcome").asText()).isEqualTo("unsubscribed");
        assertThat(received.get("/gone")).hasSize(1);
    }

    @Test
    void callsTheLegacyWebhookUrlOnceWhenTheJobEnds() throws Exception {
        job("\"webhook_url\": \"" + url("/legacy") + "\"");
        Delivery d = awaitDeliveries("/legacy", 1).get(0);
        assertThat(d.json().get("event_type").asText()).isEqualTo("parse.success");
        assertThat(received.get("/legacy")).hasSize(1);
    }

    @Test
    void resendsAnEventGivenUpOnWithTheSameIdAndBodyOnceTheReceiverIsBack() throws Exception {
        String job = job("\"webhook_configurations\": [{\"webhook_url\": \"" + url("/down-then-up")
                + "\", \"webhook_events\": [\"parse.success\"]}]");
        String deliveries = BATCH + "/" + job + "/webhook-deliveries";
        // The schedule has three retries: the fourth failure gives up.
        JsonNode log = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get(deliveries).json().get("items"),
                        items -> items.size() >= 4
                                && items.get(items.size() - 1)
                                        .get("outcome")
                                        .asText()
                                        .equals("gave_up"));
        String eventId = log.get(0).get("event_id").asText();
        assertThat(received.get("/down-then-up")).hasSize(4);

        assertThat(api.post(deliveries + "/resend", "{\"event_id\": \"evt-none\"}")
                        .status())
                .isEqualTo(404);
        assertThat(api.post(deliveries + "/resend", "{\"receiver\": 0}").status())
                .isEqualTo(422);
        backUp.set(true);
        ApiResponse resent = api.post(deliveries + "/resend", "{\"event_id\": \"" + eventId + "\"}");
        assertThat(resent.status()).isEqualTo(202);
        assertThat(resent.json().get("receivers").get(0).asInt()).isZero();

        List<Delivery> got = awaitDeliveries("/down-then-up", 5);
        assertThat(got).extracting(Delivery::id).containsOnly(eventId);
        assertThat(got.get(4).body()).isEqualTo(got.get(0).body());
        JsonNode after = await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get(deliveries).json().get("items"), items -> items.size() >= 5);
        assertThat(after.get(4).get("outcome").asText()).isEqualTo("delivered");
        assertThat(after.get(4).get("attempt").asInt()).isEqualTo(5);
    }

    @Test
    void reportsEachFailedItemWithItsErrorWhenAskedFor() throws Exception {
        String good = sys.upload(
                "good-" + System.nanoTime() + ".txt", ("fine " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
        String bad = sys.upload(
                "broken-" + System.nanoTime() + ".pdf",
                ("%PDF-1.7\n" + System.nanoTime() + " this is no PDF").getBytes(StandardCharsets.UTF_8));
        String job =
                sys.createJob("{\"job_config\": {\"parameters\": {\"webhook_configurations\": [{\"webhook_url\": \""
                        + url("/item-failed")
                        + "\", \"webhook_output_format\": \"json\", \"webhook_events\": [\"parse.item_failed\", \"parse.partial_success\"]}]}}, "
                        + "\"item_ids\": [\"" + good + "\", \"" + bad + "\"]}");
        assertThat(sys.awaitTerminal(job).get("failed_items").asInt()).isEqualTo(1);
        List<JsonNode> got = awaitDeliveries("/item-failed", 2).stream()
                .map(WebhooksIT::body)
                .toList();
        assertThat(got)
                .extracting(b -> b.get("event_type").asText())
                .containsExactly("parse.item_failed", "parse.partial_success");
        JsonNode item = got.get(0).get("item");
        assertThat(item.get("item_id").asText()).isEqualTo(bad);
        assertThat(item.get("item_name").asText()).startsWith("broken-");
        assertThat(item.get("error_message").asText()).isNotBlank();
        assertThat(got.get(0).get("links").get("item_results").asText())
                .endsWith("/items/" + bad + "/processing-results");
    }

    private static JsonNode body(Delivery d) {
        try {
            return d.json();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
