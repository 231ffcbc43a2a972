package dev.batch.common;

import dev.batch.events.ItemTask;
import dev.batch.events.JobConfig;
import dev.batch.events.JobRequested;
import java.time.Instant;

/** The one way an item of a job becomes a task: the splitter's first dispatch and the aggregator's retries. */
public final class ItemTasks {
    private ItemTasks() {}

    /** A task of {@code request}'s job, carrying {@code config}, the job's config as read (its parameters hash included). */
    public static ItemTask of(
            JobRequested request,
            JobConfig config,
            String itemId,
            String fileId,
            String itemName,
            int attempt,
            Instant at) {
        return ItemTask.newBuilder()
                .setJobId(request.getJobId())
                .setProjectId(request.getProjectId())
                .setItemId(itemId)
                .setFileId(fileId)
                .setItemName(itemName)
                .setJobType(request.getJobType())
                .setJobConfigJson(request.getJobConfigJson())
                .setConfigHash(config.getParametersHash())
                .setPriority(request.getPriority())
                .setAttempt(attempt)
                .setDispatchedAt(at)
                .setConfig(config)
                .build();
    }
}
