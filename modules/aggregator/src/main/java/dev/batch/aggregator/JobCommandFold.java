package dev.batch.aggregator;

import dev.batch.events.ErrorCode;
import dev.batch.events.ItemState;
import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.RetryRequested;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** How a job's commands change it: a cancel ends its unfinished items, a retry sends its failed ones back. Part of {@link JobFold}. */
final class JobCommandFold {
    private final JobRecords records;

    JobCommandFold(JobRecords records) {
        this.records = records;
    }

    /** Cancels every item not yet finished and ends the job as cancelled; later pages and results change nothing. */
    void onCancel(JobChange change) {
        JobStatus job = change.job();
        if (JobChange.isTerminal(job.getStatus())) return;
        List<JobItem> ended = endUnfinished(change, ItemState.cancelled, null, null);
        job.setCancelledItems(job.getCancelledItems() + ended.size());
        change.moveTo(JobState.cancelled);
    }

    /**
     * Ends every item not yet finished with {@code status}, and fixes the total at the items known so
     * far (an item_ids job knows all of them; a directory job those dispatched): later pages and
     * results of the job change nothing. Returns the items ended; the caller counts them. A cancel
     * ends them so, and so does the watchdog when a job passes its maximum duration.
     */
    List<JobItem> endUnfinished(JobChange change, ItemState status, ErrorCode errorCode, String errorMessage) {
        JobStatus job = change.job();
        long[] known = {0};
        List<JobItem> unfinished = new ArrayList<>();
        records.forEachItem(job.getJobId(), item -> {
            known[0]++;
            if (!JobItems.isTerminal(item.getStatus())) unfinished.add(item);
        });
        JobRequested request = records.request(job.getJobId());
        if (request != null && request.getItemIds() != null) {
            for (String itemId : new LinkedHashSet<>(request.getItemIds())) {
                if (records.item(job.getJobId(), itemId) == null) {
                    known[0]++;
                    unfinished.add(JobItems.notDispatched(job.getJobId(), itemId, change.at()));
                }
            }
        }
        for (JobItem item : unfinished) {
            JobItems.end(item, status, errorCode, errorMessage, change.at());
            records.putItem(job.getJobId(), item);
        }
        job.setTotalItems(known[0]);
        job.setDispatchFinal(true);
        return unfinished;
    }

    /** Sends the failed items of a finished job back to the workers, in the same job, counters updated. */
    void onRetry(JobChange change, RetryRequested retry) {
        JobStatus job = change.job();
        if (job.getStatus() != JobState.completed && job.getStatus() != JobState.failed) return;
        JobRequested request = records.request(job.getJobId());
        if (request == null) return;
        Set<String> only = retry.getItemIds() == null ? null : new HashSet<>(retry.getItemIds());
        List<JobItem> failed = new ArrayList<>();
        records.forEachItem(job.getJobId(), item -> {
            if (item.getStatus() == ItemState.failed && (only == null || only.contains(item.getItemId())))
                failed.add(item);
        });
        if (failed.isEmpty()) return;
        for (JobItem item : failed) {
            JobItems.again(item, change.at());
            records.putItem(job.getJobId(), item);
        }
        change.retry(request, failed);
        job.setFailedItems(job.getFailedItems() - failed.size());
        job.setErrorMessage(null);
        job.setCompletedAt(null);
        change.reopen();
    }
}
