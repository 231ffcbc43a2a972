package dev.batch.aggregator;

import dev.batch.aggregator.DeadlineStore.Deadline;
import dev.batch.events.ErrorCode;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.JobItem;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/** How {@link JobFold} changes one item of a job. */
final class JobItems {
    private static final Set<ItemState> TERMINAL =
            EnumSet.of(ItemState.completed, ItemState.failed, ItemState.skipped, ItemState.cancelled);

    private JobItems() {}

    /** Whether an item in this state is finished: counted, and changed by no later result. */
    static boolean isTerminal(ItemState state) {
        return TERMINAL.contains(state);
    }

    /** The item as its final result {@code r} leaves it; {@code item} is what was known before, or null. */
    static JobItem finished(String jobId, JobItem item, ItemResult r, Instant at) {
        return JobItem.newBuilder()
                .setJobId(jobId)
                .setItemId(r.getItemId())
                .setItemName(r.getItemName() != null ? r.getItemName() : item == null ? null : item.getItemName())
                .setFileId(r.getFileId() != null ? r.getFileId() : item == null ? null : item.getFileId())
                .setAttempt(r.getAttempt())
                .setStartedAt(r.getStartedAt())
                .setCompletedAt(r.getFinishedAt())
                .setStatus(r.getStatus())
                .setDispatched(item != null && item.getDispatched())
                .setSkipReason(r.getSkipReason())
                .setErrorCode(r.getErrorCode())
                .setErrorMessage(r.getErrorMessage())
                .setOutputLocation(r.getOutputLocation())
                .setParametersHash(r.getParametersHash())
                .setUpdatedAt(at)
                .build();
    }

    /** The result the watchdog gives an item that has not reported by its deadline. */
    static ItemResult timedOut(JobItem item, Deadline deadline, Instant now) {
        return ItemResult.newBuilder()
                .setJobId(deadline.jobId())
                .setItemId(deadline.itemId())
                .setFileId(item.getFileId())
                .setItemName(item.getItemName())
                .setStatus(ItemState.failed)
                .setAttempt(deadline.attempt())
                .setStartedAt(item.getStartedAt())
                .setFinishedAt(now)
                .setErrorCode(ErrorCode.TIMEOUT)
                .setErrorMessage("timed out: no result " + deadline.limit()
                        + " after the item started (twice its time limit plus grace); "
                        + "the worker may have died on it")
                .build();
    }

    /** An item of an item_ids job that no dispatch page has named yet (its file id is its item id). */
    static JobItem notDispatched(String jobId, String itemId, Instant at) {
        return JobItem.newBuilder()
                .setJobId(jobId)
                .setItemId(itemId)
                .setFileId(itemId)
                .setStatus(ItemState.pending)
                .setUpdatedAt(at)
                .build();
    }

    /** Ends an unfinished item without a result: cancelled, or failed by the watchdog. */
    static void end(JobItem item, ItemState status, ErrorCode errorCode, String errorMessage, Instant at) {
        item.setStatus(status);
        item.setErrorCode(errorCode);
        item.setErrorMessage(errorMessage);
        item.setUpdatedAt(at);
        item.setCompletedAt(at);
    }

    /** Makes a failed item pending again, as its next attempt. */
    static void again(JobItem item, Instant at) {
        item.setStatus(ItemState.pending);
        item.setAttempt(item.getAttempt() + 1);
        item.setErrorCode(null);
        item.setErrorMessage(null);
        item.setCompletedAt(null);
        item.setUpdatedAt(at);
    }
}
