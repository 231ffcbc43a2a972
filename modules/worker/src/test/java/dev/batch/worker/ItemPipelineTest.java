package dev.batch.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.blob.BlobStore;
import dev.batch.common.blob.FileStore;
import dev.batch.common.blob.JobBlobs;
import dev.batch.common.blob.LocalBlobStore;
import dev.batch.common.blob.ResultIndex;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.events.ErrorCode;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.events.JobType;
import dev.batch.events.SkipReason;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every item goes through around its parse: the result cache and its lineage. */
class ItemPipelineTest {
    @TempDir
    Path blobs;

    @Test
    void completesAnItemProcessedAgainAfterItsFirstResultWasLostButSkipsItForAnotherJob() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        storeFile(files, "the same words, twice");
        ItemPipeline pipeline = new ItemPipeline(files, new ParseProcessor(files), Long.MAX_VALUE);

        ItemResult first = pipeline.process(task("bjb-one"));
        assertThat(first.getStatus()).isEqualTo(ItemState.completed);
        // The worker died before committing that result: the task comes again, to the same job.
        ItemResult again = pipeline.process(task("bjb-one"));
        assertThat(again.getStatus()).isEqualTo(ItemState.completed);
        assertThat(again.getOutputLocation()).isEqualTo(first.getOutputLocation());
        // Another job with the same content and parameters is what the cache is for.
        ItemResult other = pipeline.process(task("bjb-two"));
        assertThat(other.getStatus()).isEqualTo(ItemState.skipped);
        assertThat(other.getSkipReason()).isEqualTo(SkipReason.already_processed);
    }

    @Test
    void anItemSkippedAsAlreadyProcessedKeepsItsResultWhenTheEarlierJobIsRemoved() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        storeFile(files, "words the second job skips");
        ItemPipeline pipeline = new ItemPipeline(files, new ParseProcessor(files), Long.MAX_VALUE);
        ItemResult first = pipeline.process(task("bjb-one"));
        ItemResult skipped = pipeline.process(task("bjb-two"));
        assertThat(skipped.getSkipReason()).isEqualTo(SkipReason.already_processed);
        assertThat(skipped.getOutputLocation()).startsWith("results/bjb-two/");

        JobBlobs.delete(files.blobs(), "proj", "bjb-one", List.of("file-1"));

        assertThat(files.blobs().getObject(first.getOutputLocation())).isEmpty();
        assertThat(files.blobs().getObject(skipped.getOutputLocation()))
                .hasValueSatisfying(json ->
                        assertThat(new String(json, StandardCharsets.UTF_8)).contains("words the second job skips"));
        assertThat(ResultIndex.results(files.blobs(), "file-1", "proj"))
                .singleElement()
                .satisfies(r -> assertThat(r.getOutputLocation()).isEqualTo(skipped.getOutputLocation()));
        JobBlobs.delete(files.blobs(), "proj", "bjb-two", List.of("file-1"));
        assertThat(files.blobs().getObject(skipped.getOutputLocation())).isEmpty();
        assertThat(ResultIndex.results(files.blobs(), "file-1", "proj")).isEmpty();
    }

    @Test
    void processesAnItemAgainWhenTheCachedResultIsGoneWithItsJob() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        storeFile(files, "words whose first result goes");
        ItemPipeline pipeline = new ItemPipeline(files, new ParseProcessor(files), Long.MAX_VALUE);
        ItemResult first = pipeline.process(task("bjb-one"));
        // Its job is being removed: the result went before the cache entry.
        files.blobs().deleteObject(first.getOutputLocation());

        ItemResult again = pipeline.process(task("bjb-two"));
        assertThat(again.getStatus()).isEqualTo(ItemState.completed);
        assertThat(again.getSkipReason()).isNull();
        assertThat(again.getOutputLocation()).startsWith("results/bjb-two/");
    }

    @Test
    void processesTheSameContentAgainForAnotherProjectAndNeverServesItTheFirstProjectsResult() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        storeFile(files, "file-1", "proj", "the same bytes in two projects");
        storeFile(files, "file-2", "other", "the same bytes in two projects");
        ItemPipeline pipeline = new ItemPipeline(files, new ParseProcessor(files), Long.MAX_VALUE);

        ItemResult first = pipeline.process(task("bjb-one", "proj", "file-1"));
        ItemResult other = pipeline.process(task("bjb-two", "other", "file-2"));

        assertThat(first.getStatus()).isEqualTo(ItemState.completed);
        assertThat(other.getStatus())
                .as("the other project's item is parsed for itself")
                .isEqualTo(ItemState.completed);
        assertThat(other.getSkipReason()).isNull();
        assertThat(other.getOutputLocation()).isNotEqualTo(first.getOutputLocation());
        assertThat(List.of(first, other))
                .as("a result names its task's project")
                .extracting(ItemResult::getProjectId)
                .containsExactly("proj", "other");
        assertThat(ResultIndex.results(files.blobs(), "file-2", "other"))
                .singleElement()
                .satisfies(r -> assertThat(r.getJobId()).isEqualTo("bjb-two"));
        // Each project's own second job is what its cache is for.
        assertThat(pipeline.process(task("bjb-three", "other", "file-2")).getSkipReason())
                .isEqualTo(SkipReason.already_processed);
    }

    /** {@code file-1} of project {@code proj}, a text file holding {@code text}. */
    private static BlobStore.StoredContent storeFile(FileStore files, String text) throws Exception {
        return storeFile(files, "file-1", "proj", text);
    }

    private static BlobStore.StoredContent storeFile(FileStore files, String fileId, String project, String text)
            throws Exception {
        BlobStore.StoredContent content = files.blobs()
                .putContent(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Long.MAX_VALUE);
        files.put(FileRecord.newBuilder()
                .setFileId(fileId)
                .setProjectId(project)
                .setName("words.txt")
                .setContentHash(content.sha256())
                .setSize(content.size())
                .setCreatedAt(Instant.now())
                .build());
        return content;
    }

    @Test
    void readsTheCacheSwitchesFromTheTasksConfig() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        storeFile(files, "words read under three configs");
        ItemPipeline pipeline = new ItemPipeline(files, new ParseProcessor(files), Long.MAX_VALUE);
        assertThat(pipeline.process(task("bjb-one")).getStatus()).isEqualTo(ItemState.completed);

        ItemTask invalidate = task("bjb-two");
        invalidate.setConfig(JobConfigs.read("{\"parameters\": {\"invalidate_cache\": true}}", JobType.parse));
        assertThat(pipeline.process(invalidate).getStatus())
                .as("processed again")
                .isEqualTo(ItemState.completed);
        ItemTask noCache = task("bjb-three");
        noCache.setConfig(JobConfigs.read("{\"parameters\": {\"do_not_cache\": true}}", JobType.parse));
        assertThat(pipeline.process(noCache).getStatus()).isEqualTo(ItemState.completed);
        assertThat(pipeline.process(task("bjb-four")).getSkipReason())
                .as("the cache kept")
                .isEqualTo(SkipReason.already_processed);
    }

    @Test
    void aTaskProducedWithAConfigItCannotReadFailsNamingTheField() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        storeFile(files, "words");
        ItemTask task = task("bjb-one");
        task.setJobConfigJson("{\"parameters\": {\"job_timeout_in_seconds\": 1e300}}");
        ItemResult r = new ItemPipeline(files, new ParseProcessor(files), Long.MAX_VALUE).process(task);
        assertThat(r.getStatus()).isEqualTo(ItemState.failed);
        assertThat(r.getErrorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(r.getErrorMessage())
                .isEqualTo("job_config.parameters.job_timeout_in_seconds: must be a number from 0.1 to 86400");
    }

    @Test
    void aParseResultsLineageNamesItsCopyUnderTheOutputPrefix() {
        ItemTask task = task("bjb-one");
        task.setConfig(JobConfigs.read(
                "{\"parameters\": {\"output_s3_path_prefix\": \"s3://exports/run-1/\"}}", JobType.parse));
        ItemResult done = ItemResult.newBuilder()
                .setJobId("bjb-one")
                .setItemId("file-1")
                .setStatus(ItemState.completed)
                .setContentHash("c")
                .setOutputLocation("results/bjb-one/file-1.json")
                .setFinishedAt(Instant.now())
                .build();
        assertThat(ItemPipeline.lineage(task, done).getExternalLocation())
                .isEqualTo("s3://exports/run-1/bjb-one/file-1.json");
        assertThat(ItemPipeline.lineage(task("bjb-one"), done).getExternalLocation())
                .isNull();
    }

    private static ItemTask task(String job) {
        return task(job, "proj", "file-1");
    }

    private static ItemTask task(String job, String project, String fileId) {
        return ItemTask.newBuilder()
                .setJobId(job)
                .setProjectId(project)
                .setItemId(fileId)
                .setFileId(fileId)
                .setJobType(JobType.parse)
                .setJobConfigJson("{}")
                .setConfigHash("h")
                .setDispatchedAt(Instant.now())
                .build();
    }
}
