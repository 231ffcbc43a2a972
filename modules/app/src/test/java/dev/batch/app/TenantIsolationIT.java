package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.common.kafka.Topics;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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

/**
 * Two projects on one system: the same bytes are each project's own document, nothing of one is
 * readable by the other, and the Kafka entrance holds a request to the same rules as the API.
 */
@WithKafka
class TenantIsolationIT {
    @TempDir
    static Path data;

    static RunningSystem sys;
    static String bootstrap;
    static Topics topics;

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        sys = RunningSystem.start(kafka, data, "tenants", Map.of());
        bootstrap = kafka.bootstrap();
        topics = Topics.create(sys.namespace, 3);
    }

    @AfterAll
    static void stop() {
        if (sys != null) sys.close();
    }

    @Test
    void parsesTheSameBytesForEachProjectAndShowsNoProjectTheOthersResultOrMetadata() {
        byte[] bytes = ("Quarterly figures of a tenant, " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        String fileA = sys.upload("owner-a-report.txt", bytes);
        String jobA = sys.createJob(
                "{\"job_config\": {\"parameters\": {\"custom_metadata\": {\"owner\": \"owner-a-secret\"}}},"
                        + " \"item_ids\": [\"" + fileA + "\"]}");
        assertThat(sys.awaitTerminal(jobA).get("processed_items").asInt()).isEqualTo(1);
        String parseJobA = sys.api
                .get(BATCH + "/" + jobA + "/items")
                .json()
                .at("/items/0/job_id")
                .asText();

        BatchApiClient b = sys.other;
        String fileB = b.upload("/api/v1/beta/files", "b-copy.txt", bytes)
                .json()
                .get("id")
                .asText();
        ApiResponse created = b.post(
                BATCH,
                "{\"job_config\": {\"parameters\": {\"custom_metadata\": {\"owner\": \"owner-b\"}}},"
                        + " \"item_ids\": [\"" + fileB + "\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String jobB = created.json().get("id").asText();
        JsonNode done = RunningSystem.awaitTerminal(b, jobB).get("job");

        assertThat(done.get("processed_items").asInt())
                .as("B's copy is parsed for B, not skipped as A's")
                .isEqualTo(1);
        assertThat(done.get("skipped_items").asInt()).isZero();
        JsonNode item = b.get(BATCH + "/" + jobB + "/items").json().at("/items/0");
        assertThat(item.get("status").asText()).isEqualTo("completed");
        assertThat(item.get("skip_reason").isNull()).isTrue();

        List<ApiResponse> answers = new ArrayList<>();
        ApiResponse parseJob =
                b.get("/api/v2/parse/" + item.get("job_id").asText() + "?expand=job_metadata,text,markdown");
        assertThat(parseJob.status()).isEqualTo(200);
        assertThat(parseJob.json().at("/job_metadata/custom_metadata/owner").asText())
                .isEqualTo("owner-b");
        answers.add(parseJob);
        ApiResponse results = b.get(BATCH + "/items/" + fileB + "/processing-results");
        assertThat(results.json().get("processing_results"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.get("output_s3_path").asText()).contains(jobB));
        answers.add(results);
        answers.add(b.get(BATCH + "/items/" + fileB + "/result?format=json"));
        answers.add(b.get(BATCH + "/" + jobB));
        answers.add(b.get(BATCH + "/" + jobB + "/items"));
        answers.add(b.get(BATCH));
        answers.add(b.get("/api/v1/beta/files"));
        for (ApiResponse r : answers) {
            assertThat(r.raw())
                    .as("B's answer %s", r)
                    .doesNotContain("owner-a-secret")
                    .doesNotContain(jobA)
                    .doesNotContain(fileA)
                    .doesNotContain("owner-a-report.txt");
        }
        // A's own objects, asked for by B by their ids: not found.
        assertThat(b.get(BATCH + "/items/" + fileA + "/result").status()).isEqualTo(404);
        assertThat(b.get(BATCH + "/items/" + fileA + "/processing-results").status())
                .isEqualTo(404);
        assertThat(b.get("/api/v2/parse/" + parseJobA + "?expand=job_metadata").status())
                .isEqualTo(404);
        // And A still reads its own metadata, unchanged by B's job.
        assertThat(sys.api
                        .get("/api/v2/parse/" + parseJobA + "?expand=job_metadata")
                        .json()
                        .at("/job_metadata/custom_metadata/owner")
                        .asText())
                .isEqualTo("owner-a-secret");
    }

    @Test
    void failsAJobProducedStraightToKafkaThatNamesAnotherProjectsFileAndCopiesNothingOfIt() throws Exception {
        String secretName = "a-private-" + System.nanoTime() + ".txt";
        String fileA = sys.upload(secretName, "private words".getBytes(StandardCharsets.UTF_8));
        String jobId = "bjb-foreign-" + System.nanoTime();
        produce(JobRequested.newBuilder()
                .setJobId(jobId)
                .setProjectId("other-project")
                .setJobType(JobType.parse)
                .setJobConfigJson("{}")
                .setItemIds(List.of(fileA))
                .setRequestedAt(Instant.now())
                .build());

        JsonNode job = RunningSystem.awaitTerminal(sys.other, jobId).get("job");
        assertThat(job.get("status").asText()).isEqualTo("failed");
        assertThat(job.get("error_message").asText()).isEqualTo("item_ids: unknown ids " + fileA);
        assertThat(job.get("total_items").asInt()).isZero();
        ApiResponse items = sys.other.get(BATCH + "/" + jobId + "/items");
        assertThat(items.json().get("items")).isEmpty();
        assertThat(items.raw() + sys.other.get(BATCH + "/" + jobId).raw()).doesNotContain(secretName);
    }

    @Test
    void failsAJobProducedStraightToKafkaWithParametersTheApiRefusesAndTheNextItemsGetTheirOwnAnswers()
            throws Exception {
        String file = sys.upload("absurd.txt", "an absurd request".getBytes(StandardCharsets.UTF_8));
        String absurd = "bjb-absurd-" + System.nanoTime();
        String internalHook = "bjb-hook-" + System.nanoTime();
        produce(JobRequested.newBuilder()
                .setJobId(absurd)
                .setProjectId(sys.system.projectId())
                .setJobType(JobType.parse)
                .setJobConfigJson("{\"parameters\": {\"job_timeout_in_seconds\": 1e300, \"do_not_cache\": true}}")
                .setItemIds(List.of(file))
                .setRequestedAt(Instant.now())
                .build());
        produce(JobRequested.newBuilder()
                .setJobId(internalHook)
                .setProjectId(sys.system.projectId())
                .setJobType(JobType.parse)
                .setJobConfigJson("{\"parameters\": {\"webhook_url\": \"http://169.254.169.254/latest/meta-data\"}}")
                .setItemIds(List.of(file))
                .setRequestedAt(Instant.now())
                .build());

        JsonNode failed = sys.awaitTerminal(absurd);
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("error_message").asText())
                .isEqualTo("job_config.parameters.job_timeout_in_seconds: must be a number from 0.1 to 86400");
        JsonNode hook = sys.awaitTerminal(internalHook);
        assertThat(hook.get("status").asText()).isEqualTo("failed");
        assertThat(hook.get("error_message").asText()).startsWith("job_config.parameters.webhook_url: ");

        String first = sys.upload("first.txt", "the first document speaks of apples".getBytes(StandardCharsets.UTF_8));
        String second =
                sys.upload("second.txt", "the second document speaks of pears".getBytes(StandardCharsets.UTF_8));
        String next = sys.createJob("{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"item_ids\": [\""
                + first + "\", \"" + second + "\"]}");
        assertThat(sys.awaitTerminal(next).get("processed_items").asInt()).isEqualTo(2);
        assertThat(sys.api
                        .get(BATCH + "/items/" + first + "/result?format=text")
                        .raw())
                .contains("apples")
                .doesNotContain("pears");
        assertThat(sys.api
                        .get(BATCH + "/items/" + second + "/result?format=text")
                        .raw())
                .contains("pears")
                .doesNotContain("apples");
    }

    @Test
    void runsAnUrgentJobOfAProjectNotAllowedUrgentPriorityAsMediumAndSaysSo() {
        String file = sys.other
                .upload("/api/v1/beta/files", "urgent.txt", "wants to jump the queue".getBytes(StandardCharsets.UTF_8))
                .json()
                .get("id")
                .asText();
        ApiResponse created = sys.other.post(
                BATCH,
                "{\"job_config\": {\"parameters\": {\"priority\": \"critical\"}}," + " \"item_ids\": [\"" + file
                        + "\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String notice = "priority 'critical' is not enabled for this project; the job runs as medium";
        assertThat(created.json().get("priority").asText()).isEqualTo("medium");
        assertThat(created.json().get("notices")).extracting(JsonNode::asText).containsExactly(notice);
        JsonNode done = RunningSystem.awaitTerminal(
                        sys.other, created.json().get("id").asText())
                .get("job");
        assertThat(done.get("priority").asText()).isEqualTo("medium");
        assertThat(done.get("notices")).extracting(JsonNode::asText).containsExactly(notice);

        // The default project may (BATCH_URGENT_PRIORITY_PROJECTS unset): its critical job runs as critical.
        String own = sys.upload("urgent-own.txt", "the operator's own".getBytes(StandardCharsets.UTF_8));
        ApiResponse mine = sys.api.post(
                BATCH,
                "{\"job_config\": {\"parameters\": {\"priority\": \"critical\"}}, \"item_ids\": [\"" + own + "\"]}");
        assertThat(mine.json().get("priority").asText()).isEqualTo("critical");
        assertThat(mine.json().get("notices")).isEmpty();
        assertThat(sys.awaitTerminal(mine.json().get("id").asText())
                        .get("priority")
                        .asText())
                .isEqualTo("critical");
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
