package dev.batch.aggregator;

import dev.batch.aggregator.DeadlineStore.Deadline;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.events.CancelRequested;
import dev.batch.events.DispatchedItem;
import dev.batch.events.ErrorCode;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobCommand;
import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import dev.batch.events.RetryRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How each input changes a job: requests, dispatch pages, item results, commands and the
 * watchdog's timeouts fold into one {@link JobStatus} per job and one {@link JobItem} per item.
 * Knows nothing of Kafka Streams: it reads and writes items and requests through
 * {@link JobRecords} and returns what to send as a {@link JobChange}.
 *
 * <p>Invariants: an item is counted once, when it first reaches a terminal state (a second result
 * for it is ignored); {@code total_items} only grows and is final once a final dispatch page is
 * seen; a job is terminal exactly when dispatch is final and every item is finished, and then its
 * counters add up to {@code total_items}. Inputs may arrive in any order across the four topics
 * (a result before its dispatch page, a page before the request), so every handler works from
 * whatever the stores already hold.
 */
final class JobFold {
    private static final Logger log = LoggerFactory.getLogger(JobFold.class);

    private final JobRecords records;
    private final Watchdog watchdog;
    private final JobCommandFold commands;

    JobFold(JobRecords records, Watchdog watchdog) {
        this.records = records;
        this.watchdog = watchdog;
        this.commands = new JobCommandFold(records);
    }

    /** What {@code value}, read at {@code at} under key {@code jobId}, does to the job that was {@code before} (null: not seen yet). */
    JobChange apply(String jobId, JobStatus before, SpecificRecord value, Instant at) {
        JobChange change = JobChange.of(jobId, before, at);
        if (value instanceof JobRequested r) {
            onRequested(change, r);
        } else if (value instanceof ItemsDispatched d) {
            onDispatched(change, d);
        } else if (value instanceof ItemResult r) {
            onResult(change, r);
        } else if (value instanceof JobCommand c) {
            if (before == null || !jobId.equals(c.getJobId())) {
                log.info("Ignoring a command for unknown job {}", jobId);
                return JobChange.none(before, at);
            }
            if (c.getCommand() instanceof CancelRequested) commands.onCancel(change);
            else if (c.getCommand() instanceof RetryRequested r) commands.onRetry(change, r);
        } else {
            log.warn("Ignoring an unexpected {} for job {}", value.getClass().getSimpleName(), jobId);
            return JobChange.none(before, at);
        }
        return finish(change);
    }

    /** The result that fails an item whose deadline passed, or null when it reported in time (or its job ended). */
    ItemResult itemTimeout(JobStatus job, Deadline deadline, Instant now) {
        JobItem item = records.item(deadline.jobId(), deadline.itemId());
        if (job == null
                || JobChange.isTerminal(job.getStatus())
                || item == null
                || item.getStatus() != ItemState.processing
                || item.getAttempt() != deadline.attempt()) {
            return null;
        }
        log.warn(
                "Watchdog: item {} of job {} has not reported since {}; failing it",
                deadline.itemId(),
                deadline.jobId(),
                item.getStartedAt());
        return JobItems.timedOut(item, deadline, now);
    }

    /** A job past its maximum duration: its unfinished items fail with a timeout and it ends. */
    JobChange expireJob(JobStatus before, Instant now) {
        if (before == null || JobChange.isTerminal(before.getStatus())) return JobChange.none(before, now);
        JobChange change = JobChange.of(before.getJobId(), before, now);
        JobStatus job = change.job();
        String why = "timed out: the job did not finish within " + watchdog.jobMaxDuration()
                + " of its request (BATCH_JOB_MAX_DURATION)";
        log.warn("Watchdog: job {} is still {}; failing its unfinished items", job.getJobId(), job.getStatus());
        List<JobItem> failed = commands.endUnfinished(
                change, ItemState.failed, ErrorCode.TIMEOUT, "timed out: no result before the job's deadline");
        job.setFailedItems(job.getFailedItems() + failed.size());
        job.setErrorMessage(why);
        if (job.getJobType() != JobType.unknown) {
            for (JobItem item : failed) change.itemFailed(item);
        }
        if (job.getStatus() == JobState.pending) change.moveTo(JobState.running);
        if (job.getStatus() == JobState.running) change.moveTo(JobState.dispatched);
        return finish(change);
    }

    private void onRequested(JobChange change, JobRequested r) {
        JobStatus job = change.job();
        if (job.getProjectId() != null) {
            return; // a duplicate request (a producer retry, or the same event produced twice) changes nothing
        }
        records.putRequest(job.getJobId(), r);
        change.watch(Deadline.job(job.getJobId(), change.at().plus(watchdog.jobMaxDuration())));
        if (r.getItemIds() != null && !job.getDispatchFinal()) {
            job.setTotalItems(Math.max(job.getTotalItems(), new HashSet<>(r.getItemIds()).size()));
        }
        job.setProjectId(r.getProjectId());
        job.setJobType(r.getJobType());
        job.setDirectoryId(r.getDirectoryId());
        job.setCorrelationId(r.getCorrelationId());
        job.setOrigin(r.getOrigin());
        job.setCreatedAt(r.getRequestedAt());
        if (job.getStatus() == JobState.pending) {
            job.setEffectiveAt(r.getRequestedAt());
            change.announce(null);
        }
        // Items that failed before their job's request was read: their events needed the job's type.
        List<JobItem> failedEarly = new ArrayList<>();
        records.forEachItem(job.getJobId(), item -> {
            if (item.getStatus() == ItemState.failed) failedEarly.add(item);
        });
        for (JobItem item : failedEarly) change.itemFailed(item);
    }

    private void onDispatched(JobChange change, ItemsDispatched d) {
        JobStatus job = change.job();
        if (JobChange.isTerminal(job.getStatus())) {
            return;
        }
        if (d.getPriority() != null) job.setPriority(d.getPriority());
        if (d.getNotices() != null && !d.getNotices().isEmpty()) {
            LinkedHashSet<String> notices =
                    new LinkedHashSet<>(job.getNotices() == null ? List.of() : job.getNotices());
            notices.addAll(d.getNotices());
            job.setNotices(new ArrayList<>(notices));
        }
        if (d.getErrorMessage() != null) {
            job.setDispatchFinal(true);
            job.setTotalItems(0);
            job.setErrorMessage(d.getErrorMessage());
            change.moveTo(JobState.failed);
            return;
        }
        for (DispatchedItem dispatched : d.getItems()) {
            JobItem item = records.item(job.getJobId(), dispatched.getItemId());
            if (item == null) {
                records.putItem(
                        job.getJobId(),
                        JobItem.newBuilder()
                                .setJobId(job.getJobId())
                                .setItemId(dispatched.getItemId())
                                .setFileId(dispatched.getFileId())
                                .setItemName(dispatched.getItemName())
                                .setStatus(ItemState.pending)
                                .setDispatched(true)
                                .setUpdatedAt(change.at())
                                .build());
            } else if (!item.getDispatched()) {
                item.setDispatched(true); // its result came first
                records.putItem(job.getJobId(), item);
            }
        }
        job.setTotalItems(Math.max(job.getTotalItems(), d.getTotalDispatched()));
        if (job.getStatus() == JobState.pending) {
            job.setStartedAt(change.at());
            change.moveTo(JobState.running);
        }
        if (d.getFinalPage() && !job.getDispatchFinal()) {
            job.setDispatchFinal(true);
            job.setTotalItems(d.getTotalDispatched());
            change.moveTo(JobState.dispatched);
        }
    }

    private void onResult(JobChange change, ItemResult r) {
        JobStatus job = change.job();
        JobItem item = records.item(job.getJobId(), r.getItemId());
        if (JobChange.isTerminal(job.getStatus())) {
            return; // a cancelled job's late results, or a duplicate after the end: nothing changes
        }
        if (item != null && JobItems.isTerminal(item.getStatus())) {
            return; // counted already: a redelivered or duplicate result
        }
        if (item != null && r.getAttempt() < item.getAttempt()) {
            return; // a late result of an attempt that a retry has replaced
        }
        if (!JobItems.isTerminal(r.getStatus())) {
            if (item != null) onNotice(change, item, r);
            return;
        }
        if (item != null && item.getStatus() == ItemState.processing && item.getStartedAt() != null) {
            change.unwatch(itemDeadline(job.getJobId(), item, item.getStartedAt()));
        }
        JobItem next = JobItems.finished(job.getJobId(), item, r, change.at());
        records.putItem(job.getJobId(), next);
        switch (r.getStatus()) {
            case completed -> job.setProcessedItems(job.getProcessedItems() + 1);
            case failed -> {
                job.setFailedItems(job.getFailedItems() + 1);
                if (job.getJobType() != JobType.unknown) change.itemFailed(next);
            }
            case skipped -> job.setSkippedItems(job.getSkippedItems() + 1);
            case cancelled -> job.setCancelledItems(job.getCancelledItems() + 1);
            default -> {}
        }
    }

    /** A "processing" notice: shown on the item, counted nowhere; the first one starts the item's deadline. */
    private void onNotice(JobChange change, JobItem item, ItemResult r) {
        String jobId = change.job().getJobId();
        boolean first = item.getStatus() != ItemState.processing;
        item.setStatus(r.getStatus());
        item.setStartedAt(r.getStartedAt());
        item.setUpdatedAt(change.at());
        records.putItem(jobId, item);
        if (first && r.getStatus() == ItemState.processing) {
            change.watch(itemDeadline(jobId, item, r.getStartedAt() != null ? r.getStartedAt() : change.at()));
        }
    }

    /** The watchdog's deadline of an item that started processing at {@code started}. */
    private Deadline itemDeadline(String jobId, JobItem item, Instant started) {
        JobRequested request = records.request(jobId);
        Instant deadline = watchdog.itemDeadline(started, request == null ? null : JobConfigs.of(request));
        return Deadline.item(
                jobId,
                item.getItemId(),
                item.getAttempt(),
                deadline,
                Duration.between(started, deadline).toSeconds() + " s");
    }

    /** Ends the job once dispatch is final and every item is finished, and stamps a changed job. */
    private JobChange finish(JobChange change) {
        JobStatus job = change.job();
        long finished =
                job.getProcessedItems() + job.getFailedItems() + job.getSkippedItems() + job.getCancelledItems();
        if (!JobChange.isTerminal(job.getStatus()) && job.getDispatchFinal() && finished >= job.getTotalItems()) {
            if (job.getTotalItems() > 0 && job.getFailedItems() == job.getTotalItems()) {
                if (job.getErrorMessage() == null) job.setErrorMessage("all " + job.getTotalItems() + " items failed");
                change.moveTo(JobState.failed);
            } else {
                change.moveTo(JobState.completed);
            }
        }
        if (change.changed()) job.setUpdatedAt(change.at());
        return change;
    }
}
