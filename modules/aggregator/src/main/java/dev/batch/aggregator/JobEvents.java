package dev.batch.aggregator;

import dev.batch.common.Ids;
import dev.batch.events.JobEvent;
import dev.batch.events.JobItem;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import java.time.Instant;

/** The events on {@code batch.job-events}, named as LlamaCloud names its webhook events. */
final class JobEvents {
    private JobEvents() {}

    /** The job entered the state it now has, coming from {@code from} (null for its first event). */
    static JobEvent statusChanged(JobStatus job, JobState from, Instant at) {
        // A retry reopens a finished job: its second completion is a new event, not a replay of the first.
        return event(job, job.getJobId() + ":" + job.getStatus() + ":" + at.toEpochMilli(), eventName(job), at)
                .setPreviousStatus(from)
                .build();
    }

    /** Beyond LlamaCloud: {@code <job_type>.item_failed}, one per failed item (each attempt), with its error. */
    static JobEvent itemFailed(JobStatus job, JobItem item, Instant at) {
        return event(
                        job,
                        job.getJobId() + ":item_failed:" + item.getItemId() + ":" + item.getAttempt(),
                        job.getJobType().name() + ".item_failed",
                        at)
                .setItemId(item.getItemId())
                .setItemName(item.getItemName())
                .setErrorCode(item.getErrorCode())
                .setErrorMessage(item.getErrorMessage())
                .build();
    }

    /** LlamaCloud's webhook event names: {@code <job_type>.<event>}. */
    static String eventName(JobStatus job) {
        String suffix = switch (job.getStatus()) {
            case pending -> "pending";
            case running -> "running";
            case dispatched -> "dispatched";
            case completed -> job.getFailedItems() > 0 ? "partial_success" : "success";
            case failed -> "error";
            case cancelled -> "cancelled";
            default -> null;
        };
        // The SDK's name for a state without one, as a receiver subscribes to it: no job type before it.
        if (suffix == null) return "unmapped_event";
        String type =
                job.getJobType() == JobType.unknown ? "parse" : job.getJobType().name();
        return type + "." + suffix;
    }

    /** An event of the job as it stands: its id derived from {@code idSource}, so a replay gives the same id. */
    private static JobEvent.Builder event(JobStatus job, String idSource, String name, Instant at) {
        return JobEvent.newBuilder()
                .setEventId(Ids.stable(idSource))
                .setEventName(name)
                .setJobId(job.getJobId())
                .setProjectId(job.getProjectId())
                .setJobType(job.getJobType())
                .setStatus(job.getStatus())
                .setTotalItems(job.getTotalItems())
                .setProcessedItems(job.getProcessedItems())
                .setFailedItems(job.getFailedItems())
                .setSkippedItems(job.getSkippedItems())
                .setCancelledItems(job.getCancelledItems())
                .setOccurredAt(at);
    }
}
