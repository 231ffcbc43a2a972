package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.client.ApiResponse;
import dev.batch.common.blob.BlobStore;
import dev.batch.common.blob.LocalBlobStore;
import dev.batch.common.blob.S3BlobStore;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.S3Server;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The S3 blob store against an S3-compatible server running here as its own process (S3Mock): it
 * keeps the contract the folder store keeps, and the whole system runs on it, writing a copy of each
 * result where {@code output_s3_path_prefix} says.
 */
@WithKafka
class S3BlobStoreIT {
    @TempDir
    static Path dir;

    static S3Server s3;
    static S3Client client;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3Server.start(dir.resolve("s3"), "batch");
        // The usual AWS sources, as a deployment gives them; S3Mock accepts any.
        System.setProperty("aws.accessKeyId", "test-access-key");
        System.setProperty("aws.secretAccessKey", "test-secret-key");
        client = S3Client.builder()
                .endpointOverride(URI.create(s3.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    @AfterAll
    static void stop() {
        if (client != null) client.close();
        if (s3 != null) s3.close();
    }

    static S3BlobStore store(String prefix) throws Exception {
        return S3BlobStore.open(
                URI.create("s3://batch/" + prefix),
                Optional.of(s3.endpoint()),
                Optional.empty(),
                true,
                Files.createTempDirectory(dir, "tmp"));
    }

    @Test
    void keepsTheContractOfTheFolderStore() throws Exception {
        for (BlobStore store :
                List.of(new LocalBlobStore(Files.createTempDirectory(dir, "local")), store("contract"))) {
            String what = store.getClass().getSimpleName();
            byte[] bytes = "the same bytes are stored once".getBytes(StandardCharsets.UTF_8);
            BlobStore.StoredContent a = store.putContent(new ByteArrayInputStream(bytes), 1000);
            BlobStore.StoredContent b = store.putContent(new ByteArrayInputStream(bytes), 1000);
            assertThat(a).as(what).isEqualTo(b);
            assertThat(a.size()).isEqualTo(bytes.length);
            try (InputStream in = store.openContent(a.sha256())) {
                assertThat(in.readAllBytes()).as(what).isEqualTo(bytes);
            }
            assertThatThrownBy(() -> store.putContent(new ByteArrayInputStream(new byte[2000]), 1000))
                    .as(what)
                    .isInstanceOf(BlobStore.TooLargeException.class);
            assertThatThrownBy(() -> store.openContent("0".repeat(64)))
                    .as(what)
                    .isInstanceOf(NoSuchFileException.class);

            store.putObject("results/job-1/a.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            store.putObject("results/job-1/b.json", "{\"b\":2}".getBytes(StandardCharsets.UTF_8));
            store.putObject("results/job-1/deeper/c.json", "{}".getBytes(StandardCharsets.UTF_8));
            Path file = Files.createTempFile(dir, "file", ".json");
            Files.writeString(file, "{\"c\":3}");
            store.putObjectFile("results/job-1/c.json", file);
            assertThat(file).as(what + ": the file is consumed").doesNotExist();
            assertThat(store.listObjects("results/job-1"))
                    .as(what)
                    .containsExactly("results/job-1/a.json", "results/job-1/b.json", "results/job-1/c.json");
            assertThat(store.listObjects("results/none")).as(what).isEmpty();
            assertThat(store.listObjects("results/job-1", "b"))
                    .as(what + ": by name prefix")
                    .containsExactly("results/job-1/b.json");
            assertThat(store.listObjects("results/job-1", "d"))
                    .as(what + ": a folder is no object")
                    .isEmpty();
            assertThat(new String(store.getObject("results/job-1/c.json").orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"c\":3}");
            assertThat(store.getObject("results/job-1/missing.json")).as(what).isEmpty();
            assertThat(store.deleteObject("results/job-1/a.json")).as(what).isTrue();
            assertThat(store.deleteObject("results/job-1/a.json"))
                    .as(what + ": a second delete finds nothing")
                    .isFalse();
            assertThatThrownBy(() -> store.putObject("../escape", new byte[1]))
                    .as(what)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void runsTheSystemOnTheBucketAndWritesResultsWhereOutputS3PathPrefixSays(TestKafka kafka) throws Exception {
        Path data = Files.createTempDirectory(dir, "data");
        try (RunningSystem sys = RunningSystem.start(
                kafka,
                data,
                "s3",
                Map.of(
                        "BATCH_BLOB_STORE",
                        "s3://batch/deployment",
                        "BATCH_S3_ENDPOINT",
                        s3.endpoint(),
                        "BATCH_S3_PATH_STYLE",
                        "true",
                        "BATCH_OUTPUT_BUCKETS",
                        "batch,no-such-bucket"))) {
            String file = sys.upload(Corpus.file("parse/pdf/arxiv-2201.00200.pdf"));
            String job = sys.createJob(
                    "{\"job_config\": {\"parameters\": {\"output_s3_path_prefix\": \"s3://batch/exports/run-1\"}},"
                            + " \"item_ids\": [\"" + file + "\"]}");
            assertThat(sys.awaitTerminal(job).get("processed_items").asInt()).isEqualTo(1);

            // The content, the result and the copy are in the bucket; nothing went to a local blob folder.
            List<String> keys = client.listObjectsV2(b -> b.bucket("batch")).contents().stream()
                    .map(o -> o.key())
                    .toList();
            assertThat(keys)
                    .anyMatch(k -> k.startsWith("deployment/content/"))
                    .anyMatch(k -> k.startsWith("deployment/objects/results/" + job + "/"))
                    .contains("exports/run-1/" + job + "/" + file + ".json");
            assertThat(data.resolve("blobs")).doesNotExist();
            JsonNode copy = new ObjectMapper()
                    .readTree(client.getObjectAsBytes(
                                    b -> b.bucket("batch").key("exports/run-1/" + job + "/" + file + ".json"))
                            .asByteArray());
            assertThat(copy.path("markdown_full").asText()).isNotBlank();

            // The API reads it all back from the bucket, and says where the output is.
            assertThat(sys.api
                            .get(RunningSystem.BATCH + "/items/" + file + "/result?format=text")
                            .raw())
                    .isEqualTo(copy.path("text_full").asText());
            JsonNode results = sys.api
                    .get(RunningSystem.BATCH + "/items/" + file + "/processing-results")
                    .json();
            assertThat(results.at("/processing_results/0/output_s3_path").asText())
                    .isEqualTo("s3://batch/exports/run-1/" + job + "/" + file + ".json");
            ApiResponse bad = sys.api.post(
                    RunningSystem.BATCH,
                    "{\"job_config\": {\"parameters\": {\"output_s3_path_prefix\": \"/tmp/x\"}}," + " \"item_ids\": [\""
                            + file + "\"]}");
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.raw()).contains("output_s3_path_prefix");
            // Not into the service's own store (another job's results are there), nor a bucket the operator did not
            // allow.
            for (String prefix : List.of("s3://batch/deployment/objects/results", "s3://other-bucket/exports")) {
                ApiResponse refused = sys.api.post(
                        RunningSystem.BATCH,
                        "{\"job_config\": {\"parameters\": {\"output_s3_path_prefix\": \"" + prefix
                                + "\"}}, \"item_ids\": [\"" + file + "\"]}");
                assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
                assertThat(refused.json().path("detail").asText())
                        .startsWith("job_config.parameters.output_s3_path_prefix: ");
            }
            // A bucket that refuses the copy: the item says so plainly, not in the bucket's words.
            String failing = sys.createJob(
                    "{\"job_config\": {\"parameters\": {\"output_s3_path_prefix\": \"s3://no-such-bucket/x\","
                            + " \"do_not_cache\": true}}, \"item_ids\": [\"" + file + "\"]}");
            assertThat(sys.awaitTerminal(failing).get("failed_items").asInt()).isEqualTo(1);
            JsonNode item = sys.api
                    .get(RunningSystem.BATCH + "/" + failing + "/items")
                    .json()
                    .at("/items/0");
            assertThat(item.get("error_message").asText())
                    .isEqualTo(
                            "the result could not be written under output_s3_path_prefix; check the bucket lets this service write there, then retry");
        }
    }

    @Test
    void theFolderStoreRefusesOutputS3PathPrefixAtCreate(TestKafka kafka) throws Exception {
        try (RunningSystem sys =
                RunningSystem.start(kafka, Files.createTempDirectory(dir, "local-data"), "s3-refused", Map.of())) {
            String file = sys.upload("note.txt", "a note".getBytes(StandardCharsets.UTF_8));
            ApiResponse r = sys.api.post(
                    RunningSystem.BATCH,
                    "{\"job_config\": {\"parameters\": {\"output_s3_path_prefix\": "
                            + "\"s3://batch/exports\"}}, \"item_ids\": [\"" + file + "\"]}");
            assertThat(r.status()).as(r.toString()).isEqualTo(422);
            assertThat(r.json().path("detail").asText()).contains("needs an S3 blob store");
        }
    }
}
