package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.common.config.Config;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.Topics;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walking skeleton end to end: real broker, real services, real HTTP, real documents. */
@WithKafka
class WalkingSkeletonIT {
    private static final String KEY = "llx-test-key";
    private static final String BATCH = "/api/v1/beta/batch-processing";

    @TempDir
    static Path data;

    static BatchSystem system;
    static BatchApiClient api;
    static Topics topics;
    static String bootstrap;

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        String namespace = TestKafka.newNamespace("walking-skeleton");
        bootstrap = kafka.bootstrap();
        system = BatchSystem.start(Config.of(Map.of(
                "BATCH_KAFKA_BOOTSTRAP",
                kafka.bootstrap(),
                "BATCH_TOPIC_NAMESPACE",
                namespace,
                "BATCH_PARTITIONS",
                "3",
                "BATCH_DATA_DIR",
                data.toString(),
                "BATCH_HTTP_PORT",
                "0",
                "BATCH_API_KEY",
                KEY)));
        topics = KafkaSettings.from(
                        Config.of(Map.of("BATCH_TOPIC_NAMESPACE", namespace, "BATCH_PARTITIONS", "3")), bootstrap)
                .topics();
        api = new BatchApiClient("http://localhost:" + system.httpPort(), KEY);
    }

    @AfterAll
    static void stop() {
        if (system != null) system.close();
    }

    @Test
    void parsesUploadedFilesToACompletedJob() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String f : List.of(
                "parse/pdf/arxiv-2201.00200.pdf",
                "parse/docx/tika__testComment.docx",
                "parse/html/tika__testHTML.html")) {
            ApiResponse r = api.upload("/api/v1/beta/files", Corpus.file(f));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().get("project_id").asText()).isEqualTo(system.projectId());
            assertThat(r.json().get("file_size").asLong()).isEqualTo(Files.size(Corpus.file(f)));
            ids.add(r.json().get("id").asText());
        }

        ApiResponse created = api.post(
                BATCH,
                "{\"job_config\": {\"job_name\": \"parse_raw_file_job\", \"parameters\": {}}, \"item_ids\": "
                        + toJson(ids) + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode job = created.json();
        assertThat(job.get("id").asText()).startsWith("bjb-");
        assertThat(job.get("status").asText()).isEqualTo("pending");
        assertThat(job.get("job_type").asText()).isEqualTo("parse");
        assertThat(job.get("total_items").asLong()).isEqualTo(3);
        for (String field : List.of(
                "id",
                "job_type",
                "project_id",
                "status",
                "total_items",
                "completed_at",
                "created_at",
                "directory_id",
                "effective_at",
                "error_message",
                "failed_items",
                "job_record_id",
                "processed_items",
                "skipped_items",
                "started_at",
                "updated_at",
                "workflow_id")) {
            assertThat(job.has(field)).as("response has " + field).isTrue();
        }

        JsonNode done = awaitTerminal(job.get("id").asText());
        assertThat(done.get("job").get("status").asText()).isEqualTo("completed");
        assertThat(done.get("job").get("processed_items").asLong()).isEqualTo(3);
        assertThat(done.get("job").get("failed_items").asLong()).isZero();
        assertThat(done.get("progress_percentage").asDouble()).isEqualTo(100.0);
        assertThat(done.get("job").get("completed_at").isNull()).isFalse();

        String pdfText =
                api.get(BATCH + "/items/" + ids.get(0) + "/result?format=text").raw();
        assertThat(pdfText).contains("Local heating due to convective overshooting");
        assertThat(pdfText.length()).isGreaterThan(5_000);
    }

    @Test
    void completesAJobWhoseFileIsCorruptWithOneFailedItem() {
        String good = api.upload(
                        "/api/v1/beta/files", "note.txt", "plain words for the parser".getBytes(StandardCharsets.UTF_8))
                .json()
                .get("id")
                .asText();
        String bad = api.upload("/api/v1/beta/files", Corpus.file("parse/pdf/ocr__invalid.pdf"))
                .json()
                .get("id")
                .asText();
        ApiResponse created =
                api.post(BATCH, "{\"job_config\": {}, \"item_ids\": [\"" + good + "\", \"" + bad + "\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        JsonNode done = awaitTerminal(created.json().get("id").asText()).get("job");
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("processed_items").asLong()).isEqualTo(1);
        assertThat(done.get("failed_items").asLong()).isEqualTo(1);
    }

    @Test
    void failsAJobWhoseOnlyFileIsCorrupt() {
        String bad = api.upload("/api/v1/beta/files", Corpus.file("parse/docx/tika__testWORD_truncated.docx"))
                .json()
                .get("id")
                .asText();
        ApiResponse created = api.post(BATCH, "{\"job_config\": {}, \"item_ids\": [\"" + bad + "\"]}");
        JsonNode done = awaitTerminal(created.json().get("id").asText()).get("job");
        assertThat(done.get("status").asText()).isEqualTo("failed");
        assertThat(done.get("error_message").asText()).contains("all 1 items failed");
    }

    @Test
    void answersTheSeedExampleWithoutItemsWith422AndCreatesNoJob() {
        ApiResponse r = api.post(BATCH, "{\"job_config\": {}}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("detail").asText())
                .contains("directory_id")
                .contains("item_ids")
                .contains("required");
    }

    @Test
    void answersMalformedJsonWith400() {
        ApiResponse r = api.post(BATCH, "{\"job_config\": {");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).startsWith("malformed JSON");
    }

    @Test
    void refusesUnknownItemIdsNamingThem() {
        ApiResponse r = api.post(BATCH, "{\"job_config\": {}, \"item_ids\": [\"no-such-file\"]}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("detail").asText()).contains("no-such-file");
    }

    @Test
    void requiresAnApiKey() {
        BatchApiClient anonymous = new BatchApiClient("http://localhost:" + system.httpPort(), null);
        assertThat(anonymous
                        .post(BATCH, "{\"job_config\": {}, \"item_ids\": [\"x\"]}")
                        .status())
                .isEqualTo(401);
        BatchApiClient wrong = new BatchApiClient("http://localhost:" + system.httpPort(), "llx-wrong");
        assertThat(wrong.get(BATCH + "/bjb-x").status()).isEqualTo(401);
    }

    @Test
    void answers404ForAnUnknownJob() {
        ApiResponse r = api.get(BATCH + "/bjb-does-not-exist");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("detail").asText()).contains("bjb-does-not-exist");
    }

    @Test
    void reportsReadyAndLive() {
        BatchApiClient anonymous = new BatchApiClient("http://localhost:" + system.httpPort(), null);
        assertThat(anonymous.get("/health/live").status()).isEqualTo(200);
        ApiResponse ready = anonymous.get("/health/ready");
        assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        assertThat(ready.json().get("services").get("aggregator").asBoolean()).isTrue();
    }

    @Test
    void failsAJobProducedStraightToKafkaWithoutItems() throws Exception {
        String jobId = "bjb-direct-" + System.nanoTime();
        JobRequested request = JobRequested.newBuilder()
                .setJobId(jobId)
                .setProjectId(system.projectId())
                .setJobType(JobType.parse)
                .setJobConfigJson("{}")
                .setRequestedAt(Instant.now())
                .build();
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            p.send(topics.jobRequests.record(jobId, request)).get();
        }
        JsonNode done = awaitTerminal(jobId).get("job");
        assertThat(done.get("status").asText()).isEqualTo("failed");
        assertThat(done.get("error_message").asText())
                .isEqualTo("item_ids: either directory_id or item_ids is required");
    }

    @Test
    void endsJobsProducedStraightToKafkaWithUnknownFilesOrABrokenConfigAndGoesOn() throws Exception {
        String fileId = api.upload("/api/v1/beta/files", "fine.txt", "a fine file".getBytes(StandardCharsets.UTF_8))
                .json()
                .get("id")
                .asText();
        String unknown = "bjb-unknown-files-" + System.nanoTime();
        String broken = "bjb-broken-config-" + System.nanoTime();
        String after = "bjb-after-" + System.nanoTime();
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (JobRequested r : List.of(
                    JobRequested.newBuilder()
                            .setJobId(unknown)
                            .setProjectId(system.projectId())
                            .setJobType(JobType.parse)
                            .setJobConfigJson("{}")
                            .setItemIds(List.of("no-such-file", fileId))
                            .setRequestedAt(Instant.now())
                            .build(),
                    JobRequested.newBuilder()
                            .setJobId(broken)
                            .setProjectId(system.projectId())
                            .setJobType(JobType.parse)
                            .setJobConfigJson("{this is not json")
                            .setItemIds(List.of(fileId))
                            .setRequestedAt(Instant.now())
                            .build(),
                    JobRequested.newBuilder()
                            .setJobId(after)
                            .setProjectId(system.projectId())
                            .setJobType(JobType.parse)
                            .setJobConfigJson("{}")
                            .setItemIds(List.of(fileId))
                            .setRequestedAt(Instant.now())
                            .build())) {
                // In this order: a consumer stuck on one of the first two would never finish the third.
                p.send(topics.jobRequests.record(r.getJobId(), r)).get();
            }
        }
        JsonNode u = awaitTerminal(unknown).get("job");
        assertThat(u.get("status").asText())
                .as("an unknown item fails the job, as the API refuses it")
                .isEqualTo("failed");
        assertThat(u.get("error_message").asText()).isEqualTo("item_ids: unknown ids no-such-file");
        assertThat(u.get("total_items").asLong()).isZero();
        JsonNode b = awaitTerminal(broken).get("job");
        assertThat(b.get("status").asText()).isEqualTo("failed");
        assertThat(b.get("error_message").asText()).isNotBlank();
        assertThat(awaitTerminal(after).get("job").get("status").asText()).isEqualTo("completed");
    }

    @Test
    void runsAJobProducedStraightToKafkaLikeAnHttpOne() throws Exception {
        String fileId = api.upload(
                        "/api/v1/beta/files", "direct.txt", "produced directly".getBytes(StandardCharsets.UTF_8))
                .json()
                .get("id")
                .asText();
        String jobId = "bjb-direct-ok-" + System.nanoTime();
        JobRequested request = JobRequested.newBuilder()
                .setJobId(jobId)
                .setProjectId(system.projectId())
                .setJobType(JobType.parse)
                .setJobConfigJson("{}")
                .setItemIds(List.of(fileId))
                .setRequestedAt(Instant.now())
                .build();
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            p.send(topics.jobRequests.record(jobId, request)).get();
        }
        JsonNode done = awaitTerminal(jobId).get("job");
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("processed_items").asLong()).isEqualTo(1);
        assertThat(api.get(BATCH + "/" + jobId + "/items")
                        .json()
                        .get("items")
                        .get(0)
                        .get("item_name")
                        .asText())
                .isEqualTo("direct.txt");
    }

    @Test
    void sendsAnUndecodableJobRequestToTheDeadLetters() throws Exception {
        byte[] garbage = "this is not avro".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            p.send(new ProducerRecord<>(
                            topics.jobRequests.name(), "bjb-garbage".getBytes(StandardCharsets.UTF_8), garbage))
                    .get();
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.deadLetters.name()));
            List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> Arrays.equals(r.value(), garbage));
            });
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static JsonNode awaitTerminal(String jobId) {
        return RunningSystem.awaitTerminal(api, jobId);
    }

    private static String toJson(List<String> ids) {
        return "[" + String.join(",", ids.stream().map(i -> "\"" + i + "\"").toList()) + "]";
    }
}
