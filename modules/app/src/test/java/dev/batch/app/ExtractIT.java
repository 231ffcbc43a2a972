package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.common.Ids;
import dev.batch.common.kafka.Topics;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.RequiredTools;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import dev.batch.worker.parse.DocumentParser;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extract batch jobs through the whole system: fields by a data schema, stored per item, announced by webhooks, deduplicated. */
@WithKafka
class ExtractIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA =
            "{\"invoice_number\": {\"type\": \"string\", \"description\": \"number of the invoice\"},"
                    + " \"total\": {\"type\": \"number\", \"description\": \"amount due\"}}";

    @TempDir
    static Path data;

    static RunningSystem sys;
    static BatchApiClient api;
    static HttpServer receiver;
    static final List<JsonNode> events = new CopyOnWriteArrayList<>();
    static Topics topics;
    static String bootstrap;

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
        sys = RunningSystem.start(kafka, data, "extract", Map.of("BATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1"));
        api = sys.api;
        topics = Topics.create(sys.namespace, 3);
        bootstrap = kafka.bootstrap();
    }

    @AfterAll
    static void stop() {
        if (sys != null) sys.close();
        if (receiver != null) receiver.stop(0);
    }

    @Test
    void extractsEveryItemsFieldsLinksItsExtractJobAndSendsExtractEvents() throws Exception {
        String bill = sys.upload("bill-" + System.nanoTime() + ".txt", """
                Northwind Traders
                Invoice No: INV-0042
                Total due: 118.50
                """.getBytes(StandardCharsets.UTF_8));
        String other = sys.upload("other-" + System.nanoTime() + ".txt", """
                Contoso Ltd
                Invoice No: C-7
                Total due: 9.99
                """.getBytes(StandardCharsets.UTF_8));
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/extract";
        String job = sys.createJob("{\"job_config\": {\"data_schema\": " + SCHEMA + ", \"cite_sources\": true,"
                + " \"webhook_configurations\": [{\"webhook_url\": \"" + hook
                + "\", \"webhook_output_format\": \"json\"}]},"
                + " \"item_ids\": " + RunningSystem.ids(List.of(bill, other)) + "}");

        JsonNode done = sys.awaitTerminal(job);
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("job_type").asText()).isEqualTo("extract");
        assertThat(done.get("processed_items").asLong()).isEqualTo(2);
        JsonNode items = api.get(BATCH + "/" + job + "/items").json().get("items");
        for (JsonNode item : items) {
            assertThat(item.get("job_id").asText())
                    .as("an item links to its extract job")
                    .isEqualTo(Ids.extractJob(job, item.get("item_id").asText()));
        }
        JsonNode result =
                api.get(BATCH + "/items/" + bill + "/result?format=json").json();
        assertThat(result.path("extract_result").path("invoice_number").asText())
                .isEqualTo("INV-0042");
        assertThat(result.path("extract_result").path("total").decimalValue()).isEqualByComparingTo("118.50");
        assertThat(result.path("extract_metadata")
                        .path("field_metadata")
                        .path("document_metadata")
                        .path("total")
                        .path("citation")
                        .get(0)
                        .path("matching_text")
                        .asText())
                .contains("118.50");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> events.stream()
                        .anyMatch(e -> e.path("event_type").asText().equals("extract.success")
                                && e.toString().contains(job)));

        String again = sys.createJob("{\"job_config\": {\"data_schema\": " + SCHEMA + ", \"cite_sources\": true},"
                + " \"item_ids\": [\"" + bill + "\"]}");
        assertThat(sys.awaitTerminal(again).get("skipped_items").asLong())
                .as("the same content with the same schema is already extracted")
                .isEqualTo(1);
    }

    @Test
    void retriesAFailedExtractItemOnTheExtractLane() throws Exception {
        byte[] bytes = ("Invoice No: R-" + System.nanoTime() + "\nTotal due: 7.25\n").getBytes(StandardCharsets.UTF_8);
        String flaky = sys.upload("flaky.txt", bytes);
        String hash =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Files.delete(data.resolve("blobs/content")
                .resolve(hash.substring(0, 2))
                .resolve(hash.substring(2, 4))
                .resolve(hash)); // the content goes missing: the item fails
        String job =
                sys.createJob("{\"job_config\": {\"data_schema\": " + SCHEMA + "}, \"item_ids\": [\"" + flaky + "\"]}");
        assertThat(sys.awaitTerminal(job).get("failed_items").asLong()).isEqualTo(1);

        sys.upload("again.txt", bytes); // same bytes: the content is back
        assertThat(api.post(BATCH + "/" + job + "/retry", "{}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode j = api.get(BATCH + "/" + job).json().get("job");
            return j.get("status").asText().equals("completed")
                    && j.get("failed_items").asLong() == 0;
        });
        JsonNode result =
                api.get(BATCH + "/items/" + flaky + "/result?format=json").json();
        assertThat(result.path("extract_result").path("total").decimalValue()).isEqualByComparingTo("7.25");
    }

    @Test
    void readsAScannedReceiptsTotal() throws Exception {
        RequiredTools.require(RequiredTools.TESSERACT, DocumentParser.ocrAvailable());
        Path receipt = Corpus.file("extract/receipts/sroie__019.jpg");
        JsonNode truth = JSON.readTree(Files.readString(Path.of(receipt + ".gt.json")));
        String scan = sys.upload(receipt);
        String job = sys.createJob("{\"job_config\": {\"data_schema\": {\"amount\": {\"type\": \"number\","
                + " \"description\": \"the total the customer paid\"}}}, \"item_ids\": [\"" + scan + "\"]}");
        assertThat(sys.awaitTerminal(job).get("status").asText()).isEqualTo("completed");
        JsonNode result =
                api.get(BATCH + "/items/" + scan + "/result?format=json").json();
        assertThat(result.path("extract_result").path("amount").decimalValue())
                .isEqualByComparingTo(truth.get("total").asText());
    }

    @Test
    void refusesABadSchemaAtEitherEntranceNamingWhereItIsWrong() throws Exception {
        ApiResponse r = api.post(
                BATCH,
                "{\"job_config\": {\"data_schema\": {\"properties\": {\"total\": {\"type\": \"money\"}}}},"
                        + " \"item_ids\": [\"x\"]}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().toString()).contains("job_config.data_schema/properties/total/type: unknown type 'money'");

        String jobId = Ids.job();
        String file = sys.upload("n-" + System.nanoTime() + ".txt", "Total: 1.00".getBytes(StandardCharsets.UTF_8));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(topics.jobRequests.record(
                            jobId,
                            JobRequested.newBuilder()
                                    .setJobId(jobId)
                                    .setProjectId(sys.system.projectId())
                                    .setJobType(JobType.extract)
                                    .setJobConfigJson("{\"data_schema\": {\"total\": {\"type\": \"money\"}}}")
                                    .setItemIds(List.of(file))
                                    .setRequestedAt(Instant.now())
                                    .build()))
                    .get();
        }
        JsonNode failed = sys.awaitTerminal(jobId);
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("error_message").asText())
                .as("a short-form schema's problem named where it is in the schema as sent")
                .isEqualTo("job_config.data_schema/total/type: unknown type 'money'");
    }
}
