package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.batch.client.ApiPaths;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.common.blob.SegmentBlobStore;
import dev.batch.common.query.QuerySecret;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the system on one cluster: their aggregators and webhook sinks split the job
 * partitions, and each instance answers for every job (status, items, child parse jobs, webhook deliveries), locally
 * or by forwarding to the owner, over internal endpoints that answer only callers showing the cluster's secret.
 */
@WithKafka
class TwoInstanceQueryIT {
    private static final String SHARED_KEY = "llx-shared";

    @TempDir
    Path a;

    @TempDir
    Path b;

    @TempDir
    Path blobs;

    @Test
    void answersForJobsOwnedByEitherInstanceThroughBoth(TestKafka kafka) throws Exception {
        String namespace = TestKafka.newNamespace("two-instances");
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String hook = "{\"webhook_url\": \"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\", \"webhook_events\": [\"parse.success\"]}";
        Map<String, String> shared = Map.of(
                "BATCH_TOPIC_NAMESPACE",
                namespace,
                "BATCH_PARTITIONS",
                "6",
                "BATCH_BLOB_DIR",
                blobs.toString(),
                "BATCH_API_KEYS",
                SHARED_KEY + "=shared-project",
                "BATCH_WEBHOOK_ALLOWED_HOSTS",
                "127.0.0.1",
                "BATCH_PUBLIC_URL",
                "https://batch.example.com");
        try (AutoCloseable stopReceiver = () -> receiver.stop(0);
                RunningSystem one = RunningSystem.start(kafka, a, "one", shared);
                RunningSystem two = RunningSystem.start(kafka, b, "two", shared)) {
            BatchApiClient viaOne = new BatchApiClient(one.base(), SHARED_KEY);
            BatchApiClient viaTwo = new BatchApiClient(two.base(), SHARED_KEY);
            // wait until the group has settled and both instances own partitions
            await().atMost(Duration.ofSeconds(60)).until(() -> one.system.ready() && two.system.ready());

            String file = viaOne.upload(
                            "/api/v1/beta/files", "shared.txt", "shared words".getBytes(StandardCharsets.UTF_8))
                    .json()
                    .get("id")
                    .asText();
            // A download URL signed by one instance opens through the other: they share the signing key through the
            // blob store.
            String url = viaOne.get("/api/v1/beta/files/" + file + "/content")
                    .json()
                    .get("url")
                    .asText();
            assertThat(url)
                    .as("the name clients reach both instances by")
                    .startsWith("https://batch.example.com/api/v1/beta/files/" + file + "/download?");
            ApiResponse download = new BatchApiClient(two.base(), null).get(url.substring(url.indexOf("/api/")));
            assertThat(download.status()).as(download.toString()).isEqualTo(200);
            assertThat(download.raw()).isEqualTo("shared words");
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ApiResponse r = (i % 2 == 0 ? viaOne : viaTwo)
                        .post(
                                BATCH,
                                "{\"job_config\": {\"parameters\": {\"webhook_configurations\": [" + hook
                                        + "]}}, \"item_ids\": [\"" + file + "\"]}");
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
                jobs.add(r.json().get("id").asText());
            }
            for (String job : jobs) {
                await("job " + job + " completed through both instances")
                        .atMost(Duration.ofSeconds(60))
                        .until(() ->
                                completed(viaOne.get(BATCH + "/" + job)) && completed(viaTwo.get(BATCH + "/" + job)));
                assertThat(viaTwo.get(BATCH + "/" + job + "/items")
                                .json()
                                .get("total_size")
                                .asLong())
                        .isEqualTo(1);
                assertThat(viaOne.get(BATCH + "/" + job + "/items")
                                .json()
                                .get("total_size")
                                .asLong())
                        .isEqualTo(1);
                String child = viaOne.get(BATCH + "/" + job + "/items")
                        .json()
                        .at("/items/0/job_id")
                        .asText();
                for (BatchApiClient via : List.of(viaOne, viaTwo)) {
                    assertThat(via.get("/api/v2/parse/" + child)
                                    .json()
                                    .at("/job/status")
                                    .asText())
                            .as("child job of " + job)
                            .isEqualTo("COMPLETED");
                }
                for (BatchApiClient via : List.of(viaOne, viaTwo)) {
                    await("webhook delivery of " + job)
                            .atMost(Duration.ofSeconds(30))
                            .until(() -> via.get(BATCH + "/" + job + "/webhook-deliveries")
                                    .json()
                                    .path("items")
                                    .findValuesAsText("outcome")
                                    .contains("delivered"));
                }
            }
            Set<Boolean> ownedByOne = new HashSet<>();
            for (String job : jobs) ownedByOne.add(one.system.aggregator().ownsJob(job));
            assertThat(ownedByOne).as("some jobs are owned by each instance").containsExactlyInAnyOrder(true, false);
            Set<Boolean> deliveriesOnOne = new HashSet<>();
            for (String job : jobs) deliveriesOnOne.add(one.system.webhookSink().ownsJob(job));
            assertThat(deliveriesOnOne)
                    .as("some jobs' webhook deliveries are kept by each instance")
                    .containsExactlyInAnyOrder(true, false);

            // A standalone classify job is listed by the classify v2 API and left out of the batch list through both
            // instances: the one that does not own it asks the other with the job's origin.
            String classified = viaTwo.post(
                            ApiPaths.CLASSIFY_V2_JOBS,
                            "{\"file_input\": \"" + file + "\", \"configuration\": {\"rules\": [{\"type\": \"note\","
                                    + " \"description\": \"a short note of shared words\"}]}}")
                    .json()
                    .get("id")
                    .asText();
            for (BatchApiClient via : List.of(viaOne, viaTwo)) {
                await("classify job " + classified + " through both instances")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> via.get(ApiPaths.CLASSIFY_V2_JOBS + "/" + classified)
                                .json()
                                .path("status")
                                .asText()
                                .equals("COMPLETED"));
                assertThat(via.get(ApiPaths.CLASSIFY_V2_JOBS).json().get("items"))
                        .extracting(j -> j.get("id").asText())
                        .containsExactly(classified);
            }
            for (BatchApiClient via : List.of(viaOne, viaTwo)) {
                JsonNode list = via.get(BATCH + "?limit=100").json();
                assertThat(list.get("total_size").asLong()).isEqualTo(12);
                List<String> listed = new ArrayList<>();
                list.get("items").forEach(j -> listed.add(j.get("id").asText()));
                assertThat(listed).containsExactlyInAnyOrderElementsOf(jobs);
            }

            // The internal port answers the cluster's instances only: they show the secret kept in the blob store they
            // share.
            String jobOfOne = jobs.stream()
                    .filter(one.system.aggregator()::ownsJob)
                    .findFirst()
                    .orElseThrow();
            URI internal = URI.create(
                    "http://localhost:" + one.system.internalQueryPort() + "/internal/aggregator/jobs/" + jobOfOne);
            String secret;
            try (SegmentBlobStore store = new SegmentBlobStore(blobs)) {
                secret = HexFormat.of()
                        .formatHex(store.getObject("secrets/internal-query.key").orElseThrow());
            }
            assertThat(internalQuery(internal, null).statusCode())
                    .as("no secret")
                    .isEqualTo(401);
            assertThat(internalQuery(internal, "0".repeat(secret.length())).statusCode())
                    .as("a wrong secret")
                    .isEqualTo(403);
            HttpResponse<String> answered = internalQuery(internal, secret);
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
            assertThat(answered.body()).contains("\"record\"");
        }
    }

    private static HttpResponse<String> internalQuery(URI uri, String secret) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        if (secret != null) b.header(QuerySecret.HEADER, secret);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean completed(ApiResponse r) {
        return r.status() == 200 && r.json().get("job").get("status").asText().equals("completed");
    }
}
