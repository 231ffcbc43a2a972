package dev.batch.worker;

import dev.batch.common.Ids;
import dev.batch.common.blob.BlobStore;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.events.ItemTask;
import dev.batch.events.JobType;
import dev.batch.events.ProcessingResult;
import dev.batch.worker.parse.ParseOptions;
import java.io.IOException;
import java.util.Optional;

/**
 * The result an item skipped as {@code already_processed} keeps: a copy of the earlier job's result
 * (and of the page images its parse saved) under the skipping job's own keys. A job's blobs go
 * when its retention ends or it is deleted, so a result that still pointed into the earlier job
 * would vanish with it while the later job lives on.
 */
final class AdoptedResults {
    private AdoptedResults() {}

    /**
     * Copies {@code earlier}'s result for {@code task}'s item and returns the lineage of the copy,
     * which the item's result index records; empty when the earlier result is gone (its job is
     * being removed), so the item is processed again.
     */
    static Optional<ProcessingResult> adopt(BlobStore blobs, ItemTask task, ProcessingResult earlier)
            throws IOException {
        Optional<byte[]> result = blobs.getObject(earlier.getOutputLocation());
        if (result.isEmpty()) return Optional.empty();
        String key = "results/" + task.getJobId() + "/" + task.getItemId() + ".json";
        if (task.getJobType() == JobType.parse
                && !ParseOptions.of(JobConfigs.of(task)).imagesToSave().isEmpty()) {
            copyImages(blobs, earlier, task);
        }
        blobs.putObject(key, result.get());
        return Optional.of(ProcessingResult.newBuilder(earlier)
                .setJobId(task.getJobId())
                .setItemId(task.getItemId())
                .setFileId(task.getFileId())
                .setOutputLocation(key)
                .build());
    }

    /** The saved images sit under the parse job's id, which the result's image names are relative to. */
    private static void copyImages(BlobStore blobs, ProcessingResult earlier, ItemTask task) throws IOException {
        String from = "images/" + Ids.parseJob(earlier.getJobId(), earlier.getItemId());
        String to = "images/" + Ids.parseJob(task.getJobId(), task.getItemId());
        for (String key : blobs.listObjects(from)) {
            Optional<byte[]> image = blobs.getObject(key);
            if (image.isPresent()) blobs.putObject(to + key.substring(from.length()), image.get());
        }
    }
}
