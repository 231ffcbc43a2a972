package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.sun.net.httpserver.HttpServer;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document against the server: it is valid OpenAPI 3.1; it describes exactly the
 * routes the server has (read from its router, so a new route without a description fails here);
 * and real responses of a whole session (files, directories, a parse job and a classify job to the
 * end, their results, webhooks, errors) have a documented status and match the documented schema.
 */
@WithKafka
class OpenApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @TempDir
    static Path data;

    static RunningSystem sys;
    static JsonNode spec;
    static final List<BatchApiClient.Exchange> exchanges = new CopyOnWriteArrayList<>();
    static HttpServer receiver;
    static final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        // A webhook receiver that accepts everything, so the session has deliveries to list and the metrics count.
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        receiver.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        sys = RunningSystem.start(kafka, data, "openapi", Map.of("BATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1"));
        ApiResponse doc = new BatchApiClient(sys.base(), null).get("/openapi.json");
        assertThat(doc.status()).as(doc.toString()).isEqualTo(200);
        spec = doc.json();
        session(
                BatchApiClient.builder(sys.base())
                        .apiKey(RunningSystem.KEY)
                        .recorder(exchanges::add)
                        .build(),
                BatchApiClient.builder(sys.base()).recorder(exchanges::add).build());
    }

    @AfterAll
    static void stop() {
        if (sys != null) sys.close();
        if (receiver != null) receiver.stop(0);
    }

    /** What a user of the API does in a day, with a few mistakes; every exchange is recorded. */
    static void session(BatchApiClient api, BatchApiClient anonymous) {
        String batch = RunningSystem.BATCH;
        JsonNode file = api.upload("/api/v1/beta/files", Corpus.file("parse/pdf/arxiv-2201.00200.pdf"))
                .json();
        String fileId = file.get("id").asText();
        api.get("/api/v1/beta/files?page_size=5");
        api.get("/api/v1/beta/files/" + fileId);
        api.get("/api/v1/beta/files/" + fileId + "/content");
        String url = api.get("/api/v1/beta/files/" + fileId + "/content")
                .json()
                .get("url")
                .asText();
        anonymous.get(url.substring(url.indexOf("/api/")));
        anonymous.get("/api/v1/beta/files/" + fileId + "/download?expires=1&signature=forged");

        String dir = api.post("/api/v1/beta/directories", "{\"name\": \"contracts\", \"description\": \"signed ones\"}")
                .json()
                .get("id")
                .asText();
        api.get("/api/v1/beta/directories");
        api.get("/api/v1/beta/directories/" + dir);
        api.patch("/api/v1/beta/directories/" + dir, "{\"description\": \"all of them\"}");
        String entry = api.post(
                        "/api/v1/beta/directories/" + dir + "/files",
                        "{\"file_id\": \"" + fileId + "\", \"metadata\": {\"year\": 2022}}")
                .json()
                .get("id")
                .asText();
        api.upload(
                "/api/v1/beta/directories/" + dir + "/files/upload",
                "upload_file",
                "note.txt",
                "A short note about the contract.".getBytes(StandardCharsets.UTF_8),
                Map.of("display_name", "note.txt"));
        api.get("/api/v1/beta/directories/" + dir + "/files?page_size=10");
        api.get("/api/v1/beta/directories/" + dir + "/files/" + entry);
        api.patch("/api/v1/beta/directories/" + dir + "/files/" + entry, "{\"display_name\": \"paper.pdf\"}");

        // The deprecated files query, and the directory file moved to another directory and back.
        api.post("/api/v1/beta/files/query", "{\"filter\": {\"file_ids\": [\"" + fileId + "\"]}, \"page_size\": 5}");
        api.post("/api/v1/beta/files/query", "{\"filter\": {\"project_id\": \"someone-else\"}}");
        String archive = api.post("/api/v1/beta/directories", "{\"name\": \"archive\"}")
                .json()
                .get("id")
                .asText();
        api.patch(
                "/api/v1/beta/directories/" + dir + "/files/" + entry, "{\"body_directory_id\": \"" + archive + "\"}");
        api.patch(
                "/api/v1/beta/directories/" + archive + "/files/" + entry,
                "{\"directory_id\": \"" + dir + "\", \"unique_id\": null}");

        // A parse job over the directory, to the end, and its results.
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        String job = api.post(
                        batch,
                        "{\"job_config\": {\"parameters\": {\"do_not_cache\": true}, \"webhook_configurations\": [{"
                                + "\"webhook_url\": \"" + hook
                                + "\", \"webhook_events\": [\"parse.success\"]}]}, \"directory_id\": \"" + dir + "\"}")
                .json()
                .get("id")
                .asText();
        api.get(batch + "/" + job);
        RunningSystem.awaitTerminal(api, job);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> api.get(batch + "/" + job + "/webhook-deliveries")
                                .json()
                                .path("total_size")
                                .asInt()
                        > 0);
        api.get(batch + "?limit=10");
        api.get(batch + "?status=completed&job_type=parse");
        JsonNode items = api.get(batch + "/" + job + "/items").json();
        api.get(batch + "/" + job + "/items?status=failed");
        String item = items.get("items").get(0).get("item_id").asText();
        String parseJob = items.get("items").get(0).get("job_id").asText();
        api.get(batch + "/items/" + item + "/processing-results");
        api.get(batch + "/items/" + item + "/result?format=json");
        api.get(batch + "/items/" + item + "/result?format=markdown");
        api.get("/api/v2/parse/" + parseJob);
        api.get("/api/v2/parse/" + parseJob
                + "?expand=text,markdown,items,metadata,text_full,markdown_full,job_metadata,images_content_metadata");
        api.post(batch + "/" + job + "/retry", "{}");
        api.post(batch + "/" + job + "/cancel", "{\"reason\": \"too late\"}");
        api.get(batch + "/" + job + "/webhook-deliveries");
        api.post(batch + "/" + job + "/webhook-deliveries/resend", "{\"event_id\": \"evt-none\"}");
        api.post(batch + "/" + job + "/webhook-deliveries/resend", "{}");
        anonymous.get("/api/v2/parse/" + parseJob + "/images/page_1.png?expires=1&signature=forged");
        // A page of each item's file as a PNG (the PDF's; the note is no PDF: 422), and a page that is no page number.
        items.get("items")
                .forEach(i -> api.get("/api/v2/parse/" + i.get("job_id").asText() + "/pages/1/image"));
        api.get("/api/v2/parse/" + parseJob + "/pages/0/image");

        // Standalone parse jobs (LlamaParse v2): by file id, by upload, listed, read with content downloads.
        String parseV2 = api.post(
                        "/api/v2/parse",
                        "{\"file_id\": \"" + fileId + "\", \"tier\": \"fast\", \"version\": \"latest\","
                                + " \"page_ranges\": {\"max_pages\": 1}, \"crop_box\": {\"top\": 0.1}}")
                .json()
                .get("id")
                .asText();
        String uploaded = api.upload(
                        "/api/v2/parse/upload",
                        "file",
                        "note.txt",
                        "A short note.".getBytes(StandardCharsets.UTF_8),
                        Map.of("configuration", "{\"tier\": \"fast\", \"version\": \"latest\"}"))
                .json()
                .get("id")
                .asText();
        api.post("/api/v2/parse", "{\"tier\": \"fast\"}");
        for (String id : List.of(parseV2, uploaded)) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> api.get("/api/v2/parse/" + id)
                            .json()
                            .get("job")
                            .get("status")
                            .asText()
                            .equals("COMPLETED"));
        }
        api.get("/api/v2/parse?page_size=1&status=COMPLETED");
        JsonNode parsed = api.get("/api/v2/parse/" + parseV2
                        + "?expand=text,job_metadata,raw_parameters,text_content_metadata,xlsx_content_metadata")
                .json();
        String download = parsed.get("result_content_metadata")
                .get("text")
                .get("presigned_url")
                .asText();
        anonymous.get(download.substring(download.indexOf("/api/")));
        anonymous.get("/api/v2/parse/" + parseV2 + "/results/text?expires=1&signature=forged");

        // A classify job through the classifier API.
        String classify = api.post(
                        "/api/v1/classifier/jobs",
                        "{\"file_ids\": [\"" + fileId + "\"], \"rules\": ["
                                + "{\"type\": \"paper\", \"description\": \"a research paper with an abstract and references\"},"
                                + "{\"type\": \"invoice\", \"description\": \"a bill with amounts due\"}]}")
                .json()
                .get("id")
                .asText();
        RunningSystem.awaitTerminal(api, classify);
        api.get("/api/v1/classifier/jobs");
        api.get("/api/v1/classifier/jobs/" + classify);
        api.get("/api/v1/classifier/jobs/" + classify + "/results");

        // Classify jobs through the classify v2 API, by file and by parse job (other rules, so both classify).
        String byFile = api.post(
                        "/api/v2/classify",
                        "{\"file_input\": \"" + fileId + "\", \"transaction_id\": \"openapi\", \"configuration\":"
                                + " {\"rules\": [{\"type\": \"paper\", \"description\": \"a research paper\"}]}}")
                .json()
                .get("id")
                .asText();
        String byParseJob = api.post(
                        "/api/v2/classify",
                        "{\"file_input\": \"" + parseJob + "\", \"configuration\":"
                                + " {\"rules\": [{\"type\": \"paper\", \"description\": \"an article\"}]}}")
                .json()
                .get("id")
                .asText();
        for (String v2 : List.of(byFile, byParseJob)) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> api.get("/api/v2/classify/" + v2)
                            .json()
                            .path("result")
                            .isObject());
        }
        api.get("/api/v2/classify?page_size=1&status=COMPLETED");
        api.post("/api/v2/classify", "{\"file_input\": \"" + fileId + "\"}");
        api.get("/api/v2/classify/cjb-none");

        // Extract jobs through the extract v2 API: created, read with every expansion, listed, deleted; schemas
        // checked and proposed from the paper.
        String schema = "{\"type\": \"object\", \"properties\": {\"title\": {\"type\": \"string\"}}}";
        String extract = api.post(
                        "/api/v2/extract",
                        "{\"file_input\": \"" + fileId + "\", \"configuration\": {\"data_schema\": " + schema
                                + ", \"cite_sources\": true}}")
                .json()
                .get("id")
                .asText();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> List.of("COMPLETED", "FAILED")
                        .contains(api.get("/api/v2/extract/" + extract)
                                .json()
                                .get("status")
                                .asText()));
        api.get("/api/v2/extract/" + extract + "?expand=configuration,extract_metadata");
        api.get("/api/v2/extract?page_size=1&expand=configuration&status=COMPLETED");
        api.get("/api/v2/extract?expand=everything");
        api.post(
                "/api/v2/extract",
                "{\"file_input\": \"" + fileId + "\", \"configuration\": {\"data_schema\": {\"a\": {\"type\":"
                        + " \"money\"}}}}");
        api.delete("/api/v2/extract/" + extract);
        api.get("/api/v2/extract/" + extract);
        api.post("/api/v2/extract/schema/validation", "{\"data_schema\": " + schema + "}");
        api.post("/api/v2/extract/schema/validation", "{\"data_schema\": {\"a\": {\"type\": \"money\"}}}");
        api.post("/api/v2/extract/schema/generate", "{\"file_id\": \"" + fileId + "\", \"name\": \"paper\"}");
        api.post("/api/v2/extract/schema/generate", "{\"prompt\": \"the title of the paper\"}");

        api.get("/api/v1/beta/webhooks/secret");
        api.post("/api/v1/beta/webhooks/secret/rotate", "{}");

        // Saved configurations: create, save the name again, list, get, update, delete, and mistakes.
        String configs = "/api/v1/beta/configurations";
        String parse = "{\"product_type\": \"parse_v2\", \"tier\": \"fast\", \"version\": \"latest\"}";
        String config = api.post(configs, "{\"name\": \"quick\", \"parameters\": " + parse + "}")
                .json()
                .get("id")
                .asText();
        api.post(configs, "{\"name\": \"quick\", \"parameters\": " + parse + "}");
        api.post(
                configs,
                "{\"name\": \"sorter\", \"parameters\": {\"product_type\": \"classify_v2\", \"rules\": ["
                        + "{\"type\": \"invoice\", \"description\": \"a bill\"}]}}");
        api.post(configs, "{\"name\": \"slow\", \"parameters\": " + parse + "}");
        api.get(configs + "?page_size=1&product_type=parse_v2&product_type=classify_v2&latest_only=true");
        api.get(configs + "/" + config);
        api.put(configs + "/" + config, "{\"name\": \"quicker\"}");
        api.put(configs + "/" + config, "{\"name\": \"slow\", \"parameters\": null}");
        api.post(configs, "{\"name\": \"x\", \"parameters\": {\"product_type\": \"extract_v2\"}}");
        api.delete(configs + "/" + config);
        api.get(configs + "/" + config);

        // Mistakes.
        anonymous.get(batch);
        api.get(batch + "/bjb-nope");
        api.post(batch, "{\"job_config\": {}}");
        api.post(batch, "{not json");
        api.get(batch + "?limit=0");
        api.post("/api/v1/beta/directories", "{}");
        api.upload("/api/v1/beta/files", "file", "big.bin", new byte[0], Map.of())
                .status();

        anonymous.get("/openapi.json");
        anonymous.get("/health/live");
        anonymous.get("/health/ready");
        anonymous.get("/docs");
        anonymous.get("/docs/swagger-ui.css");
        anonymous.get("/docs/nothing-here.js");
        anonymous.get("/metrics");
        anonymous.get("/");
        anonymous.get("/ui/app.js");

        api.delete(batch + "/" + job);
        api.delete("/api/v1/beta/directories/" + dir + "/files/" + entry);
        api.delete("/api/v1/beta/directories/" + dir);
        api.delete("/api/v1/beta/files/" + fileId);
        api.get("/api/v1/beta/files/" + fileId);
    }

    @Test
    void isValidOpenApi() {
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(spec.toString(), null, null);
        assertThat(parsed.getMessages()).as("parser messages").isEmpty();
        assertThat(parsed.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void describesExactlyTheRoutesTheServerHas() {
        Set<String> served = new TreeSet<>();
        for (String r : sys.system.routes())
            served.add(r.substring(0, r.indexOf(' ')).toLowerCase(Locale.ROOT) + " " + r.substring(r.indexOf(' ') + 1));
        Set<String> described = new TreeSet<>(operations().keySet());
        assertThat(described).as("routes described but not served").isSubsetOf(served);
        assertThat(served).as("routes served but not described").isSubsetOf(described);
    }

    @Test
    void everyResponseOfASessionHasADocumentedStatusAndMatchesItsSchema() {
        Map<String, JsonNode> operations = operations();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        SoftAssertions soft = new SoftAssertions();
        Set<String> exercised = new TreeSet<>();
        int validated = 0;
        for (BatchApiClient.Exchange e : exchanges) {
            String op = match(operations.keySet(), e.method().toLowerCase(Locale.ROOT), e.path());
            soft.assertThat(op)
                    .as("an operation for %s %s", e.method(), e.path())
                    .isNotNull();
            if (op == null) continue;
            exercised.add(op);
            JsonNode response = operations.get(op).path("responses").path(Integer.toString(e.status()));
            soft.assertThat(response.isMissingNode())
                    .as("%s answered %d, which it does not document: %s", op, e.status(), e.body())
                    .isFalse();
            if (response.isMissingNode() || !e.contentType().startsWith("application/json")) continue;
            String pointer = "/paths/" + escape(op.substring(op.indexOf(' ') + 1)) + "/"
                    + op.substring(0, op.indexOf(' ')) + "/responses/" + e.status();
            JsonNode resolved = response.has("$ref") ? at(response.get("$ref").asText()) : response;
            if (response.has("$ref")) pointer = response.get("$ref").asText().substring(1);
            soft.assertThat(resolved.path("content").has("application/json"))
                    .as("%s %d documents a JSON body", op, e.status())
                    .isTrue();
            if (!resolved.path("content").has("application/json")) continue;
            Schema schema = registry.getSchema(
                    SchemaLocation.of("https://batch.test/openapi.json"),
                    schemaFor(pointer + "/content/application~1json/schema"),
                    InputFormat.JSON);
            List<Error> errors = schema.validate(e.body(), InputFormat.JSON);
            validated++;
            soft.assertThat(errors)
                    .as(
                            "%s %s -> %d: %s",
                            e.method(),
                            e.path(),
                            e.status(),
                            e.body().length() > 600 ? e.body().substring(0, 600) : e.body())
                    .isEmpty();
        }
        soft.assertAll();
        assertThat(validated).as("JSON responses validated").isGreaterThan(40);
        // Every described operation that the session can reach was reached (the test is as wide as the API).
        Set<String> unreached = new TreeSet<>(operations.keySet());
        unreached.removeAll(exercised);
        assertThat(unreached).as("operations the session never called").isEmpty();
    }

    @Test
    void metricsCountTheSessionsItemsPagesRequestsJobsDeliveriesAndLag() {
        String text = new BatchApiClient(sys.base(), null).get("/metrics").raw();
        // Parse: the directory job's two items and the two standalone parse jobs' one each.
        assertThat(value(text, "batch_items_total", "job_type=\"parse\"", "status=\"completed\""))
                .isEqualTo(4);
        assertThat(value(text, "batch_items_total", "job_type=\"classify\"", "status=\"completed\""))
                .as("the classifier API's job and the two of the classify v2 API")
                .isEqualTo(3);
        assertThat(value(text, "batch_item_processing_seconds_count", "job_type=\"parse\"", "status=\"completed\""))
                .isEqualTo(4);
        assertThat(value(text, "batch_parse_pages_total")).isGreaterThan(1);
        assertThat(value(text, "batch_jobs", "job_type=\"parse\"", "status=\"completed\""))
                .isEqualTo(3);
        assertThat(value(text, "batch_jobs", "job_type=\"classify\"", "status=\"completed\""))
                .isEqualTo(3);
        assertThat(value(
                        text,
                        "batch_webhook_deliveries_seconds_count",
                        "result=\"delivered\"",
                        "event=\"parse.success\""))
                .isEqualTo(1);
        assertThat(value(
                        text,
                        "http_server_requests_seconds_count",
                        "method=\"POST\"",
                        "route=\"/api/v1/beta/batch-processing\"",
                        "status=\"201\""))
                .isEqualTo(1);
        assertThat(value(
                        text,
                        "http_server_requests_seconds_count",
                        "method=\"GET\"",
                        "route=\"/api/v1/beta/batch-processing/{job_id}\"",
                        "status=\"404\""))
                .isEqualTo(1);
        assertThat(text).as("lag of the parse workers' group").contains("batch_consumer_lag{group=\"worker-parse\"");
        assertThat(text).as("no raw ids in labels").doesNotContain("bjb-");
    }

    /** The value of the one series of {@code name} whose labels contain every one of {@code labels}. */
    private static double value(String prometheus, String name, String... labels) {
        List<Double> found = new ArrayList<>();
        for (String line : prometheus.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) continue;
            if (Arrays.stream(labels).allMatch(line::contains))
                found.add(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
        assertThat(found)
                .as(
                        "one series %s %s in\n%s",
                        name,
                        List.of(labels),
                        prometheus.lines().filter(l -> l.startsWith(name)).toList())
                .hasSize(1);
        return found.get(0);
    }

    /** A JSON Schema document: the whole OpenAPI document (so its {@code #/components} refs resolve), rooted at {@code pointer}. */
    private static String schemaFor(String pointer) {
        ObjectNode root = spec.deepCopy();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$ref", "#" + pointer);
        return root.toString();
    }

    private static JsonNode at(String ref) {
        return spec.at(ref.substring(1));
    }

    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    /** "get /api/…/{job_id}" → the operation object. */
    private static Map<String, JsonNode> operations() {
        Map<String, JsonNode> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            p.getValue().fields().forEachRemaining(m -> {
                if (METHODS.contains(m.getKey())) out.put(m.getKey() + " " + p.getKey(), m.getValue());
            });
        }
        return out;
    }

    /** The operation whose path template matches a concrete path; literal segments win over parameters. */
    private static String match(Set<String> operations, String method, String path) {
        List<String> candidates = new ArrayList<>();
        for (String op : operations) {
            if (!op.startsWith(method + " ")) continue;
            String template = op.substring(op.indexOf(' ') + 1);
            String regex = Pattern.quote(template).replaceAll("\\{[a-z_]+}", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex)) candidates.add(op);
        }
        candidates.sort(
                Comparator.comparingLong(op -> op.chars().filter(c -> c == '{').count()));
        return candidates.isEmpty() ? null : candidates.get(0);
    }
}
