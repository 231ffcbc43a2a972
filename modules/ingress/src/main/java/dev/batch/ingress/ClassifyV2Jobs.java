package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.Ids;
import dev.batch.common.blob.BlobStore;
import dev.batch.common.query.JobQueries;
import dev.batch.events.ItemState;
import dev.batch.events.JobItem;
import dev.batch.events.JobOrigin;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Standalone classify jobs as the v2 API shows them: a {@code cjb-} job is the one-item classify
 * batch job of the same id with origin {@code classify_v2}, plus its {@link ClassifyV2Records record}.
 * Its status and result come from the job's one item.
 */
final class ClassifyV2Jobs {
    private static final JobQueries.JobFilter V2_JOBS =
            new JobQueries.JobFilter(null, JobType.classify, null, JobOrigin.classify_v2);
    private final JobQueries jobs;
    private final StandaloneRecords<ClassifyV2Records.Job> records;
    private final BlobStore blobs;

    ClassifyV2Jobs(JobQueries jobs, StandaloneRecords<ClassifyV2Records.Job> records, BlobStore blobs) {
        this.jobs = jobs;
        this.records = records;
        this.blobs = blobs;
    }

    /** A job and its record; the status is a pending one while the aggregator has not folded the request yet. */
    record Found(ClassifyV2Records.Job record, JobStatus status) {}

    /** The SDK's status of a job, why it failed, and the key of its classification once it has one. */
    record Outcome(String status, String errorMessage, String resultKey) {}

    Optional<Found> find(String id, String project) throws IOException {
        Optional<String> batchJobId = Ids.classifyJobRef(id);
        if (batchJobId.isEmpty()) return Optional.empty();
        Optional<ClassifyV2Records.Job> record = records.get(id, project);
        if (record.isEmpty()) return Optional.empty();
        Optional<JobStatus> status = jobs.job(batchJobId.get())
                .filter(s -> project.equals(s.getProjectId()) && s.getOrigin() == JobOrigin.classify_v2);
        return Optional.of(new Found(record.get(), status.orElseGet(() -> pending(record.get()))));
    }

    /** The job of a listed status, if it has a record (the moment between publishing and writing it, it has not). */
    Optional<Found> find(JobStatus status) throws IOException {
        return records.get(Ids.classifyJob(status.getJobId()), status.getProjectId())
                .map(r -> new Found(r, status));
    }

    /** Every standalone classify job of the project, as the aggregator has them. */
    List<JobStatus> all(String project) {
        return jobs.jobs(project, V2_JOBS, 0, Integer.MAX_VALUE).items();
    }

    Outcome outcome(Found found) {
        JobStatus s = found.status();
        switch (s.getStatus()) {
            case pending:
                return new Outcome("PENDING", null, null);
            case running, dispatched:
                return new Outcome("RUNNING", null, null);
            case cancelled:
                return new Outcome(
                        "FAILED", "cancelled" + (s.getErrorMessage() == null ? "" : ": " + s.getErrorMessage()), null);
            default:
                break;
        }
        Optional<JobItem> item = jobs.item(s.getJobId(), found.record().itemId());
        if (item.isPresent() && answered(item.get()))
            return new Outcome("COMPLETED", null, item.get().getOutputLocation());
        String why = item.map(JobItem::getErrorMessage).orElse(null);
        if (why == null && item.isPresent() && item.get().getSkipReason() != null)
            why = "skipped: " + item.get().getSkipReason().name();
        if (why == null) why = s.getErrorMessage() != null ? s.getErrorMessage() : "the classification failed";
        return new Outcome("FAILED", why, null);
    }

    /** Classified now, or skipped because the same file was classified with the same rules before. */
    private static boolean answered(JobItem item) {
        return item.getOutputLocation() != null
                && (item.getStatus() == ItemState.completed || item.getStatus() == ItemState.skipped);
    }

    ClassifyV2View view(Found found) throws IOException {
        Outcome outcome = outcome(found);
        return ClassifyV2View.of(found.record(), found.status(), outcome, result(outcome.resultKey()));
    }

    private JsonNode result(String key) throws IOException {
        if (key == null) return null;
        Optional<byte[]> stored = blobs.getObject(key);
        return stored.isEmpty() ? null : Json.MAPPER.readTree(stored.get());
    }

    private static JobStatus pending(ClassifyV2Records.Job record) {
        Instant created = record.createdAt() == null ? null : Instant.parse(record.createdAt());
        return JobStatus.newBuilder()
                .setJobId(record.batchJobId())
                .setProjectId(record.projectId())
                .setJobType(JobType.classify)
                .setStatus(JobState.pending)
                .setCreatedAt(created)
                .setUpdatedAt(created)
                .setOrigin(JobOrigin.classify_v2)
                .build();
    }
}
