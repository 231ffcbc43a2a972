package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiPaths;
import dev.batch.client.ApiResponse;
import dev.batch.common.Ids;
import dev.batch.common.blob.SegmentBlobStore;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.Topics;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DELETE} of a finished job removes it everywhere at once: its status, items, result blob and
 * cache entry, so the same content is processed again, and what a worker finishes after it goes too;
 * a running job is refused until cancelled, and another project cannot delete it. No classify worker runs, so a classify job stays running.
 */
@WithKafka
class RetentionIT {
    @TempDir
    static Path data;

    static RunningSystem sys;
    /** A second store on the system's folder, as another process on the machine would read it. */
    static SegmentBlobStore blobs;

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        sys = RunningSystem.start(
                kafka, data, "retention", Map.of("BATCH_CLASSIFY_WORKERS", "0", "BATCH_EXTRACT_WORKERS", "0"));
        blobs = new SegmentBlobStore(data.resolve("blobs"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (blobs != null) blobs.close();
        if (sys != null) sys.close();
    }

    @Test
    void aDeletedJobIsGoneWithItsItemsResultAndCacheEntryAndItsContentIsProcessedAgain() throws Exception {
        String file = sys.upload(
                "kept-" + System.nanoTime() + ".txt",
                ("retention words " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
        String body = "{\"job_config\": {}, \"item_ids\": [\"" + file + "\"]}";
        String job = sys.createJob(body);
        assertThat(sys.awaitTerminal(job).get("processed_items").asLong()).isEqualTo(1);
        assertThat(blobs.listObjects("results/" + job))
                .as("the job's result blob")
                .containsExactly("results/" + job + "/" + file + ".json");
        assertThat(processingResults(file)).hasSize(1);

        ApiResponse foreign = sys.other.delete(BATCH + "/" + job);
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
        assertThat(sys.api.get(BATCH + "/" + job).status())
                .as("another project's key deleted nothing")
                .isEqualTo(200);

        ApiResponse deleted = sys.api.delete(BATCH + "/" + job);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
        assertThat(deleted.json().get("job_id").asText()).isEqualTo(job);
        await("job " + job + " removed")
                .atMost(Duration.ofSeconds(30))
                .until(() -> sys.api.get(BATCH + "/" + job).status() == 404);
        assertThat(sys.api.get(BATCH + "/" + job + "/items").status()).isEqualTo(404);
        awaitBlobsRemoved(job);
        assertThat(processingResults(file)).as("the item's processing results").isEmpty();
        assertThat(sys.api.delete(BATCH + "/" + job).status()).isEqualTo(404);

        JsonNode again = sys.awaitTerminal(sys.createJob(body));
        assertThat(again.get("processed_items").asLong())
                .as("processed again, not served from the removed cache entry")
                .isEqualTo(1);
        assertThat(again.get("skipped_items").asLong()).isZero();
    }

    @Test
    void aRunningJobIsNotDeletedUntilItIsCancelled() {
        String file = sys.upload("running.txt", "a note to classify".getBytes(StandardCharsets.UTF_8));
        String job =
                sys.createJob("{\"job_config\": {\"rules\": [{\"type\": \"note\", \"description\": \"a short note\"}]},"
                        + " \"item_ids\": [\"" + file + "\"]}");
        ApiResponse refused = sys.api.delete(BATCH + "/" + job);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains(job, "cancel it first");

        assertThat(sys.api.post(BATCH + "/" + job + "/cancel", "{}").status()).isEqualTo(200);
        assertThat(sys.awaitTerminal(job).get("status").asText()).isEqualTo("cancelled");
        assertThat(sys.api.delete(BATCH + "/" + job).status()).isEqualTo(202);
        await("job " + job + " removed")
                .atMost(Duration.ofSeconds(30))
                .until(() -> sys.api.get(BATCH + "/" + job).status() == 404);
        assertThat(sys.api.get(BATCH).json().get("items"))
                .as("gone from the project's listing")
                .noneMatch(j -> j.get("id").asText().equals(job));
    }

    @Test
    void aLaterJobThatSkippedTheItemAsAlreadyProcessedKeepsItsResultWhenTheEarlierJobIsDeleted() {
        String words = "words two jobs read " + System.nanoTime();
        String file = sys.upload("shared-" + System.nanoTime() + ".txt", words.getBytes(StandardCharsets.UTF_8));
        String body = "{\"job_config\": {}, \"item_ids\": [\"" + file + "\"]}";
        String earlier = sys.createJob(body);
        assertThat(sys.awaitTerminal(earlier).get("processed_items").asLong()).isEqualTo(1);
        String later = sys.createJob(body);
        assertThat(sys.awaitTerminal(later).get("skipped_items").asLong()).isEqualTo(1);

        assertThat(sys.api.delete(BATCH + "/" + earlier).status()).isEqualTo(202);
        await("job " + earlier + " removed")
                .atMost(Duration.ofSeconds(30))
                .until(() -> sys.api.get(BATCH + "/" + earlier).status() == 404);
        awaitBlobsRemoved(earlier);

        ApiResponse result = sys.api.get("/api/v2/parse/" + Ids.parseJob(later, file) + "?expand=text");
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.json().toString()).contains(words);
        assertThat(sys.api
                        .get(ApiPaths.ITEM_RESULT.replace("{item_id}", file) + "?format=text")
                        .raw())
                .contains(words);
    }

    @Test
    void aRepeatedIdempotencyKeyOfADeletedJobCreatesANewJobWhileAnotherProjectsSameKeyKeepsItsJob() {
        String key = "retention-key-" + System.nanoTime();
        String mine = sys.upload("mine.txt", "my words".getBytes(StandardCharsets.UTF_8));
        ApiResponse theirUpload =
                sys.other.upload(ApiPaths.FILES, "theirs.txt", "their words".getBytes(StandardCharsets.UTF_8));
        assertThat(theirUpload.status()).as(theirUpload.toString()).isEqualTo(200);
        String theirs = theirUpload.json().get("id").asText();
        String myBody = "{\"job_config\": {}, \"item_ids\": [\"" + mine + "\"]}";
        String theirBody = "{\"job_config\": {}, \"item_ids\": [\"" + theirs + "\"]}";
        String myJob = sys.api
                .post(BATCH, myBody, "Idempotency-Key", key)
                .json()
                .get("id")
                .asText();
        String theirJob = sys.other
                .post(BATCH, theirBody, "Idempotency-Key", key)
                .json()
                .get("id")
                .asText();
        sys.awaitTerminal(myJob);
        RunningSystem.awaitTerminal(sys.other, theirJob);

        assertThat(sys.api.delete(BATCH + "/" + myJob).status()).isEqualTo(202);
        await("job " + myJob + " removed")
                .atMost(Duration.ofSeconds(30))
                .until(() -> sys.api.get(BATCH + "/" + myJob).status() == 404);
        awaitBlobsRemoved(myJob);

        ApiResponse again = sys.api.post(BATCH, myBody, "Idempotency-Key", key);
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(again.json().get("id").asText()).as("a new job").isNotEqualTo(myJob);
        ApiResponse theirsAgain = sys.other.post(BATCH, theirBody, "Idempotency-Key", key);
        assertThat(theirsAgain.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(theirsAgain.json().get("id").asText()).isEqualTo(theirJob);
        sys.awaitTerminal(again.json().get("id").asText());
    }

    @Test
    void whatAWorkerFinishesAfterItsJobWasDeletedIsRemovedToo(TestKafka kafka) throws Exception {
        String file = sys.upload("done.txt", "done before the delete".getBytes(StandardCharsets.UTF_8));
        String job = sys.createJob("{\"job_config\": {}, \"item_ids\": [\"" + file + "\"]}");
        sys.awaitTerminal(job);
        assertThat(sys.api.delete(BATCH + "/" + job).status()).isEqualTo(202);
        awaitBlobsRemoved(job);

        // A worker still busy with another item of the job writes its result and page image, then reports it.
        String late = "file-late-" + System.nanoTime();
        String result = "results/" + job + "/" + late + ".json";
        String images = "images/" + Ids.parseJob(job, late);
        blobs.putObject(result, "{\"pages\": []}".getBytes(StandardCharsets.UTF_8));
        blobs.putObject(images + "/page-1.png", new byte[] {1, 2, 3});
        KafkaSettings settings = new KafkaSettings(kafka.bootstrap(), Topics.create(sys.namespace, 3), (short) 1);
        Topics topics = settings.topics();
        ItemResult done = ItemResult.newBuilder()
                .setJobId(job)
                .setItemId(late)
                .setStatus(ItemState.completed)
                .setOutputLocation(result)
                .setFinishedAt(Instant.now())
                .build();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(
                settings.producer("late-worker"), new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(topics.itemResults.record(job, done)).get();
        }

        await("the late result's blobs removed")
                .atMost(Duration.ofSeconds(30))
                .until(() -> blobs.listObjects("results/" + job).isEmpty()
                        && blobs.listObjects(images).isEmpty());
        assertThat(sys.api.get(BATCH + "/" + job).status())
                .as("the job is not made again")
                .isEqualTo(404);
    }

    /** A removed job's blobs go after its status, off the aggregator's stream thread. */
    private static void awaitBlobsRemoved(String job) {
        await("the blobs of job " + job + " removed")
                .atMost(Duration.ofSeconds(30))
                .until(() -> blobs.listObjects("results/" + job).isEmpty());
    }

    private static JsonNode processingResults(String itemId) {
        ApiResponse r = sys.api.get(ApiPaths.ITEM_PROCESSING_RESULTS.replace("{item_id}", itemId));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("processing_results");
    }
}
