package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.common.Ids;
import dev.batch.common.kafka.Topics;
import dev.batch.events.JobOrigin;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.RequiredTools;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import dev.batch.worker.parse.DocumentParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Classify jobs through the whole system: the batch API, the classifier API, the built-in classifier on real documents. */
@WithKafka
class ClassifyIT {
    private static final String JOBS = "/api/v1/classifier/jobs";

    @TempDir
    static Path data;

    static RunningSystem sys;
    static BatchApiClient api;
    static String rules;
    static String bootstrap;
    static Topics topics;

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        sys = RunningSystem.start(kafka, data, "classify", Map.of());
        api = sys.api;
        bootstrap = kafka.bootstrap();
        topics = Topics.create(sys.namespace, 3);
        rules = Files.readString(Path.of("..", "..", "bench", "classify-rules.json"));
    }

    @AfterAll
    static void stop() {
        if (sys != null) sys.close();
    }

    @Test
    void classifiesRealDocumentsWithTheRulesAndExplainsWhy() throws Exception {
        Map<String, String> expected = new HashMap<>();
        for (String[] f : List.of(
                new String[] {"classify/invoice/doc-2e21d50f59a9.pdf", "invoice"},
                new String[] {"classify/resume/doc-ff27c77e4cd1.pdf", "resume"},
                new String[] {"classify/meeting_minutes/doc-28c645ec3462.md", "meeting_minutes"},
                new String[] {"classify/contract/doc-f80e4a8d32b5.md", "contract"})) {
            expected.put(sys.upload(Corpus.file(f[0])), f[1]);
        }
        String job = sys.createJob("{\"job_config\": {\"rules\": " + rules + ", \"mode\": \"FAST\"}, \"item_ids\": "
                + RunningSystem.ids(List.copyOf(expected.keySet())) + "}");
        JsonNode done = sys.awaitTerminal(job);
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("job_type").asText()).isEqualTo("classify");
        assertThat(done.get("processed_items").asLong()).isEqualTo(4);
        JsonNode items = api.get(BATCH + "/" + job + "/items").json().get("items");
        items.forEach(i -> assertThat(i.get("job_id").asText())
                .as("an item links to its classify job")
                .isEqualTo(job));

        JsonNode classifyJob = api.get(JOBS + "/" + job).json();
        assertThat(classifyJob.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(classifyJob.get("mode").asText()).isEqualTo("FAST");
        assertThat(classifyJob.get("rules")).hasSize(10);

        JsonNode results = api.get(JOBS + "/" + job + "/results").json();
        assertThat(results.get("total_size").asInt()).isEqualTo(4);
        for (JsonNode r : results.get("items")) {
            String want = expected.get(r.get("file_id").asText());
            JsonNode result = r.get("result");
            assertThat(result.get("type").asText()).as(r.toString()).isEqualTo(want);
            assertThat(result.get("confidence").asDouble())
                    .as(r.toString())
                    .isGreaterThan(0.6)
                    .isLessThanOrEqualTo(1.0);
            assertThat(result.get("reasoning").asText()).startsWith("Looks like " + want + ":");
            assertThat(r.get("classify_job_id").asText()).isEqualTo(job);
        }
        String one = expected.keySet().iterator().next();
        JsonNode stored =
                api.get(BATCH + "/items/" + one + "/result?format=json").json();
        assertThat(stored.get("type").asText()).isEqualTo(expected.get(one));
    }

    @Test
    void readsAScannedReceiptInBothModes() {
        RequiredTools.require(RequiredTools.TESSERACT, DocumentParser.ocrAvailable());
        String photo = sys.upload(Corpus.file("classify/receipt/doc-e8b9c99dda46.jpg"));
        for (String mode : List.of("FAST", "MULTIMODAL")) {
            ApiResponse created = api.post(
                    JOBS, "{\"file_ids\": [\"" + photo + "\"], \"mode\": \"" + mode + "\", \"rules\": " + rules + "}");
            String job = created.json().get("id").asText();
            assertThat(sys.awaitTerminal(job).get("status").asText()).isEqualTo("completed");
            assertThat(api.get(JOBS + "/" + job).json().get("mode").asText()).isEqualTo(mode);
            JsonNode result = api.get(JOBS + "/" + job + "/results")
                    .json()
                    .get("items")
                    .get(0)
                    .get("result");
            assertThat(result.get("type").asText()).as(mode + ": " + result).isEqualTo("receipt");
        }
    }

    @Test
    void answersNullWithALowConfidenceWhenNoRuleFits() {
        String paper = sys.upload(Corpus.file("classify/scientific_paper/doc-a6db6d2f5e4f.pdf"));
        ApiResponse created = api.post(
                JOBS,
                "{\"file_ids\": [\"" + paper + "\"], \"rules\": ["
                        + "{\"type\": \"invoice\", \"description\": \"A bill asking for payment, with line items, taxes and a total amount due.\"},"
                        + "{\"type\": \"receipt\", \"description\": \"Proof of a purchase paid at a shop: the items bought, their prices and the total paid.\"}]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String job = created.json().get("id").asText();
        assertThat(created.json().get("status").asText()).isEqualTo("PENDING");
        sys.awaitTerminal(job);
        JsonNode result = api.get(JOBS + "/" + job + "/results")
                .json()
                .get("items")
                .get(0)
                .get("result");
        assertThat(result.get("type").isNull()).as(result.toString()).isTrue();
        assertThat(result.get("confidence").asDouble()).isLessThan(0.5);
        assertThat(result.get("reasoning").asText()).startsWith("No rule fits well");
        assertThat(api.get(JOBS).json().get("items"))
                .anySatisfy(j -> assertThat(j.get("id").asText()).isEqualTo(job));
    }

    @Test
    void refusesABadRuleNamingIt() {
        ApiResponse r = api.post(
                JOBS,
                "{\"file_ids\": [\"x\"], \"rules\": [{\"type\": \"ok\", \"description\": \"fine\"},"
                        + " {\"type\": \"not/ok\", \"description\": \"bad type\"}]}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("detail").asText()).contains("job_config.rules[1].type");
        assertThat(api.get(JOBS + "/bjb-missing").status()).isEqualTo(404);
    }

    @Test
    void leavesAStandaloneV2JobOutOfTheBatchAndClassifierLists() throws Exception {
        String file = sys.upload(Corpus.file("classify/invoice/doc-2e21d50f59a9.pdf"));
        String batchJob =
                sys.createJob("{\"job_config\": {\"rules\": " + rules + "}, \"item_ids\": [\"" + file + "\"]}");
        String v2Job = Ids.job();
        produce(JobRequested.newBuilder()
                .setJobId(v2Job)
                .setProjectId(sys.system.projectId())
                .setJobType(JobType.classify)
                .setJobConfigJson("{\"rules\": " + rules + "}")
                .setItemIds(List.of(file))
                .setRequestedAt(Instant.now())
                .setOrigin(JobOrigin.classify_v2)
                .build());
        assertThat(sys.awaitTerminal(v2Job).get("status").asText()).isEqualTo("completed");
        sys.awaitTerminal(batchJob);

        assertThat(api.get(BATCH + "?limit=1000").json().get("items"))
                .extracting(j -> j.get("id").asText())
                .contains(batchJob)
                .doesNotContain(v2Job);
        assertThat(api.get(BATCH + "?job_type=classify&limit=1000").json().get("items"))
                .extracting(j -> j.get("id").asText())
                .contains(batchJob)
                .doesNotContain(v2Job);
        assertThat(api.get(JOBS + "?page_size=1000").json().get("items"))
                .extracting(j -> j.get("id").asText())
                .contains(batchJob)
                .doesNotContain(v2Job);
    }

    private static void produce(JobRequested request) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(topics.jobRequests.record(request.getJobId(), request))
                    .get();
        }
    }
}
