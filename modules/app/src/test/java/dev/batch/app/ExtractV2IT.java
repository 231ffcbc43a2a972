package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.batch.client.ApiPaths;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.common.Ids;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.RequiredTools;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import dev.batch.worker.parse.DocumentParser;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extract v2 API ({@code client.extract}) through real HTTP on the whole system, with the built-in extractor. */
@WithKafka
class ExtractV2IT {
    private static final String EXTRACT = ApiPaths.EXTRACT_JOBS;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INVOICE_SCHEMA = """
            {"type": "object", "properties": {
              "invoice_number": {"type": "string"},
              "invoice_date": {"type": "string", "format": "date"},
              "amount_due": {"type": "number", "description": "Total to pay"}}}""";
    private static final String RECEIPT_SCHEMA = """
            {"type": "object", "properties": {
              "store": {"type": "string", "description": "Business that sold the goods"},
              "purchase_date": {"type": "string", "format": "date"},
              "total": {"type": "number", "description": "Amount paid"}}}""";

    @TempDir
    static Path data;

    static RunningSystem sys;
    static BatchApiClient api;
    static String invoice;
    static HttpServer receiver;
    static final List<JsonNode> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = JSON.readTree(in.readAllBytes());
                events.add(body.isTextual() ? JSON.readTree(body.asText()) : body);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        sys = RunningSystem.start(kafka, data, "extract-v2", Map.of("BATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1"));
        api = sys.api;
        invoice = sys.upload(Corpus.file("classify/invoice/doc-2e21d50f59a9.pdf"));
    }

    @AfterAll
    static void stop() {
        if (sys != null) sys.close();
        if (receiver != null) receiver.stop(0);
    }

    @Test
    void extractsAnInvoicesLabelledFieldsWithCitationsFromCreateToCompleted() {
        ApiResponse created = api.post(EXTRACT, create(invoice, INVOICE_SCHEMA, true));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode job = created.json();
        String id = job.get("id").asText();
        assertThat(id).startsWith("ejb-");
        assertThat(job.get("status").asText()).isIn("PENDING", "RUNNING", "COMPLETED");
        assertThat(job.get("file_input").asText()).isEqualTo(invoice);
        assertThat(job.get("project_id").asText()).isEqualTo(sys.system.projectId());
        assertThat(job.at("/configuration/data_schema/properties/amount_due/type")
                        .asText())
                .isEqualTo("number");

        JsonNode done = awaitEnd(api, id);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("error_message").isNull()).isTrue();
        JsonNode result = done.get("extract_result");
        assertThat(result.get("invoice_number").asText()).isEqualTo("42183017");
        assertThat(result.get("invoice_date").asText()).isEqualTo("2014-08-03");
        assertThat(result.get("amount_due").decimalValue()).isEqualByComparingTo("4.11");
        assertThat(done.at("/metadata/usage/num_pages_extracted").asInt()).isPositive();
        assertThat(done.get("configuration").isNull())
                .as("the configuration only when expanded")
                .isTrue();
        assertThat(done.get("extract_metadata").isNull()).isTrue();

        JsonNode expanded = get(api, id, "?expand=configuration&expand=extract_metadata");
        assertThat(expanded.at("/configuration/cite_sources").asBoolean()).isTrue();
        JsonNode due = expanded.at("/extract_metadata/field_metadata/document_metadata/amount_due");
        assertThat(due.at("/citation/0/matching_text").asText()).contains("4.11");
        assertThat(due.at("/citation/0/page").asInt()).isEqualTo(1);
        assertThat(due.at("/citation/0/bbox").isObject()).isTrue();
        assertThat(due.get("confidence").asDouble()).isBetween(0.0, 1.0);

        String batchJob = Ids.extractJobRef(id).orElseThrow().batchJobId();
        assertThat(api.get(BATCH + "?limit=1000").json().get("items"))
                .as("a v2 job is not a batch job in the batch list")
                .noneSatisfy(j -> assertThat(j.get("id").asText()).isEqualTo(batchJob));
    }

    @Test
    void extractsTheTotalAndDateOfAScannedReceiptAsItsGroundTruthHasThem() throws Exception {
        RequiredTools.require(RequiredTools.TESSERACT, DocumentParser.ocrAvailable());
        Path scan = Corpus.file("extract/receipts/sroie__001.jpg");
        JsonNode truth = JSON.readTree(Files.readString(scan.resolveSibling("sroie__001.jpg.gt.json")));
        String receipt = sys.upload(scan);
        String id = api.post(EXTRACT, create(receipt, RECEIPT_SCHEMA, true))
                .json()
                .get("id")
                .asText();
        JsonNode done = awaitEnd(api, id);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.at("/extract_result/total").decimalValue())
                .isEqualByComparingTo(new BigDecimal(truth.get("total").asText()));
        String[] dmy = truth.get("date").asText().split("/");
        assertThat(done.at("/extract_result/purchase_date").asText()).isEqualTo(dmy[2] + "-" + dmy[1] + "-" + dmy[0]);
        JsonNode total =
                get(api, id, "?expand=extract_metadata").at("/extract_metadata/field_metadata/document_metadata/total");
        assertThat(total.at("/citation/0/page").asInt()).isEqualTo(1);
        assertThat(total.get("confidence").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void extractsWithASavedConfigurationAndByAParseJobsFileAndListsByThem() {
        ObjectNode saved = JSON.createObjectNode().put("name", "invoices-" + System.nanoTime());
        ObjectNode parameters = saved.putObject("parameters").put("product_type", "extract_v2");
        parameters.set("data_schema", tree(INVOICE_SCHEMA));
        ApiResponse config = api.post(ApiPaths.CONFIGURATIONS, saved.toString());
        assertThat(config.status()).as(config.toString()).isEqualTo(201);
        String configId = config.json().get("id").asText();

        String parse = sys.createJob("{\"job_config\": {}, \"item_ids\": [\"" + invoice + "\"]}");
        sys.awaitTerminal(parse);
        String parseJob = api.get(BATCH + "/" + parse + "/items")
                .json()
                .at("/items/0/job_id")
                .asText();
        ApiResponse created =
                api.post(EXTRACT, "{\"file_input\": \"" + parseJob + "\", \"configuration_id\": \"" + configId + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().get("configuration_id").asText()).isEqualTo(configId);
        assertThat(created.json().get("file_input").asText()).isEqualTo(parseJob);
        String id = created.json().get("id").asText();
        JsonNode done = awaitEnd(api, id);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.at("/extract_result/invoice_number").asText()).isEqualTo("42183017");
        assertThat(get(api, id, "?expand=extract_metadata")
                        .at("/extract_metadata/parse_job_id")
                        .asText())
                .isEqualTo(parseJob);
        assertThat(listAll(api, "configuration_id=" + configId)).containsExactly(id);
        assertThat(listAll(api, "document_input_type=parse_job_id")).contains(id);
        assertThat(listAll(api, "file_input=" + parseJob)).containsExactly(id);

        String classify = api.post(
                        ApiPaths.CONFIGURATIONS,
                        "{\"name\": \"sorter-" + System.nanoTime() + "\", \"parameters\": {\"product_type\":"
                                + " \"classify_v2\", \"rules\": [{\"type\": \"a\", \"description\": \"b\"}]}}")
                .json()
                .get("id")
                .asText();
        assertRefused(
                api.post(EXTRACT, "{\"file_input\": \"" + invoice + "\", \"configuration_id\": \"" + classify + "\"}"),
                422,
                "configuration_id");
        assertRefused(
                sys.other.post(
                        EXTRACT, "{\"file_input\": \"" + invoice + "\", \"configuration_id\": \"" + configId + "\"}"),
                422,
                "configuration_id");
    }

    @Test
    void pagesThroughJobsByCursorAndFiltersAndForgetsADeletedOne() {
        Instant before = Instant.now().minusSeconds(1);
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < 3; i++) ours.add(createdId(invoice));
        String empty = sys.upload("empty-" + System.nanoTime() + ".txt", new byte[0]);
        String failed = createdId(empty);
        for (String id : ours)
            assertThat(awaitEnd(api, id).get("status").asText()).isEqualTo("COMPLETED");
        JsonNode failure = awaitEnd(api, failed);
        assertThat(failure.get("status").asText()).isEqualTo("FAILED");
        assertThat(failure.get("error_message").asText()).isNotBlank();
        assertThat(failure.get("extract_result").isNull()).isTrue();

        List<String> pages = listAll(api, "page_size=2");
        assertThat(pages).doesNotHaveDuplicates().containsAll(ours).contains(failed);
        assertThat(pages.indexOf(failed)).as("newest first").isLessThan(pages.indexOf(ours.get(0)));
        assertThat(listAll(api, "page_size=1&job_ids=" + ours.get(0) + "&job_ids=" + failed))
                .containsExactly(failed, ours.get(0));
        assertThat(listAll(api, "status=FAILED")).contains(failed).doesNotContainAnyElementsOf(ours);
        assertThat(listAll(api, "status=COMPLETED")).containsAll(ours).doesNotContain(failed);
        assertThat(listAll(api, "created_at_on_or_after=" + before)).containsAll(ours);
        assertThat(listAll(api, "created_at_on_or_before=" + before)).doesNotContainAnyElementsOf(ours);
        assertThat(listAll(api, "file_input=" + empty)).containsExactly(failed);
        JsonNode page = api.get(EXTRACT + "?job_ids=" + ours.get(1) + "&expand=configuration")
                .json();
        assertThat(page.at("/items/0/extract_result/amount_due").decimalValue()).isEqualByComparingTo("4.11");
        assertThat(page.at("/items/0/configuration/data_schema").isObject()).isTrue();

        String batchJob = Ids.extractJobRef(ours.get(0)).orElseThrow().batchJobId();
        assertThat(api.delete(EXTRACT + "/" + ours.get(0)).status()).isEqualTo(204);
        assertThat(api.get(EXTRACT + "/" + ours.get(0)).status()).isEqualTo(404);
        await("a deleted finished extract job's batch job removed, results and all")
                .atMost(Duration.ofSeconds(30))
                .until(() -> api.get(ApiPaths.path(ApiPaths.JOB, batchJob)).status() == 404);
        assertThat(api.delete(EXTRACT + "/" + ours.get(0)).status()).isEqualTo(404);
        assertThat(listAll(api, "page_size=50")).doesNotContain(ours.get(0)).contains(ours.get(1));
    }

    @Test
    void announcesTheJobsEndByWebhookUnderItsExtractJobId() {
        String bill = sys.upload(
                "bill-" + System.nanoTime() + ".txt",
                "Invoice Number: 5521\nTotal: 99.10".getBytes(StandardCharsets.UTF_8));
        ObjectNode body = (ObjectNode) tree(create(bill, INVOICE_SCHEMA, false));
        body.putArray("webhook_configurations")
                .addObject()
                .put("webhook_url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/extract")
                .putArray("webhook_events")
                .add("extract.success");
        ApiResponse created = api.post(EXTRACT, body.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String id = created.json().get("id").asText();
        assertThat(awaitEnd(api, id).get("status").asText()).isEqualTo("COMPLETED");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> events.stream()
                        .anyMatch(e -> e.path("event_type").asText().equals("extract.success")
                                && e.path("job_id").asText().equals(id)));
    }

    @Test
    void returnsTheOriginalJobForARepeatedIdempotencyKey() {
        String key = "key-" + System.nanoTime();
        ApiResponse first = api.post(EXTRACT, create(invoice, INVOICE_SCHEMA, false), "Idempotency-Key", key);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        String id = first.json().get("id").asText();
        String note = sys.upload("other-" + System.nanoTime() + ".txt", "Total: 3.00".getBytes(StandardCharsets.UTF_8));
        ApiResponse again = api.post(EXTRACT, create(note, INVOICE_SCHEMA, false), "Idempotency-Key", key);
        assertThat(again.json().get("id").asText()).isEqualTo(id);
        assertThat(again.json().get("file_input").asText()).isEqualTo(invoice);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        ApiResponse theirs = sys.other.post(
                EXTRACT,
                create(
                        sys.other.uploadFile("t.txt", "Total: 1".getBytes(StandardCharsets.UTF_8)),
                        INVOICE_SCHEMA,
                        false),
                "Idempotency-Key",
                key);
        assertThat(theirs.json().get("id").asText())
                .as("a key is the project's own")
                .isNotEqualTo(id);
    }

    @Test
    void deletingAPendingJobCancelsItAndForgetsIt() {
        String note = sys.upload("note-" + System.nanoTime() + ".txt", "Total: 12.50".getBytes(StandardCharsets.UTF_8));
        String id = createdId(note);
        assertThat(sys.other.delete(EXTRACT + "/" + id).status())
                .as("another project's key cannot delete it")
                .isEqualTo(404);
        assertThat(api.delete(EXTRACT + "/" + id).status()).isEqualTo(204);
        assertThat(api.get(EXTRACT + "/" + id).status()).isEqualTo(404);
        String batchJob = Ids.extractJobRef(id).orElseThrow().batchJobId();
        JsonNode status = sys.awaitTerminal(batchJob);
        assertThat(status.path("status").asText()).isIn("cancelled", "completed");
    }

    @Test
    void readsTheExtractJobOfABatchJobsItemWithItsBatchJobsConfiguration() {
        String batchJob = sys.createJob(
                "{\"job_config\": {\"data_schema\": " + INVOICE_SCHEMA + "}, \"item_ids\": [\"" + invoice + "\"]}");
        sys.awaitTerminal(batchJob);
        String id = api.get(BATCH + "/" + batchJob + "/items")
                .json()
                .at("/items/0/job_id")
                .asText();
        assertThat(id).isEqualTo(Ids.extractJob(batchJob, invoice));
        JsonNode done = get(api, id, "");
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.at("/extract_result/amount_due").decimalValue()).isEqualByComparingTo("4.11");
        assertThat(get(api, id, "?expand=configuration").at("/configuration/data_schema/properties"))
                .hasSize(3);
        assertThat(listAll(api, "page_size=100"))
                .as("the list is of standalone jobs")
                .doesNotContain(id);
        assertThat(api.delete(EXTRACT + "/" + id).status()).isEqualTo(409);
        assertThat(sys.other.get(EXTRACT + "/" + id).status()).isEqualTo(404);
    }

    @Test
    void validatesASchemaNormalisedOrRefusesItNamingTheJsonPointer() {
        ApiResponse ok =
                api.post(ApiPaths.EXTRACT_SCHEMA_VALIDATION, "{\"data_schema\": {\"total\": {\"type\": \"number\"}}}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().at("/data_schema/type").asText()).isEqualTo("object");
        assertThat(ok.json().at("/data_schema/properties/total/type").asText()).isEqualTo("number");

        ApiResponse bad = api.post(
                ApiPaths.EXTRACT_SCHEMA_VALIDATION,
                "{\"data_schema\": {\"type\": \"object\", \"properties\": {\"total\": {\"type\": \"money\"}}}}");
        assertRefused(bad, 422, "data_schema/properties/total/type");
        assertThat(bad.json().get("pointer").asText()).isEqualTo("/properties/total/type");
        assertThat(bad.json().at("/errors/0/msg").asText()).isEqualTo("unknown type 'money'");
        ApiResponse keyword = api.post(
                ApiPaths.EXTRACT_SCHEMA_VALIDATION,
                "{\"data_schema\": {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\","
                        + " \"if\": {}}}}}");
        assertThat(keyword.json().get("pointer").asText()).isEqualTo("/properties/a/if");
        assertRefused(api.post(ApiPaths.EXTRACT_SCHEMA_VALIDATION, "{}"), 422, "data_schema");
        assertRefused(
                api.post(
                        EXTRACT,
                        create(invoice, "{\"type\": \"object\", \"properties\": {\"t\": {\"type\": \"x\"}}}", false)),
                422,
                "configuration.data_schema/properties/t/type");
    }

    @Test
    void proposesASchemaFromAFilesLabelsAsAConfigurationToSave() {
        ApiResponse proposed =
                api.post(ApiPaths.EXTRACT_SCHEMA_GENERATE, "{\"file_id\": \"" + invoice + "\", \"name\": \"bills\"}");
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(200);
        JsonNode body = proposed.json();
        assertThat(body.get("name").asText()).isEqualTo("bills");
        assertThat(body.at("/parameters/product_type").asText()).isEqualTo("extract_v2");
        assertThat(body.at("/parameters/data_schema/properties").fieldNames())
                .toIterable()
                .contains("invoice_number");
        ApiResponse saved = api.post(ApiPaths.CONFIGURATIONS, body.toString());
        assertThat(saved.status())
                .as("the proposal is a configuration to save: " + saved)
                .isEqualTo(201);

        JsonNode extended = api.post(
                        ApiPaths.EXTRACT_SCHEMA_GENERATE,
                        "{\"file_id\": \"" + invoice + "\", \"data_schema\": {\"buyer\": {\"type\": \"string\"}}}")
                .json();
        assertThat(extended.at("/parameters/data_schema/properties").fieldNames())
                .toIterable()
                .contains("buyer", "invoice_number");
        assertRefused(
                api.post(ApiPaths.EXTRACT_SCHEMA_GENERATE, "{\"prompt\": \"the invoice number\"}"), 422, "file_id");
        assertRefused(
                sys.other.post(ApiPaths.EXTRACT_SCHEMA_GENERATE, "{\"file_id\": \"" + invoice + "\"}"), 422, "file_id");
    }

    @Test
    void refusesABadRequestNamingTheField() {
        assertRefused(
                api.post(EXTRACT, "{\"configuration\": {\"data_schema\": " + INVOICE_SCHEMA + "}}"), 422, "file_input");
        assertRefused(
                api.post(EXTRACT, create("8d4f3c1e-0000-4c7d-9e8f-0a1b2c3d4e5f", INVOICE_SCHEMA, false)),
                422,
                "file_input");
        assertRefused(api.post(EXTRACT, create("pjb-bm8tc3VjaA", INVOICE_SCHEMA, false)), 422, "file_input");
        assertRefused(api.post(EXTRACT, "{\"file_input\": \"" + invoice + "\"}"), 422, "configuration");
        assertRefused(
                api.post(EXTRACT, "{\"file_input\": \"" + invoice + "\", \"configuration\": {}}"),
                422,
                "configuration.data_schema");
        ObjectNode pages = (ObjectNode) tree(create(invoice, INVOICE_SCHEMA, false));
        ((ObjectNode) pages.get("configuration")).put("target_pages", "0-2");
        assertRefused(api.post(EXTRACT, pages.toString()), 422, "configuration.target_pages");
        ObjectNode hooks = (ObjectNode) tree(create(invoice, INVOICE_SCHEMA, false));
        hooks.putArray("webhook_configurations").addObject().put("webhook_url", "not a url");
        assertRefused(api.post(EXTRACT, hooks.toString()), 422, "webhook_configurations[0].webhook_url");
        assertRefused(api.get(EXTRACT + "?status=DONE"), 422, "status");
        assertRefused(api.get(EXTRACT + "?expand=everything"), 422, "expand");
        assertRefused(api.get(EXTRACT + "?document_input_type=url"), 422, "document_input_type");
        assertThat(api.get(EXTRACT + "/ejb-missing").status()).isEqualTo(404);
        assertThat(api.get(EXTRACT + "/" + Ids.classifyJob("bjb-x")).status()).isEqualTo(404);
    }

    @Test
    void keepsEachProjectsFilesAndExtractJobsToItself() {
        String ours = createdId(invoice);
        BatchApiClient other = sys.other;
        assertRefused(other.post(EXTRACT, create(invoice, INVOICE_SCHEMA, false)), 422, "file_input");
        assertThat(other.get(EXTRACT + "/" + ours).status()).isEqualTo(404);
        assertThat(other.delete(EXTRACT + "/" + ours).status()).isEqualTo(404);
        String theirs =
                other.uploadFile("theirs.txt", "Invoice Number: 77\nTotal: 12.00".getBytes(StandardCharsets.UTF_8));
        ApiResponse theirJob = other.post(EXTRACT, create(theirs, INVOICE_SCHEMA, false));
        assertThat(theirJob.status()).as(theirJob.toString()).isEqualTo(200);
        String theirId = theirJob.json().get("id").asText();
        awaitEnd(other, theirId);
        awaitEnd(api, ours);
        assertThat(listAll(other, "page_size=50")).contains(theirId).doesNotContain(ours);
        assertThat(listAll(api, "page_size=50")).contains(ours).doesNotContain(theirId);
        assertThat(api.get(EXTRACT + "/" + theirId).status()).isEqualTo(404);
        assertThat(api.get(EXTRACT + "?project_id=other-project").status()).isEqualTo(404);
        assertThat(api.get(EXTRACT + "/" + ours).status()).isEqualTo(200);
    }

    private static String createdId(String fileInput) {
        ApiResponse r = api.post(EXTRACT, create(fileInput, INVOICE_SCHEMA, false));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("id").asText();
    }

    private static String create(String fileInput, String schema, boolean cite) {
        ObjectNode body = JSON.createObjectNode().put("file_input", fileInput);
        ObjectNode configuration = body.putObject("configuration");
        configuration.set("data_schema", tree(schema));
        if (cite) configuration.put("cite_sources", true).put("confidence_scores", true);
        return body.toString();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static JsonNode get(BatchApiClient client, String id, String query) {
        ApiResponse r = client.get(EXTRACT + "/" + id + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** The ids of every page of the list ({@code query}: its parameters), following the cursor. */
    private static List<String> listAll(BatchApiClient client, String query) {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            ApiResponse page = client.get(EXTRACT + "?" + query + (token == null ? "" : "&page_token=" + token));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().get("items").forEach(j -> ids.add(j.get("id").asText()));
            JsonNode next = page.json().get("next_page_token");
            token = next.isNull() ? null : next.asText();
        } while (token != null);
        return ids;
    }

    private static JsonNode awaitEnd(BatchApiClient client, String id) {
        JsonNode[] last = new JsonNode[1];
        await("extract job " + id)
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    last[0] = get(client, id, "");
                    return List.of("COMPLETED", "FAILED", "CANCELLED")
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
