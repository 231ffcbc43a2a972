package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.client.ApiPaths;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.common.Ids;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classify v2 API ({@code client.classify}) through real HTTP on the whole system, with the built-in classifier. */
@WithKafka
class ClassifyV2IT {
    private static final String CLASSIFY = ApiPaths.CLASSIFY_V2_JOBS;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;

    static RunningSystem sys;
    static BatchApiClient api;
    static JsonNode rules;
    static String invoice;
    static String resume;

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        sys = RunningSystem.start(kafka, data, "classify-v2", Map.of());
        api = sys.api;
        rules = JSON.readTree(Files.readString(Path.of("..", "..", "bench", "classify-rules.json")));
        invoice = sys.upload(Corpus.file("classify/invoice/doc-2e21d50f59a9.pdf"));
        resume = sys.upload(Corpus.file("classify/resume/doc-ff27c77e4cd1.pdf"));
    }

    @AfterAll
    static void stop() {
        if (sys != null) sys.close();
    }

    @Test
    void classifiesAFileFromCreateToCompletedWithTheBuiltInClassifier() {
        ApiResponse created = api.post(CLASSIFY, create(invoice, null));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode job = created.json();
        String id = job.get("id").asText();
        assertThat(id).startsWith("cjb-");
        assertThat(job.get("status").asText()).isIn("PENDING", "RUNNING", "COMPLETED");
        assertThat(job.get("file_input").asText()).isEqualTo(invoice);
        assertThat(job.get("document_input_type").asText()).isEqualTo("file_id");
        assertThat(job.get("parse_job_id").isNull()).isTrue();
        assertThat(job.get("project_id").asText()).isEqualTo(sys.system.projectId());
        assertThat(job.get("user_id").asText()).isEqualTo(sys.system.projectId());
        assertThat(job.at("/configuration/rules")).hasSize(10);

        JsonNode done = awaitEnd(api, id);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("error_message").isNull()).isTrue();
        JsonNode result = done.get("result");
        assertThat(result.get("type").asText()).isEqualTo("invoice");
        assertThat(result.get("confidence").asDouble()).isGreaterThan(0.6).isLessThanOrEqualTo(1.0);
        assertThat(result.get("reasoning").asText()).startsWith("Looks like invoice:");
        assertThat(done.get("created_at").asText()).isNotEmpty();

        String batchJob = Ids.classifyJobRef(id).orElseThrow();
        assertThat(api.get(BATCH + "?limit=1000").json().get("items"))
                .as("a v2 job is not a batch job in the batch list")
                .noneSatisfy(j -> assertThat(j.get("id").asText()).isEqualTo(batchJob));
    }

    @Test
    void classifiesWithASavedConfigurationAndListsByIt() {
        ObjectNode saved =
                JSON.createObjectNode().put("name", "sorter-" + Instant.now().toEpochMilli());
        saved.putObject("parameters").put("product_type", "classify_v2").set("rules", rules);
        ApiResponse config = api.post(ApiPaths.CONFIGURATIONS, saved.toString());
        assertThat(config.status()).as(config.toString()).isEqualTo(201);
        String configId = config.json().get("id").asText();

        ApiResponse created =
                api.post(CLASSIFY, "{\"file_input\": \"" + resume + "\", \"configuration_id\": \"" + configId + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().get("configuration_id").asText()).isEqualTo(configId);
        assertThat(created.json().at("/configuration/rules")).hasSize(10);
        String id = created.json().get("id").asText();
        JsonNode done = awaitEnd(api, id);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.at("/result/type").asText()).isEqualTo("resume");
        assertThat(listAll(api, "configuration_id=" + configId)).containsExactly(id);

        // Another project's key cannot use it.
        ApiResponse foreign = sys.other.post(
                CLASSIFY, "{\"file_input\": \"" + resume + "\", \"configuration_id\": \"" + configId + "\"}");
        assertThat(foreign.status()).isEqualTo(422);
    }

    @Test
    void classifiesTheFileAParseJobRanOn() {
        String parse = sys.createJob("{\"job_config\": {}, \"item_ids\": [\"" + resume + "\"]}");
        sys.awaitTerminal(parse);
        String parseJob = api.get(BATCH + "/" + parse + "/items")
                .json()
                .at("/items/0/job_id")
                .asText();
        assertThat(parseJob).startsWith("pjb-");

        JsonNode job = api.post(CLASSIFY, create(parseJob, null)).json();
        assertThat(job.get("document_input_type").asText()).isEqualTo("parse_job_id");
        assertThat(job.get("parse_job_id").asText()).isEqualTo(parseJob);
        assertThat(job.get("file_input").asText()).isEqualTo(parseJob);
        JsonNode done = awaitEnd(api, job.get("id").asText());
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.at("/result/type").asText()).isEqualTo("resume");

        ObjectNode deprecated = body(null, rules);
        deprecated.put("parse_job_id", parseJob);
        JsonNode old = api.post(CLASSIFY, deprecated.toString()).json();
        assertThat(old.get("parse_job_id").asText()).as(old.toString()).isEqualTo(parseJob);
        assertThat(awaitEnd(api, old.get("id").asText()).at("/result/type").asText())
                .isEqualTo("resume");
    }

    @Test
    void returnsTheOriginalJobForARepeatedTransactionId() {
        String key = "txn-" + System.nanoTime();
        ApiResponse first = api.post(CLASSIFY, create(invoice, key));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        String id = first.json().get("id").asText();
        assertThat(first.json().get("transaction_id").asText()).isEqualTo(key);
        for (int i = 0; i < 3; i++) {
            ApiResponse again = api.post(CLASSIFY, create(resume, key));
            assertThat(again.status()).as(again.toString()).isEqualTo(200);
            assertThat(again.json().get("id").asText()).isEqualTo(id);
            assertThat(again.json().get("file_input").asText()).isEqualTo(invoice);
            assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        }
        awaitEnd(api, id);
        assertThat(api.post(CLASSIFY, create(resume, key)).json().get("id").asText())
                .as("after the job ended too")
                .isEqualTo(id);
        assertThat(listAll(api, "page_size=50").stream().filter(id::equals)).hasSize(1);

        String theirs = sys.other.uploadFile("their.txt", "an invoice of theirs".getBytes(StandardCharsets.UTF_8));
        ApiResponse other = sys.other.post(CLASSIFY, create(theirs, key));
        assertThat(other.status()).as(other.toString()).isEqualTo(200);
        assertThat(other.json().get("id").asText())
                .as("a transaction id is the project's own")
                .isNotEqualTo(id);
    }

    @Test
    void pagesThroughJobsByCursorAndFilters() {
        Instant before = Instant.now().minusSeconds(1);
        List<String> ours = new ArrayList<>();
        for (String file : List.of(invoice, resume, invoice)) ours.add(createdId(file));
        String empty = sys.upload("empty-" + System.nanoTime() + ".txt", new byte[0]);
        String failed = createdId(empty);
        for (String id : ours)
            assertThat(awaitEnd(api, id).get("status").asText()).isEqualTo("COMPLETED");
        JsonNode failure = awaitEnd(api, failed);
        assertThat(failure.get("status").asText()).isEqualTo("FAILED");
        assertThat(failure.get("error_message").asText()).isNotBlank();
        assertThat(failure.get("result").isNull()).isTrue();

        List<String> pages = listAll(api, "page_size=2");
        assertThat(pages).doesNotHaveDuplicates().containsAll(ours).contains(failed);
        assertThat(pages.indexOf(failed)).as("newest first").isLessThan(pages.indexOf(ours.get(0)));
        assertThat(listAll(api, "page_size=1&job_ids=" + ours.get(0) + "&job_ids=" + failed))
                .containsExactly(failed, ours.get(0));
        assertThat(listAll(api, "status=FAILED")).contains(failed).doesNotContainAnyElementsOf(ours);
        assertThat(listAll(api, "status=COMPLETED")).containsAll(ours).doesNotContain(failed);
        assertThat(listAll(api, "status=PENDING")).doesNotContainAnyElementsOf(ours);
        assertThat(listAll(api, "created_at_on_or_after=" + before)).containsAll(ours);
        assertThat(listAll(api, "created_at_on_or_before=" + before)).doesNotContainAnyElementsOf(ours);
        assertThat(listAll(api, "created_at_on_or_after=" + Instant.now().plusSeconds(60)))
                .isEmpty();
        assertThat(listAll(api, "configuration_id=cfg-none")).isEmpty();
        JsonNode page = api.get(CLASSIFY + "?job_ids=" + ours.get(1)).json();
        assertThat(page.at("/items/0/result/type").asText()).isEqualTo("resume");
        assertThat(page.get("next_page_token").isNull()).isTrue();
    }

    @Test
    void refusesABadRequestNamingTheField() {
        assertRefused(api.post(CLASSIFY, body(null, rules).toString()), 422, "file_input");
        assertRefused(api.post(CLASSIFY, create("8d4f3c1e-0000-4c7d-9e8f-0a1b2c3d4e5f", null)), 422, "file_input");
        assertRefused(api.post(CLASSIFY, create("pjb-bm8tc3VjaA", null)), 422, "file_input");
        ObjectNode both = body(invoice, rules);
        both.put("file_id", resume);
        assertRefused(api.post(CLASSIFY, both.toString()), 422, "file_input");
        assertRefused(api.post(CLASSIFY, "{\"file_input\": \"" + invoice + "\"}"), 422, "configuration");
        assertRefused(
                api.post(CLASSIFY, "{\"file_input\": \"" + invoice + "\", \"configuration\": {}}"),
                422,
                "configuration.rules");
        assertRefused(
                api.post(
                        CLASSIFY,
                        "{\"file_input\": \"" + invoice
                                + "\", \"configuration\": {\"rules\": [{\"type\": \"a/b\", \"description\": \"x\"}]}}"),
                422,
                "configuration.rules[0].type");
        ObjectNode pages = body(invoice, rules);
        ((ObjectNode) pages.get("configuration"))
                .putObject("parsing_configuration")
                .put("target_pages", "0-2");
        assertRefused(api.post(CLASSIFY, pages.toString()), 422, "configuration.parsing_configuration.target_pages");
        ApiResponse saved =
                api.post(CLASSIFY, "{\"file_input\": \"" + invoice + "\", \"configuration_id\": \"cfg-123\"}");
        assertRefused(saved, 422, "configuration_id");
        assertThat(saved.json().get("detail").asText())
                .isEqualTo("configuration_id: configuration 'cfg-123' not found");
        assertRefused(api.get(CLASSIFY + "?status=DONE"), 422, "status");
        assertRefused(api.get(CLASSIFY + "?page_token=nonsense"), 422, "page_token");
        assertRefused(api.get(CLASSIFY + "?created_at_on_or_after=yesterday"), 422, "created_at_on_or_after");
        assertThat(api.get(CLASSIFY + "/cjb-missing").status()).isEqualTo(404);
        String batchJob =
                sys.createJob("{\"job_config\": {\"rules\": " + rules + "}, \"item_ids\": [\"" + invoice + "\"]}");
        assertThat(api.get(CLASSIFY + "/" + batchJob).status()).isEqualTo(404);
        assertThat(api.get(CLASSIFY + "/" + Ids.classifyJob(batchJob)).status())
                .as("a batch job is not a v2 job under its cjb- name either")
                .isEqualTo(404);
    }

    @Test
    void keepsEachProjectsFilesParseJobsAndClassifyJobsToItself() {
        String ours = createdId(invoice);
        String parse = sys.createJob("{\"job_config\": {}, \"item_ids\": [\"" + invoice + "\"]}");
        sys.awaitTerminal(parse);
        String parseJob = api.get(BATCH + "/" + parse + "/items")
                .json()
                .at("/items/0/job_id")
                .asText();
        BatchApiClient other = sys.other;

        assertRefused(other.post(CLASSIFY, create(invoice, null)), 422, "file_input");
        assertRefused(other.post(CLASSIFY, create(parseJob, null)), 422, "file_input");
        assertThat(other.get(CLASSIFY + "/" + ours).status()).isEqualTo(404);
        String theirs = other.uploadFile("theirs.txt", "Invoice 7: total due 12 EUR".getBytes(StandardCharsets.UTF_8));
        String theirJob =
                other.post(CLASSIFY, create(theirs, null)).json().get("id").asText();
        awaitEnd(other, theirJob);
        awaitEnd(api, ours);
        assertThat(listAll(other, "page_size=50")).contains(theirJob).doesNotContain(ours);
        assertThat(listAll(api, "page_size=50")).contains(ours).doesNotContain(theirJob);
        assertThat(api.get(CLASSIFY + "/" + theirJob).status()).isEqualTo(404);
        assertThat(api.get(CLASSIFY + "?project_id=other-project").status()).isEqualTo(404);
    }

    private static String createdId(String fileInput) {
        ApiResponse r = api.post(CLASSIFY, create(fileInput, null));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("id").asText();
    }

    private static String create(String fileInput, String transactionId) {
        ObjectNode body = body(fileInput, rules);
        if (transactionId != null) body.put("transaction_id", transactionId);
        return body.toString();
    }

    private static ObjectNode body(String fileInput, JsonNode rules) {
        ObjectNode body = JSON.createObjectNode();
        if (fileInput != null) body.put("file_input", fileInput);
        body.putObject("configuration").put("mode", "FAST").set("rules", rules);
        return body;
    }

    /** The ids of every page of the list ({@code query}: its parameters), following the cursor. */
    private static List<String> listAll(BatchApiClient client, String query) {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            ApiResponse page = client.get(CLASSIFY + "?" + query + (token == null ? "" : "&page_token=" + token));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().get("items").forEach(j -> ids.add(j.get("id").asText()));
            JsonNode next = page.json().get("next_page_token");
            token = next.isNull() ? null : next.asText();
        } while (token != null);
        return ids;
    }

    private static JsonNode awaitEnd(BatchApiClient client, String id) {
        JsonNode[] last = new JsonNode[1];
        await("classify job " + id)
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    ApiResponse r = client.get(CLASSIFY + "/" + id);
                    assertThat(r.status()).as(r.toString()).isEqualTo(200);
                    last[0] = r.json();
                    return List.of("COMPLETED", "FAILED")
                            .contains(last[0].get("status").asText());
                });
        return last[0];
    }

    private static void assertRefused(ApiResponse r, int status, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().get("detail").asText()).as(r.toString()).startsWith(field + ":");
        assertThat(r.headers().firstValue("x-should-retry")).contains("false");
    }
}
