package dev.batch.ingress;

import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import dev.batch.events.Priority;
import java.time.Instant;
import java.util.List;

/**
 * A batch job as the API shows it (the SDK's {@code BatchCreateResponse} / {@code getStatus().job}).
 * Avro types stay behind this mapper.
 */
record JobView(
        String id,
        String jobType,
        String projectId,
        String status,
        long totalItems,
        long processedItems,
        long failedItems,
        long skippedItems,
        String directoryId,
        String errorMessage,
        String createdAt,
        String startedAt,
        String completedAt,
        String updatedAt,
        String effectiveAt,
        String jobRecordId,
        String workflowId,
        String priority,
        List<String> notices) {

    static JobView of(JobStatus s) {
        return new JobView(
                s.getJobId(),
                type(s.getJobType()),
                s.getProjectId(),
                state(s.getStatus()),
                s.getTotalItems(),
                s.getProcessedItems(),
                s.getFailedItems(),
                s.getSkippedItems(),
                s.getDirectoryId(),
                s.getErrorMessage(),
                iso(s.getCreatedAt()),
                iso(s.getStartedAt()),
                iso(s.getCompletedAt()),
                iso(s.getUpdatedAt()),
                iso(s.getEffectiveAt()),
                null,
                s.getJobId(),
                s.getPriority() == null ? null : s.getPriority().name(),
                s.getNotices() == null ? List.of() : List.copyOf(s.getNotices()));
    }

    /**
     * The view of a job just accepted, before the aggregator has seen it: with the priority it will
     * run at and what the check changed ({@code notices}), as the splitter will find them too.
     */
    static JobView accepted(JobRequested r, Priority priority, List<String> notices, long totalItems) {
        String at = iso(r.getRequestedAt());
        return new JobView(
                r.getJobId(),
                type(r.getJobType()),
                r.getProjectId(),
                "pending",
                totalItems,
                0,
                0,
                0,
                r.getDirectoryId(),
                null,
                at,
                null,
                null,
                at,
                at,
                null,
                r.getJobId(),
                priority.name(),
                List.copyOf(notices));
    }

    /** 100 x finished / total; a finished job with no items is 100 %. */
    static double progress(JobStatus s) {
        long finished = s.getProcessedItems() + s.getFailedItems() + s.getSkippedItems() + s.getCancelledItems();
        if (s.getTotalItems() == 0) {
            return s.getStatus() == JobState.completed ? 100.0 : 0.0;
        }
        return Math.min(100.0, 100.0 * finished / s.getTotalItems());
    }

    private static String type(JobType t) {
        return t == JobType.unknown ? "parse" : t.name();
    }

    private static String state(JobState s) {
        return s == JobState.unknown ? "pending" : s.name();
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
