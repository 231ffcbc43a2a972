package dev.batch.common.query;

import dev.batch.events.ItemState;
import dev.batch.events.JobItem;
import dev.batch.events.JobOrigin;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import java.util.List;
import java.util.Optional;

/**
 * Reads job state from the aggregator's stores, on this instance or on the one that owns the job.
 * Throws {@link NotAvailableException} while a store is rebuilding or moving; the HTTP edge answers
 * 503 with Retry-After, which the SDKs retry.
 */
public interface JobQueries {
    Optional<JobStatus> job(String jobId);

    /** The request a job was created from (its config), if the job exists. */
    Optional<JobRequested> request(String jobId);

    /** A project's jobs, newest first, filtered; {@code total} counts every match. */
    Slice<JobStatus> jobs(String projectId, JobFilter filter, int offset, int limit);

    /** One item of a job, if the job has it. */
    Optional<JobItem> item(String jobId, String itemId);

    /** A job's items in item id order, optionally only those in one state. */
    Slice<JobItem> items(String jobId, ItemState status, int offset, int limit);

    /** Which jobs a list shows; a null component matches any value. */
    record JobFilter(String directoryId, JobType jobType, JobState status, JobOrigin origin) {
        public boolean matches(JobStatus s) {
            return (directoryId == null || directoryId.equals(s.getDirectoryId()))
                    && (jobType == null || jobType == s.getJobType())
                    && (status == null || status == s.getStatus())
                    && (origin == null || origin == s.getOrigin());
        }
    }

    record Slice<T>(List<T> items, long total) {}
}
