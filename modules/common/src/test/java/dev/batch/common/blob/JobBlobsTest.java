package dev.batch.common.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.Ids;
import dev.batch.events.JobType;
import dev.batch.events.ProcessingResult;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobBlobsTest {
    private static final String PROJECT = "proj";

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = {"files", "segments"})
    void deletesTheJobsResultsImagesAndTheCacheEntriesOfItsLineageOnly(String layout) throws Exception {
        BlobStore store = layout.equals("files") ? new LocalBlobStore(root) : new SegmentBlobStore(root);
        // bjb-1 processed item a (content c1); bjb-2 processed item b (content c2) and found a's cached.
        ProcessingResult a = lineage("bjb-1", "a", "c1");
        ProcessingResult b = lineage("bjb-2", "b", "c2");
        ResultIndex.cache(store, a);
        ResultIndex.put(store, "a", "h", a);
        ResultIndex.cache(store, b);
        ResultIndex.put(store, "b", "h", b);
        put(store, "results/bjb-1/a.json");
        put(store, "results/bjb-2/b.json");
        put(store, "images/" + Ids.parseJob("bjb-1", "a") + "/page_1.png");
        put(store, "classify-v2/jobs/" + Ids.classifyJob("bjb-1") + ".json");
        put(store, "extract-v2/jobs/" + Ids.extractJob("bjb-1", "a") + ".json");

        List<String> tombstones = JobBlobs.delete(store, PROJECT, "bjb-1", List.of("a"));

        assertThat(tombstones).containsExactly(PROJECT + ":c1:h");
        assertThat(ResultIndex.cached(store, PROJECT, "c1", "h")).isEmpty();
        assertThat(ResultIndex.results(store, "a", PROJECT)).isEmpty();
        assertThat(store.getObject("results/bjb-1/a.json")).isEmpty();
        assertThat(store.listObjects("images/" + Ids.parseJob("bjb-1", "a"))).isEmpty();
        assertThat(store.getObject("classify-v2/jobs/" + Ids.classifyJob("bjb-1") + ".json"))
                .isEmpty();
        assertThat(store.getObject("extract-v2/jobs/" + Ids.extractJob("bjb-1", "a") + ".json"))
                .isEmpty();
        assertThat(Files.exists(root.resolve("objects/results/bjb-1")))
                .as("no empty folder left")
                .isFalse();
        assertThat(ResultIndex.cached(store, PROJECT, "c2", "h"))
                .as("another job's cache entry")
                .isPresent();
        assertThat(store.getObject("results/bjb-2/b.json")).isPresent();
        assertThat(JobBlobs.delete(store, PROJECT, "bjb-1", List.of("a")))
                .as("deleting twice")
                .isEmpty();
        if (store instanceof Closeable closeable) closeable.close();
    }

    @Test
    void anItemTwoJobsShareKeepsTheEarlierJobsIndexEntryWhenTheLaterJobIsRemoved() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        // bjb-1 processed file f; bjb-2 ran over the same file, skipped it and keeps a copy of its own.
        ProcessingResult first = lineage("bjb-1", "f", "c1");
        ResultIndex.cache(store, first);
        put(store, "results/bjb-1/f.json");
        ProcessingResult copy = ProcessingResult.newBuilder(first)
                .setJobId("bjb-2")
                .setOutputLocation("results/bjb-2/f.json")
                .build();
        ResultIndex.put(store, "f", "h", copy);
        put(store, "results/bjb-2/f.json");

        assertThat(JobBlobs.delete(store, PROJECT, "bjb-2", List.of("f"))).isEmpty();

        assertThat(ResultIndex.results(store, "f", PROJECT))
                .singleElement()
                .satisfies(r -> assertThat(r.getOutputLocation()).isEqualTo("results/bjb-1/f.json"));
        assertThat(ResultIndex.cached(store, PROJECT, "c1", "h")).isPresent();
        JobBlobs.delete(store, PROJECT, "bjb-1", List.of("f"));
        assertThat(ResultIndex.results(store, "f", PROJECT)).isEmpty();
        assertThat(ResultIndex.cached(store, PROJECT, "c1", "h")).isEmpty();
    }

    @Test
    void deletesTheRecordOfTheIdempotencyKeyThatCreatedTheJobAndNoOther() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        String mine = "idempotency/" + "a".repeat(64) + ".json";
        String other = "idempotency/" + "b".repeat(64) + ".json";
        put(store, mine);
        put(store, other);
        store.putObject(JobBlobs.keyRecordOf("bjb-1"), mine.getBytes(StandardCharsets.UTF_8));
        store.putObject(JobBlobs.keyRecordOf("bjb-2"), other.getBytes(StandardCharsets.UTF_8));
        // A reference that names no key record is dropped without deleting what it names.
        store.putObject(JobBlobs.keyRecordOf("bjb-3"), "results/bjb-2/b.json".getBytes(StandardCharsets.UTF_8));
        put(store, "results/bjb-2/b.json");

        JobBlobs.delete(store, PROJECT, "bjb-1", List.of());
        JobBlobs.delete(store, PROJECT, "bjb-3", List.of());

        assertThat(store.getObject(mine)).isEmpty();
        assertThat(store.getObject(JobBlobs.keyRecordOf("bjb-1"))).isEmpty();
        assertThat(store.getObject(other)).as("another job's key").isPresent();
        assertThat(store.getObject(JobBlobs.keyRecordOf("bjb-3"))).isEmpty();
        assertThat(store.getObject("results/bjb-2/b.json")).isPresent();
    }

    @Test
    void keepsACacheEntryALaterJobRefreshed() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        ProcessingResult first = lineage("bjb-1", "a", "c1");
        ResultIndex.put(store, "a", "h", first);
        ResultIndex.cache(store, lineage("bjb-3", "a", "c1")); // invalidate_cache in a later job

        assertThat(JobBlobs.delete(store, PROJECT, "bjb-1", List.of("a"))).isEmpty();
        assertThat(ResultIndex.cached(store, PROJECT, "c1", "h"))
                .hasValueSatisfying(r -> assertThat(r.getJobId()).isEqualTo("bjb-3"));
    }

    private static ProcessingResult lineage(String job, String item, String content) {
        return ProcessingResult.newBuilder()
                .setResultId("r-" + job)
                .setContentHash(content)
                .setParametersHash("h")
                .setItemId(item)
                .setFileId(item)
                .setJobId(job)
                .setProjectId(PROJECT)
                .setJobType(JobType.parse)
                .setJobConfigJson("{}")
                .setOutputLocation("results/" + job + "/" + item + ".json")
                .setProcessedAt(Instant.now())
                .build();
    }

    private static void put(BlobStore store, String key) throws Exception {
        store.putObject(key, key.getBytes(StandardCharsets.UTF_8));
    }
}
