package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.batch.client.ApiPaths;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LlamaParse v2 ({@code client.parsing}): standalone parse jobs by upload, by file id and by source
 * URL, run as one-item jobs through the pipeline, read with every {@code expand}, listed in cursor
 * pages, and kept to their project.
 */
@WithKafka
class ParseV2IT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PDF = Corpus.file("parse/pdf/arxiv-2201.00200.pdf");

    @TempDir
    static Path data;

    static RunningSystem sys;
    static BatchApiClient api;
    static HttpServer origin;
    static final List<String> hooks = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        // Documents may be fetched from "localhost" by name; 127.0.0.1 written out stays internal.
        sys = RunningSystem.start(kafka, data, "parse-v2", Map.of("BATCH_WEBHOOK_ALLOWED_HOSTS", "localhost"));
        api = sys.api;
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] pdf = Files.readAllBytes(PDF);
        origin.createContext("/papers/paper.pdf", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/pdf");
            ex.sendResponseHeaders(200, pdf.length);
            ex.getResponseBody().write(pdf);
            ex.close();
        });
        origin.createContext("/hook", ex -> {
            hooks.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        origin.start();
    }

    @AfterAll
    static void stop() {
        if (origin != null) origin.stop(0);
        if (sys != null) sys.close();
    }

    @Test
    void parsesAnUploadAndServesEveryExpandTheSdkDocuments() throws Exception {
        String configuration = "{\"tier\": \"fast\", \"version\": \"latest\","
                + " \"page_ranges\": {\"target_pages\": \"1-2\"},"
                + " \"crop_box\": {\"top\": 0.1},"
                + " \"output_options\": {\"markdown\": {\"annotate_links\": true, \"inline_images\": false}},"
                + " \"processing_options\": {\"ignore\": {\"ignore_diagonal_text\": true}}}";
        ApiResponse created = api.upload(
                ApiPaths.PARSE_UPLOAD,
                "file",
                "paper.pdf",
                Files.readAllBytes(PDF),
                Map.of("configuration", configuration));
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        assertThat(created.json().get("status").asText()).isEqualTo("PENDING");
        assertThat(created.json().get("tier").asText()).isEqualTo("fast");
        String id = created.json().get("id").asText();
        assertThat(id).startsWith("pjb-");

        JsonNode done = awaitCompleted(
                id,
                "text,markdown,items,metadata,job_metadata,raw_parameters,"
                        + "text_content_metadata,markdown_content_metadata,items_content_metadata,"
                        + "metadata_content_metadata,xlsx_content_metadata,output_pdf_content_metadata");
        assertThat(done.get("job").get("name").asText()).isEqualTo("paper.pdf");
        assertThat(done.get("text").get("pages")).hasSize(2);
        assertThat(done.get("text").get("pages").get(1).get("page_number").asInt())
                .isEqualTo(2);
        assertThat(done.get("text").get("pages").get(0).get("text").asText())
                .contains("Local heating due to convective overshooting");
        assertThat(done.get("markdown").get("pages").get(0).get("markdown").asText())
                .contains("## 1. Introduction");
        assertThat(done.get("items").get("pages").get(0).get("items")).isNotEmpty();
        assertThat(done.get("metadata").get("pages")).hasSize(2);

        JsonNode meta = done.get("job_metadata");
        assertThat(meta.get("tier").asText()).isEqualTo("fast");
        assertThat(meta.get("engine").asText()).startsWith("built-in");
        assertThat(texts(meta.get("ignored_parameters")))
                .containsExactlyInAnyOrder(
                        "crop_box.top",
                        "output_options.markdown.annotate_links",
                        "processing_options.ignore.ignore_diagonal_text");
        assertThat(done.get("raw_parameters")).isEqualTo(JSON.readTree(configuration));

        JsonNode contents = done.get("result_content_metadata");
        for (String kind : List.of("text", "markdown", "items", "metadata")) {
            JsonNode c = contents.get(kind);
            assertThat(c.get("exists").asBoolean()).as(kind).isTrue();
            HttpResponse<byte[]> got = fetch(c.get("presigned_url").asText());
            assertThat(got.statusCode()).as(kind).isEqualTo(200);
            assertThat((long) got.body().length)
                    .as(kind)
                    .isEqualTo(c.get("size_bytes").asLong());
        }
        assertThat(new String(fetch(contents.get("text").get("presigned_url").asText())
                        .body()))
                .contains("Local heating due to convective overshooting");
        assertThat(contents.get("xlsx").get("exists").asBoolean()).isFalse();
        assertThat(contents.get("output_pdf").get("exists").asBoolean()).isFalse();
        String tampered =
                contents.get("text").get("presigned_url").asText().replace("/results/text", "/results/markdown");
        assertThat(fetch(tampered).statusCode()).isEqualTo(403);
    }

    @Test
    void parsesByFileIdAtAnyTierAndSaysWhichEngineRan() throws Exception {
        String file = sys.upload(PDF);
        ApiResponse created = api.post(
                ApiPaths.PARSE_JOBS,
                "{\"file_id\": \"" + file + "\", \"tier\": \"agentic\", \"version\": \"2026-01-08\","
                        + " \"page_ranges\": {\"max_pages\": 1}, \"disable_cache\": true}");
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        JsonNode done = awaitCompleted(created.json().get("id").asText(), "text,job_metadata");
        assertThat(done.get("text").get("pages")).hasSize(1);
        assertThat(done.get("job").get("tier").asText()).isEqualTo("fast");
        JsonNode meta = done.get("job_metadata");
        assertThat(meta.get("requested_tier").asText()).isEqualTo("agentic");
        assertThat(meta.get("pages_parsed").asInt()).isEqualTo(1);
        assertThat(meta.get("document_pages").asInt()).isEqualTo(7);
        assertThat(meta.get("version").asText()).isEqualTo("2026-01-08");
        assertThat(meta.get("notes").toString()).contains("tier 'agentic' ran the built-in engine");
    }

    @Test
    void parsesADirectoryFileByItsDflId() {
        String dir = api.createDirectory("parse-v2-inbox");
        String dfl = api.uploadToDirectory(dir, PDF).get("id").asText();
        assertThat(dfl).startsWith("dfl-");
        ApiResponse created = api.post(
                ApiPaths.PARSE_JOBS,
                "{\"file_id\": \"" + dfl + "\", \"tier\": \"fast\", \"version\": \"latest\","
                        + " \"page_ranges\": {\"max_pages\": 1}}");
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        assertThat(created.json().get("name").asText()).isEqualTo("arxiv-2201.00200.pdf");
        JsonNode done = awaitCompleted(created.json().get("id").asText(), "text");
        assertThat(done.get("text").get("pages")).hasSize(1);
        assertThat(sys.other
                        .post(
                                ApiPaths.PARSE_JOBS,
                                "{\"file_id\": \"" + dfl + "\", \"tier\": \"fast\", \"version\": \"latest\"}")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void tellsItsWebhookReceiversTheParseJobByItsOwnId() throws Exception {
        String file = sys.upload(PDF);
        String hook = "http://localhost:" + origin.getAddress().getPort() + "/hook";
        ApiResponse created = api.post(
                ApiPaths.PARSE_JOBS,
                "{\"file_id\": \"" + file + "\", \"tier\": \"fast\", \"version\": \"latest\","
                        + " \"page_ranges\": {\"max_pages\": 1}, \"disable_cache\": true,"
                        + " \"webhook_configurations\": [{\"webhook_url\": \"" + hook + "\","
                        + " \"webhook_events\": [\"parse.success\"], \"webhook_headers\": {\"X-Case\": \"7\"}}]}");
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        String id = created.json().get("id").asText();
        awaitCompleted(id, "");
        await("the parse.success delivery")
                .atMost(Duration.ofSeconds(30))
                .until(() -> hooks.stream().anyMatch(h -> h.contains(id)));
        String delivered =
                hooks.stream().filter(h -> h.contains(id)).findFirst().orElseThrow();
        JsonNode payload = JSON.readTree(JSON.readTree(delivered).asText()); // the default output format: a string
        assertThat(payload.get("event_type").asText()).isEqualTo("parse.success");
        assertThat(payload.get("job_id").asText()).isEqualTo(id);
        assertThat(payload.get("batch_job_id").asText()).startsWith("bjb-");
        assertThat(payload.get("links").get("job").asText()).endsWith("/api/v2/parse/" + id);
    }

    @Test
    void fetchesASourceUrlThroughTheReceiverPolicy() throws Exception {
        int port = origin.getAddress().getPort();
        ApiResponse created = api.post(
                ApiPaths.PARSE_JOBS,
                "{\"source_url\": \"http://localhost:" + port + "/papers/paper.pdf\", \"tier\": \"fast\","
                        + " \"version\": \"latest\", \"page_ranges\": {\"max_pages\": 1}}");
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        assertThat(created.json().get("name").asText()).isEqualTo("paper.pdf");
        JsonNode done = awaitCompleted(created.json().get("id").asText(), "text");
        assertThat(done.get("text").get("pages").get(0).get("text").asText())
                .contains("Local heating due to convective overshooting");

        ApiResponse internal = api.post(
                ApiPaths.PARSE_JOBS,
                "{\"source_url\": \"http://127.0.0.1:" + port + "/papers/paper.pdf\", \"tier\": \"fast\","
                        + " \"version\": \"latest\"}");
        assertThat(internal.status()).isEqualTo(422);
        assertThat(internal.json().get("detail").asText())
                .startsWith("source_url: ")
                .contains("internal address")
                .doesNotContain("127.0.0.1");
    }

    @Test
    void listsParseJobsInCursorPagesWithFiltersAndKeepsThemToTheirProject() throws Exception {
        String file = sys.upload(PDF);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ApiResponse r = api.post(
                    ApiPaths.PARSE_JOBS,
                    "{\"file_id\": \"" + file + "\", \"tier\": \"fast\", \"version\": \"latest\","
                            + " \"page_ranges\": {\"max_pages\": " + (i + 1) + "}}");
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            ids.add(r.json().get("id").asText());
        }
        for (String id : ids) awaitCompleted(id, "");

        List<String> listed = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = api.get(ApiPaths.query(ApiPaths.PARSE_JOBS, "page_size", 2, "page_token", token))
                    .json();
            page.get("items").forEach(j -> listed.add(j.get("id").asText()));
            token = page.get("next_page_token").isNull()
                    ? null
                    : page.get("next_page_token").asText();
            pages++;
        } while (token != null);
        assertThat(listed).containsAll(ids).doesNotHaveDuplicates();
        assertThat(pages).isGreaterThanOrEqualTo(2);

        JsonNode only = api.get(
                        ApiPaths.PARSE_JOBS + "?job_ids=" + ids.get(0) + "&job_ids=" + ids.get(2) + "&status=COMPLETED")
                .json();
        assertThat(texts(only.get("items"), "id")).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
        assertThat(api.get(ApiPaths.PARSE_JOBS + "?status=RUNNING&job_ids=" + ids.get(0))
                        .json()
                        .get("items"))
                .isEmpty();
        assertThat(api.get(ApiPaths.PARSE_JOBS + "?status=DONE").status()).isEqualTo(422);

        // Not batch jobs to the batch API, and nothing to another project.
        assertThat(api.get(ApiPaths.query(ApiPaths.JOBS, "limit", 1000)).raw()).doesNotContain(ids.get(0));
        assertThat(sys.other.get(ApiPaths.PARSE_JOBS).json().get("items")).isEmpty();
        assertThat(sys.other.get(ApiPaths.PARSE_JOBS + "/" + ids.get(0)).status())
                .isEqualTo(404);
        ApiResponse foreignFile = sys.other.post(
                ApiPaths.PARSE_JOBS, "{\"file_id\": \"" + file + "\", \"tier\": \"fast\", \"version\": \"latest\"}");
        assertThat(foreignFile.status()).isEqualTo(404);
    }

    @Test
    void refusesBadRequestsNamingTheField() {
        String file = sys.upload(PDF);
        assertRefused("{\"file_id\": \"" + file + "\", \"version\": \"latest\"}", 422, "tier");
        assertRefused("{\"file_id\": \"" + file + "\", \"tier\": \"turbo\", \"version\": \"latest\"}", 422, "tier");
        assertRefused("{\"file_id\": \"" + file + "\", \"tier\": \"fast\"}", 422, "version");
        assertRefused("{\"tier\": \"fast\", \"version\": \"latest\"}", 422, "file_id");
        assertRefused(
                "{\"file_id\": \"" + file + "\", \"source_url\": \"https://example.com/a.pdf\","
                        + " \"tier\": \"fast\", \"version\": \"latest\"}",
                422,
                "file_id");
        assertRefused(
                "{\"file_id\": \"" + file + "\", \"tier\": \"fast\", \"version\": \"latest\","
                        + " \"page_ranges\": {\"target_pages\": \"0-2\"}}",
                422,
                "page_ranges.target_pages");
        assertRefused(
                "{\"file_id\": \"" + file + "\", \"tier\": \"fast\", \"version\": \"latest\","
                        + " \"processing_options\": {\"ocr_parameters\": {\"languages\": [\"??\"]}}}",
                422,
                "processing_options.ocr_parameters.languages");
        assertRefused(
                "{\"file_id\": \"" + file + "\", \"tier\": \"fast\", \"version\": \"latest\","
                        + " \"webhook_configurations\": [{\"webhook_url\": \"http://10.0.0.1/hook\"}]}",
                422,
                "webhook_configurations");
        assertRefused(
                "{\"file_id\": \"11111111-2222-3333-4444-555555555555\", \"tier\": \"fast\", \"version\": \"latest\"}",
                404,
                "file");
        ApiResponse noConfiguration =
                api.upload(ApiPaths.PARSE_UPLOAD, "file", "a.pdf", new byte[] {'%', 'P', 'D', 'F'}, Map.of());
        assertThat(noConfiguration.status()).isEqualTo(422);
        assertThat(noConfiguration.json().get("detail").asText()).startsWith("configuration");
    }

    private static void assertRefused(String body, int status, String field) {
        ApiResponse r = api.post(ApiPaths.PARSE_JOBS, body);
        assertThat(r.status()).as(body + " -> " + r.raw()).isEqualTo(status);
        assertThat(r.json().get("detail").asText()).as(body).startsWith(field);
        assertThat(r.headers().firstValue("x-should-retry")).hasValue("false");
    }

    private static JsonNode awaitCompleted(String id, String expand) {
        JsonNode[] last = new JsonNode[1];
        await("parse job " + id)
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    ApiResponse r = api.get(ApiPaths.path(ApiPaths.PARSE_JOB, id) + "?expand=" + expand);
                    if (r.status() != 200) throw new AssertionError(r.raw());
                    last[0] = r.json();
                    String status = r.json().get("job").get("status").asText();
                    if (status.equals("FAILED") || status.equals("CANCELLED")) throw new AssertionError(r.raw());
                    return status.equals("COMPLETED");
                });
        return last[0];
    }

    private static HttpResponse<byte[]> fetch(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }
}
