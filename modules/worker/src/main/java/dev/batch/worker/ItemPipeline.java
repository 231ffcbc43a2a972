package dev.batch.worker;

import dev.batch.common.Ids;
import dev.batch.common.blob.ExternalOutput;
import dev.batch.common.blob.FileStore;
import dev.batch.common.blob.ResultIndex;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.events.ErrorCode;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.events.JobConfig;
import dev.batch.events.JobType;
import dev.batch.events.ProcessingResult;
import dev.batch.events.SkipReason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What every item goes through before and after its document processor: resolve the file (and
 * check it belongs to the job's project), skip it when it is over the size limit or when the same
 * content was already processed with the same parameters ({@code already_processed}, unless the
 * config says {@code invalidate_cache} or {@code do_not_cache}), and record the lineage of a
 * success so the next identical item is skipped and {@code processing-results} can list it.
 */
public final class ItemPipeline implements TaskProcessor {
    private final FileStore files;
    private final DocumentProcessor processor;
    private final long maxItemBytes;
    private final MeterRegistry meters;

    public ItemPipeline(FileStore files, DocumentProcessor processor, long maxItemBytes) {
        this(files, processor, maxItemBytes, new SimpleMeterRegistry());
    }

    /** Counts each item's outcome and times it on {@code meters} ({@code batch_items_total}, {@code batch_item_processing_seconds}). */
    public ItemPipeline(FileStore files, DocumentProcessor processor, long maxItemBytes, MeterRegistry meters) {
        this.files = files;
        this.processor = processor;
        this.maxItemBytes = maxItemBytes;
        this.meters = meters;
    }

    @Override
    public ItemResult process(ItemTask task) throws IOException {
        long t0 = System.nanoTime();
        ItemResult r = processOnce(task);
        String type = task.getJobType().name();
        String status = r.getStatus().name();
        meters.counter("batch.items", "job_type", type, "status", status).increment();
        Timer.builder("batch.item.processing")
                .description("Time to process one item, by outcome")
                .tags("job_type", type, "status", status)
                .publishPercentileHistogram()
                .register(meters)
                .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        return r;
    }

    private ItemResult processOnce(ItemTask task) throws IOException {
        ItemResult.Builder result = ItemResult.newBuilder()
                .setJobId(task.getJobId())
                .setItemId(task.getItemId())
                .setProjectId(task.getProjectId())
                .setFileId(task.getFileId())
                .setItemName(task.getItemName())
                .setParametersHash(task.getConfigHash())
                .setAttempt(task.getAttempt())
                .setStartedAt(Instant.now());
        if (task.getConfig() == null) {
            // Produced without its config: read here once, so the processors and the lineage read typed fields.
            try {
                task = ItemTask.newBuilder(task).setConfig(JobConfigs.of(task)).build();
            } catch (JobRequestValidator.Invalid e) {
                return result.setStatus(ItemState.failed)
                        .setErrorCode(ErrorCode.INVALID_CONFIG)
                        .setErrorMessage(e.getMessage())
                        .setFinishedAt(Instant.now())
                        .build();
            }
        }
        Optional<FileRecord> found = files.find(task.getFileId());
        if (found.isEmpty() || !found.get().getProjectId().equals(task.getProjectId())) {
            return result.setStatus(ItemState.failed)
                    .setErrorCode(ErrorCode.FILE_NOT_FOUND)
                    .setErrorMessage("file " + task.getFileId() + " not found")
                    .setFinishedAt(Instant.now())
                    .build();
        }
        FileRecord file = found.get();
        if (result.getItemName() == null) result.setItemName(file.getName());
        result.setContentHash(file.getContentHash());
        ItemResult unfit = unfit(file, result);
        if (unfit != null) return unfit;
        CachePolicy cache = CachePolicy.of(JobConfigs.of(task));
        if (cache.read) {
            ItemResult cached = cached(task, file, result);
            if (cached != null) return cached;
        }
        ItemResult done = processor.process(task, file, result);
        if (done.getStatus() == ItemState.completed && done.getOutputLocation() != null) {
            ProcessingResult lineage = lineage(task, done);
            if (cache.write) ResultIndex.cache(files.blobs(), lineage);
            index(task, lineage);
        }
        return done;
    }

    /** The result of a file the item cannot be made of (over the size limit, or empty), or null. */
    private ItemResult unfit(FileRecord file, ItemResult.Builder result) {
        if (file.getSize() > maxItemBytes) {
            return result.setStatus(ItemState.skipped)
                    .setSkipReason(SkipReason.size_limit_exceeded)
                    .setErrorMessage("file of " + file.getSize() + " bytes is over the item size limit of "
                            + maxItemBytes + " bytes")
                    .setFinishedAt(Instant.now())
                    .build();
        }
        if (file.getSize() == 0) {
            return result.setStatus(ItemState.failed)
                    .setErrorCode(ErrorCode.EMPTY_FILE)
                    .setErrorMessage("the file is empty (0 bytes)")
                    .setFinishedAt(Instant.now())
                    .build();
        }
        return null;
    }

    /** The result of a content processed before with the same parameters, from its lineage; null if none. */
    private ItemResult cached(ItemTask task, FileRecord file, ItemResult.Builder result) throws IOException {
        Optional<ProcessingResult> previous =
                ResultIndex.cached(files.blobs(), task.getProjectId(), file.getContentHash(), task.getConfigHash());
        if (previous.isEmpty()) return null;
        ProcessingResult lineage = previous.get();
        if (task.getJobId().equals(lineage.getJobId()) && task.getItemId().equals(lineage.getItemId())) {
            // This very item, processed by an attempt whose result was never committed (a crash or a
            // rebalance in between): it is done, not "already processed" by someone else.
            return result.setStatus(ItemState.completed)
                    .setOutputLocation(lineage.getOutputLocation())
                    .setFinishedAt(Instant.now())
                    .build();
        }
        if (!task.getJobId().equals(lineage.getJobId())) {
            // The earlier job's result goes with that job: this job keeps a copy of its own.
            Optional<ProcessingResult> own = AdoptedResults.adopt(files.blobs(), task, lineage);
            if (own.isEmpty()) return null;
            lineage = own.get();
        }
        ItemResult skipped = result.setStatus(ItemState.skipped)
                .setSkipReason(SkipReason.already_processed)
                .setOutputLocation(lineage.getOutputLocation())
                .setFinishedAt(Instant.now())
                .build();
        index(task, lineage);
        return skipped;
    }

    /** The lineage record of a completed result; the worker also publishes it on batch.processing-results. */
    static ProcessingResult lineage(ItemTask task, ItemResult done) {
        // Only a parse writes the copy under output_s3_path_prefix.
        String prefix = task.getJobType() == JobType.parse ? JobConfigs.of(task).getOutputS3PathPrefix() : null;
        String external = prefix == null
                ? null
                : ExternalOutput.target(prefix, task.getJobId(), task.getItemId())
                        .toString();
        return ProcessingResult.newBuilder()
                .setResultId(Ids.stable(task.getProjectId() + ":" + done.getContentHash() + ":" + task.getConfigHash()))
                .setContentHash(done.getContentHash())
                .setParametersHash(task.getConfigHash())
                .setItemId(task.getItemId())
                .setItemName(done.getItemName())
                .setFileId(task.getFileId())
                .setJobId(task.getJobId())
                .setProjectId(task.getProjectId())
                .setJobType(task.getJobType())
                .setJobConfigJson(task.getJobConfigJson())
                .setOutputLocation(done.getOutputLocation())
                .setProcessedAt(done.getFinishedAt())
                .setExternalLocation(external)
                .build();
    }

    /** The key of a lineage record on batch.processing-results: one per project, content and parameters. */
    static String lineageKey(ProcessingResult lineage) {
        return lineage.getProjectId() + ":" + lineage.getContentHash() + ":" + lineage.getParametersHash();
    }

    /** Per-item index of results: what {@code GET items/{id}/processing-results} lists. */
    private void index(ItemTask task, ProcessingResult lineage) throws IOException {
        ResultIndex.put(files.blobs(), task.getItemId(), task.getConfigHash(), lineage);
    }

    /** {@code invalidate_cache}: process again and refresh the cache; {@code do_not_cache}: neither read nor write it. */
    record CachePolicy(boolean read, boolean write) {
        static CachePolicy of(JobConfig config) {
            return new CachePolicy(!config.getDoNotCache() && !config.getInvalidateCache(), !config.getDoNotCache());
        }
    }
}
