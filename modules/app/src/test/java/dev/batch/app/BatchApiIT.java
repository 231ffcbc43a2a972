package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static dev.batch.app.RunningSystem.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.common.Ids;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files, directories and every batch endpoint through real HTTP on the whole running system. */
@WithKafka
class BatchApiIT {
    @TempDir
    static Path data;

    static RunningSystem sys;
    static BatchApiClient api;

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        sys = RunningSystem.start(
                kafka, data, "batch-api", Map.of("BATCH_MAX_ITEM_BYTES", "4MiB", "BATCH_MAX_UPLOAD_BYTES", "8MiB"));
        api = sys.api;
    }

    @AfterAll
    static void stop() {
        if (sys != null) sys.close();
    }

    // ---- files ----

    @Test
    void listsGetsDownloadsAndDeletesFiles() throws Exception {
        String a = sys.upload("a-" + System.nanoTime() + ".txt", "alpha".getBytes(StandardCharsets.UTF_8));
        String b = sys.upload("b.txt", "beta".getBytes(StandardCharsets.UTF_8));

        Set<String> seen = new HashSet<>();
        String token = null;
        do {
            ApiResponse page =
                    api.get("/api/v1/beta/files?page_size=1" + (token == null ? "" : "&page_token=" + token));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().get("items")).hasSizeLessThanOrEqualTo(1);
            page.json().get("items").forEach(f -> seen.add(f.get("id").asText()));
            token = page.json().get("next_page_token").isNull()
                    ? null
                    : page.json().get("next_page_token").asText();
        } while (token != null);
        assertThat(seen).contains(a, b);
        assertThat(api.get("/api/v1/beta/files?file_ids=" + b).json().get("items"))
                .singleElement()
                .satisfies(f -> assertThat(f.get("name").asText()).isEqualTo("b.txt"));

        JsonNode content = api.get("/api/v1/beta/files/" + b + "/content").json();
        HttpResponse<String> download = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(content.get("url").asText()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("beta");
        HttpResponse<String> forged = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        content.get("url").asText().replaceAll("signature=.*", "signature=00")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);

        assertThat(api.delete("/api/v1/beta/files/" + b).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/beta/files/" + b).status()).isEqualTo(404);
    }

    @Test
    void refusesAnUploadOverTheLimitWith413AndStoresNothing() throws Exception {
        long before = countContent();
        ApiResponse r;
        try {
            r = api.upload("/api/v1/beta/files", "big.bin", new byte[9 * 1024 * 1024]);
        } catch (UncheckedIOException cutOff) {
            // The server may answer 413 and close while this client is still sending; JDK's client then
            // reports the cut connection instead of the answer (curl shows the 413).
            r = null;
        }
        if (r != null) {
            assertThat(r.status()).as(r.toString()).isEqualTo(413);
            assertThat(r.json().get("detail").asText()).contains("limit");
        }
        assertThat(countContent()).as("nothing of the refused upload is kept").isEqualTo(before);
        assertThat(api.upload("/api/v1/beta/files", "small.txt", "fits".getBytes(StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void signsDownloadUrlsForThePublicUrlWhateverHostTheRequestNames() throws Exception {
        String file = sys.upload("public.txt", "public".getBytes(StandardCharsets.UTF_8));
        String answer;
        // java.net.http will not send a Host header of the caller's choosing: a plain socket does.
        try (Socket socket = new Socket("localhost", sys.system.httpPort())) {
            socket.getOutputStream()
                    .write(("GET /api/v1/beta/files/" + file + "/content HTTP/1.0\r\nHost: evil.example\r\n"
                                    + "X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\nAuthorization: Bearer "
                                    + RunningSystem.KEY + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(answer).startsWith("HTTP/1.1 200");
        Matcher url = Pattern.compile("\"url\":\"([^\"]+)\"").matcher(answer);
        assertThat(url.find()).as(answer).isTrue();
        assertThat(url.group(1))
                .as("BATCH_PUBLIC_URL is unset: this server's port on localhost")
                .startsWith("http://localhost:" + sys.system.httpPort() + "/api/v1/beta/files/" + file + "/download?")
                .doesNotContain("evil");
    }

    // ---- directories ----

    @Test
    void managesDirectoriesAndTheirFiles() {
        JsonNode dir = api.post("/api/v1/beta/directories", "{\"name\": \"contracts\", \"description\": \"2026\"}")
                .json();
        String dirId = dir.get("id").asText();
        assertThat(dirId).startsWith("dir-");
        assertThat(api.patch("/api/v1/beta/directories/" + dirId, "{\"description\": \"2027\"}")
                        .json()
                        .get("description")
                        .asText())
                .isEqualTo("2027");

        String fileId = sys.upload("contract.txt", "terms".getBytes(StandardCharsets.UTF_8));
        ApiResponse added = api.post(
                "/api/v1/beta/directories/" + dirId + "/files",
                "{\"file_id\": \"" + fileId + "\", \"display_name\": \"Contract A\", \"metadata\": {\"year\": 2026}}");
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        String dfl = added.json().get("id").asText();
        assertThat(dfl).startsWith("dfl-");
        assertThat(added.json().get("metadata").get("year").asInt()).isEqualTo(2026);

        ApiResponse uploaded = api.upload(
                "/api/v1/beta/directories/" + dirId + "/files/upload",
                "upload_file",
                "b.txt",
                "second".getBytes(StandardCharsets.UTF_8),
                Map.of("display_name", "Contract B", "unique_id", "b-1"));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        assertThat(uploaded.json().get("unique_id").asText()).isEqualTo("b-1");

        assertThat(api.get("/api/v1/beta/directories/" + dirId + "/files")
                        .json()
                        .get("items"))
                .hasSize(2);
        assertThat(api.get("/api/v1/beta/directories/" + dirId + "/files?display_name_contains=contract%20b")
                        .json()
                        .get("items"))
                .singleElement()
                .satisfies(f -> assertThat(f.get("display_name").asText()).isEqualTo("Contract B"));
        assertThat(api.patch("/api/v1/beta/directories/" + dirId + "/files/" + dfl, "{\"display_name\": \"Renamed\"}")
                        .json()
                        .get("display_name")
                        .asText())
                .isEqualTo("Renamed");
        assertThat(api.delete("/api/v1/beta/directories/" + dirId + "/files/" + dfl)
                        .status())
                .isEqualTo(204);
        assertThat(api.get("/api/v1/beta/directories/" + dirId + "/files")
                        .json()
                        .get("items"))
                .hasSize(1);
        assertThat(api.get("/api/v1/beta/directories/" + dirId + "/files?include_deleted=true")
                        .json()
                        .get("items"))
                .hasSize(2);
        assertThat(api.get("/api/v1/beta/directories/" + dirId + "/files/" + dfl)
                        .json()
                        .get("deleted_at")
                        .isNull())
                .isFalse();

        assertThat(api.delete("/api/v1/beta/directories/" + dirId).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/beta/directories?name=contracts").json().get("items"))
                .isEmpty();
        assertThat(api.get("/api/v1/beta/directories?name=contracts&include_deleted=true")
                        .json()
                        .get("items"))
                .hasSize(1);
    }

    @Test
    void answersBadDirectoryRequestsWithTheFieldNamed() {
        assertThat(api.post("/api/v1/beta/directories", "{}")
                        .json()
                        .get("detail")
                        .asText())
                .isEqualTo("name: field required");
        assertThat(api.post("/api/v1/beta/directories", "{\"name\": 5}").status())
                .isEqualTo(422);
        String dirId = api.post("/api/v1/beta/directories", "{\"name\": \"x\"}")
                .json()
                .get("id")
                .asText();
        ApiResponse missing = api.post("/api/v1/beta/directories/" + dirId + "/files", "{\"file_id\": \"nope\"}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("detail").asText()).contains("file_id").contains("nope");
        assertThat(missing.headers().firstValue("x-should-retry")).hasValue("false");
        ApiResponse unknown = api.get("/api/v1/beta/directories/dir-nope");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("x-should-retry")).hasValue("false");
        assertThat(api.get("/api/v1/beta/directories?page_size=0").status()).isEqualTo(422);
    }

    // ---- jobs ----

    @Test
    void runsADirectoryJobAndListsItsItemsAndProcessingResults() throws Exception {
        String dirId = api.post("/api/v1/beta/directories", "{\"name\": \"papers\"}")
                .json()
                .get("id")
                .asText();
        List<String> dfls = new ArrayList<>();
        for (String f : List.of(
                "parse/pdf/arxiv-2201.00029.pdf",
                "parse/html/tika__testHTML.html",
                "parse/docx/tika__testComment.docx")) {
            ApiResponse r = api.upload(
                    "/api/v1/beta/directories/" + dirId + "/files/upload",
                    "upload_file",
                    Path.of(f).getFileName().toString(),
                    Files.readAllBytes(Corpus.file(f)),
                    Map.of());
            dfls.add(r.json().get("id").asText());
        }
        String job = sys.createJob("{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"directory_id\": \""
                + dirId + "\", \"page_size\": 2}");
        JsonNode done = sys.awaitTerminal(job);
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("total_items").asLong())
                .as(done.toString() + api.get(BATCH + "/" + job + "/items").raw())
                .isEqualTo(3);
        assertThat(done.get("processed_items").asLong())
                .as(api.get(BATCH + "/" + job + "/items").raw())
                .isEqualTo(3);
        assertThat(done.get("directory_id").asText()).isEqualTo(dirId);

        JsonNode items = api.get(BATCH + "/" + job + "/items?limit=2").json();
        assertThat(items.get("total_size").asLong()).isEqualTo(3);
        assertThat(items.get("items")).hasSize(2);
        JsonNode rest = api.get(BATCH + "/" + job + "/items?limit=2&offset=2").json();
        assertThat(rest.get("items")).hasSize(1);
        Set<String> itemIds = new HashSet<>();
        Stream.concat(stream(items.get("items")), stream(rest.get("items"))).forEach(i -> {
            itemIds.add(i.get("item_id").asText());
            assertThat(i.get("status").asText()).isEqualTo("completed");
            assertThat(i.get("item_name").asText()).isNotBlank();
        });
        assertThat(itemIds).containsExactlyInAnyOrderElementsOf(dfls);
        assertThat(api.get(BATCH + "/" + job + "/items?status=failed")
                        .json()
                        .get("total_size")
                        .asLong())
                .isZero();

        JsonNode results =
                api.get(BATCH + "/items/" + dfls.get(0) + "/processing-results").json();
        assertThat(results.get("item_id").asText()).isEqualTo(dfls.get(0));
        assertThat(results.get("item_name").asText()).isEqualTo("arxiv-2201.00029.pdf");
        JsonNode result = results.get("processing_results").get(0);
        assertThat(result.get("job_type").asText()).isEqualTo("parse");
        assertThat(result.get("parameters_hash").asText()).hasSize(64);
        assertThat(result.get("job_config")
                        .get("parameters")
                        .get("do_not_cache")
                        .asBoolean())
                .isTrue();
        assertThat(result.get("output_s3_path").asText()).startsWith("results/" + job + "/");
        assertThat(result.get("processed_at").asText()).isNotBlank();
        assertThat(result.get("result_id").asText()).isNotBlank();
    }

    @Test
    void refusesADirectoryJobOverAnUnknownDirectory() {
        ApiResponse r = api.post(BATCH, "{\"job_config\": {}, \"directory_id\": \"dir-unknown\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("detail").asText()).contains("dir-unknown");
    }

    @Test
    void skipsContentAlreadyProcessedWithTheSameParametersUnlessTheCacheIsInvalidated() {
        String a =
                sys.upload("same-1.txt", ("identical content " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
        byte[] same =
                api.get("/api/v1/beta/files/" + a).json().get("name").asText().getBytes(StandardCharsets.UTF_8);
        assertThat(same).isNotEmpty();
        String config =
                "{\"job_config\": {\"parameters\": {\"page_separator\": \"---\"}}, \"item_ids\": [\"" + a + "\"]}";
        assertThat(sys.awaitTerminal(sys.createJob(config))
                        .get("processed_items")
                        .asLong())
                .isEqualTo(1);

        String second = sys.createJob(config);
        JsonNode skipped = sys.awaitTerminal(second);
        assertThat(skipped.get("status").asText()).isEqualTo("completed");
        assertThat(skipped.get("skipped_items").asLong()).isEqualTo(1);
        JsonNode item =
                api.get(BATCH + "/" + second + "/items").json().get("items").get(0);
        assertThat(item.get("status").asText()).isEqualTo("skipped");
        assertThat(item.get("skip_reason").asText()).isEqualTo("already_processed");

        String other = sys.createJob(
                "{\"job_config\": {\"parameters\": {\"page_separator\": \"===\"}}, \"item_ids\": [\"" + a + "\"]}");
        assertThat(sys.awaitTerminal(other).get("processed_items").asLong())
                .as("other parameters: processed again")
                .isEqualTo(1);
        String invalidated = sys.createJob(
                "{\"job_config\": {\"parameters\": {\"page_separator\": \"---\", \"invalidate_cache\": true}}, \"item_ids\": [\""
                        + a + "\"]}");
        assertThat(sys.awaitTerminal(invalidated).get("processed_items").asLong())
                .isEqualTo(1);
    }

    @Test
    void skipsAFileOverTheItemSizeLimit() {
        String big = sys.upload("big.txt", "x".repeat(4200 * 1024).getBytes(StandardCharsets.UTF_8));
        String job = sys.createJob("{\"job_config\": {}, \"item_ids\": [\"" + big + "\"]}");
        JsonNode done = sys.awaitTerminal(job);
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("skipped_items").asLong()).isEqualTo(1);
        assertThat(api.get(BATCH + "/" + job + "/items")
                        .json()
                        .get("items")
                        .get(0)
                        .get("skip_reason")
                        .asText())
                .isEqualTo("size_limit_exceeded");
    }

    @Test
    void cancelsARunningJobAndRefusesToCancelAFinishedOne() throws Exception {
        // A 117-page book takes the two workers a while each: most copies are still pending at the cancel.
        byte[] pdf = Files.readAllBytes(Corpus.file("parse/pdf/sf__GeoTopo-komprimiert.pdf"));
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 8; i++) files.add(sys.upload("copy-" + i + ".pdf", pdf));
        String job = sys.createJob(
                "{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"item_ids\": " + ids(files) + "}");
        ApiResponse cancel = api.post(BATCH + "/" + job + "/cancel", "{\"reason\": \"changed my mind\"}");
        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
        assertThat(cancel.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(cancel.json().get("job_id").asText()).isEqualTo(job);

        JsonNode done = sys.awaitTerminal(job);
        assertThat(done.get("status").asText()).isEqualTo("cancelled");
        assertThat(done.get("completed_at").isNull()).isFalse();
        long cancelled = api.get(BATCH + "/" + job + "/items?status=cancelled")
                .json()
                .get("total_size")
                .asLong();
        assertThat(cancelled).isGreaterThan(0);
        assertThat(done.get("processed_items").asLong()
                        + done.get("failed_items").asLong()
                        + done.get("skipped_items").asLong()
                        + cancelled)
                .isEqualTo(done.get("total_items").asLong());
        ApiResponse again = api.post(BATCH + "/" + job + "/cancel", "{}");
        assertThat(again.status()).isEqualTo(409);
        // The SDK would otherwise retry a refusal that retrying cannot change, with back-off.
        assertThat(again.headers().firstValue("x-should-retry")).hasValue("false");
        String cancelledItem = api.get(BATCH + "/" + job + "/items?status=cancelled")
                .json()
                .get("items")
                .get(0)
                .get("item_id")
                .asText();
        assertThat(api.get("/api/v2/parse/" + Ids.parseJob(job, cancelledItem))
                        .json()
                        .at("/job/status")
                        .asText())
                .as("the child parse job of a cancelled item")
                .isEqualTo("CANCELLED");
    }

    @Test
    void showsAnItemAsProcessingWhileAWorkerIsOnIt() throws Exception {
        // One book parses in a fraction of a second on a fast machine; six in a row keep a worker busy
        // long enough that some item is seen in "processing" however the polls fall.
        byte[] pdf = Files.readAllBytes(Corpus.file("parse/pdf/sf__GeoTopo-komprimiert.pdf"));
        List<String> books = new ArrayList<>();
        for (int i = 0; i < 6; i++) books.add(sys.upload("book-" + i + ".pdf", pdf));
        String job = sys.createJob(
                "{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"item_ids\": " + ids(books) + "}");
        JsonNode item = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () -> api.get(BATCH + "/" + job + "/items?status=processing")
                                .json()
                                .get("items")
                                .get(0),
                        Objects::nonNull);
        assertThat(item.get("status").asText()).isEqualTo("processing");
        assertThat(item.get("started_at").isNull()).isFalse();
        // The child parse job of an item follows the item: RUNNING while a worker is on it, PENDING before.
        for (String state : List.of("processing", "pending")) {
            String expected = state.equals("processing") ? "RUNNING" : "PENDING";
            await(expected + " child job")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        JsonNode in = api.get(BATCH + "/" + job + "/items?status=" + state)
                                .json()
                                .get("items")
                                .get(0);
                        return in != null
                                && expected.equals(api.get("/api/v2/parse/"
                                                + Ids.parseJob(
                                                        job, in.get("item_id").asText()))
                                        .json()
                                        .at("/job/status")
                                        .asText());
                    });
        }
        assertThat(sys.awaitTerminal(job).get("processed_items").asLong()).isEqualTo(6);
    }

    @Test
    void servesAndRotatesTheProjectsWebhookSecretAndRefusesInternalReceivers() {
        String secret =
                api.get("/api/v1/beta/webhooks/secret").json().get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(api.get("/api/v1/beta/webhooks/secret").json().get("secret").asText())
                .isEqualTo(secret);
        assertThat(sys.other
                        .get("/api/v1/beta/webhooks/secret")
                        .json()
                        .get("secret")
                        .asText())
                .as("per project")
                .isNotEqualTo(secret);
        String rotated = api.post("/api/v1/beta/webhooks/secret/rotate", "{}")
                .json()
                .get("secret")
                .asText();
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);
        assertThat(api.get("/api/v1/beta/webhooks/secret").json().get("secret").asText())
                .isEqualTo(rotated);

        String file = sys.upload("hook.txt", "a file".getBytes(StandardCharsets.UTF_8));
        ApiResponse refused = api.post(
                BATCH,
                "{\"job_config\": {\"parameters\": {\"webhook_configurations\": ["
                        + "{\"webhook_url\": \"http://169.254.169.254/latest/meta-data\"}]}}, \"item_ids\": [\"" + file
                        + "\"]}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("detail").asText())
                .contains("webhook_configurations[0].webhook_url", "an internal address")
                .doesNotContain("169.254");
    }

    @Test
    void retriesTheFailedItemsOfAFinishedJob() throws Exception {
        byte[] bytes = ("retry me " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        String good = sys.upload("fine.txt", "fine".getBytes(StandardCharsets.UTF_8));
        String flaky = sys.upload("flaky.txt", bytes);
        String hash = sha256(bytes);
        Path blob = data.resolve("blobs/content")
                .resolve(hash.substring(0, 2))
                .resolve(hash.substring(2, 4))
                .resolve(hash);
        Files.delete(blob); // the content goes missing: the item fails

        String job = sys.createJob("{\"job_config\": {}, \"item_ids\": [\"" + good + "\", \"" + flaky + "\"]}");
        JsonNode first = sys.awaitTerminal(job);
        assertThat(first.get("failed_items").asLong()).isEqualTo(1);
        ApiResponse again = api.post(BATCH + "/" + job + "/cancel", "{}");
        assertThat(again.status()).isEqualTo(409);
        // The SDK would otherwise retry a refusal that retrying cannot change, with back-off.
        assertThat(again.headers().firstValue("x-should-retry")).hasValue("false");

        sys.upload("again.txt", bytes); // same bytes: the content is back
        ApiResponse retry = api.post(BATCH + "/" + job + "/retry", "{}");
        assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode j = api.get(BATCH + "/" + job).json().get("job");
            return j.get("status").asText().equals("completed")
                    && j.get("failed_items").asLong() == 0;
        });
        JsonNode after = api.get(BATCH + "/" + job).json().get("job");
        assertThat(after.get("processed_items").asLong()).isEqualTo(2);
        assertThat(after.get("total_items").asLong()).isEqualTo(2);
        assertThat(api.post(BATCH + "/" + job + "/retry", "{}").status())
                .as("nothing left to retry")
                .isEqualTo(409);
    }

    @Test
    void listsJobsWithFiltersAndPages() {
        String f = sys.upload("list.txt", "list".getBytes(StandardCharsets.UTF_8));
        String j1 = sys.createJob("{\"job_config\": {}, \"item_ids\": [\"" + f + "\"]}");
        String j2 = sys.createJob(
                "{\"job_config\": {\"rules\": [{\"type\": \"memo\", \"description\": \"a memo\"}]}, \"item_ids\": [\""
                        + f + "\"]}");
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        api.get(BATCH + "?limit=1000").json().get("total_size").asLong() >= 2);
        JsonNode all = api.get(BATCH + "?limit=1000").json();
        List<String> listed =
                stream(all.get("items")).map(j -> j.get("id").asText()).toList();
        assertThat(listed).contains(j1, j2);
        assertThat(stream(api.get(BATCH + "?job_type=classify&limit=1000")
                                .json()
                                .get("items"))
                        .map(j -> j.get("id").asText())
                        .toList())
                .contains(j2)
                .doesNotContain(j1);
        JsonNode page = api.get(BATCH + "?limit=1&offset=1").json();
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("total_size").asLong())
                .isEqualTo(all.get("total_size").asLong());
        assertThat(api.get(BATCH + "?limit=0").status()).isEqualTo(422);
        assertThat(api.get(BATCH + "?limit=1001").status()).isEqualTo(422);
        assertThat(api.get(BATCH + "?status=bogus").status()).isEqualTo(422);
    }

    @Test
    void returnsTheSameJobForARepeatedIdempotencyKey() {
        String f = sys.upload("idem.txt", "idem".getBytes(StandardCharsets.UTF_8));
        String body = "{\"job_config\": {}, \"item_ids\": [\"" + f + "\"]}";
        ApiResponse first = api.post(BATCH, body, "Idempotency-Key", "key-" + f);
        ApiResponse again = api.post(BATCH, body, "Idempotency-Key", "key-" + f);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("id").asText())
                .isEqualTo(first.json().get("id").asText());
        ApiResponse different = api.post(
                BATCH,
                "{\"job_config\": {\"parameters\": {}}, \"item_ids\": [\"" + f + "\"]}",
                "Idempotency-Key",
                "key-" + f);
        assertThat(different.status()).isEqualTo(422);
        assertThat(api.post(BATCH, body, "Idempotency-Key", "other-" + f)
                        .json()
                        .get("id")
                        .asText())
                .isNotEqualTo(first.json().get("id").asText());
    }

    @Test
    void keepsEveryProjectsFilesDirectoriesAndJobsInvisibleToOthers() {
        String f = sys.upload("mine.txt", "mine".getBytes(StandardCharsets.UTF_8));
        String dir = api.post("/api/v1/beta/directories", "{\"name\": \"private\"}")
                .json()
                .get("id")
                .asText();
        String job = sys.createJob("{\"job_config\": {}, \"item_ids\": [\"" + f + "\"]}");
        BatchApiClient other = sys.other;
        assertThat(other.get("/api/v1/beta/files/" + f).status()).isEqualTo(404);
        assertThat(stream(other.get("/api/v1/beta/files?page_size=1000").json().get("items"))
                        .map(x -> x.get("id").asText()))
                .doesNotContain(f);
        assertThat(other.get("/api/v1/beta/directories/" + dir).status()).isEqualTo(404);
        assertThat(other.get(BATCH + "/" + job).status()).isEqualTo(404);
        assertThat(other.get(BATCH + "/" + job + "/items").status()).isEqualTo(404);
        assertThat(other.post(BATCH + "/" + job + "/cancel", "{}").status()).isEqualTo(404);
        ApiResponse foreign = other.post(BATCH, "{\"job_config\": {}, \"item_ids\": [\"" + f + "\"]}");
        assertThat(foreign.status()).isEqualTo(422);
        assertThat(foreign.json().get("detail").asText()).contains(f);
        assertThat(other.post(BATCH, "{\"job_config\": {}, \"directory_id\": \"" + dir + "\"}")
                        .status())
                .isEqualTo(422);
        assertThat(api.get(BATCH + "/" + job + "?project_id=other-project").status())
                .as("project_id never widens access")
                .isEqualTo(404);
        assertThat(api.get(BATCH + "/" + job + "?project_id=" + sys.system.projectId())
                        .status())
                .isEqualTo(200);
        sys.awaitTerminal(job);
        assertThat(other.get(BATCH + "/items/" + f + "/processing-results").status())
                .isEqualTo(404);
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out.stream();
    }

    private static long countContent() throws Exception {
        Path content = data.resolve("blobs/content");
        if (!Files.exists(content)) return 0;
        try (var files = Files.walk(content)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
