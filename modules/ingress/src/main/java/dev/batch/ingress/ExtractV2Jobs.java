package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.Ids;
import dev.batch.common.blob.BlobStore;
import dev.batch.common.query.JobQueries;
import dev.batch.events.JobItem;
import dev.batch.events.JobOrigin;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Extract jobs as the v2 API shows them. An {@code ejb-} id names an item of an extract batch job:
 * a standalone job is the one-item job of origin {@code extract_v2} plus its
 * {@link ExtractV2Records record}; any other is an item of a batch extract job, whose configuration
 * is its batch job's. Status and result come from the item.
 */
final class ExtractV2Jobs {
    private static final JobQueries.JobFilter V2_JOBS =
            new JobQueries.JobFilter(null, JobType.extract, null, JobOrigin.extract_v2);
    private final JobQueries jobs;
    private final StandaloneRecords<ExtractV2Records.Job> records;
    private final BlobStore blobs;

    ExtractV2Jobs(JobQueries jobs, StandaloneRecords<ExtractV2Records.Job> records, BlobStore blobs) {
        this.jobs = jobs;
        this.records = records;
        this.blobs = blobs;
    }

    /**
     * A job as found: its record (made from the batch job for an item of one), the batch job's status
     * (a pending one while the aggregator has not folded the request yet), and whether it is a
     * standalone job (else an item of a batch job).
     */
    record Found(ExtractV2Records.Job record, JobStatus status, boolean standalone) {}

    /** The SDK's status of a job, why it failed, and the key of its result once it has one. */
    record Outcome(String status, String errorMessage, String resultKey) {}

    /** The project's extract job {@code id}: a standalone one, or the extract job of an item of a batch job. */
    Optional<Found> find(String id, String project) throws IOException {
        Optional<Ids.ParseJobRef> ref = Ids.extractJobRef(id);
        if (ref.isEmpty()) return Optional.empty();
        Optional<ExtractV2Records.Job> record = records.get(id, project);
        Optional<JobStatus> status = jobs.job(ref.get().batchJobId())
                .filter(s -> project.equals(s.getProjectId()) && s.getJobType() == JobType.extract);
        if (record.isPresent()) {
            JobStatus s =
                    status.filter(j -> j.getOrigin() == JobOrigin.extract_v2).orElseGet(() -> pending(record.get()));
            return Optional.of(new Found(record.get(), s, true));
        }
        if (status.isEmpty() || status.get().getOrigin() == JobOrigin.extract_v2) return Optional.empty();
        return batchItem(id, ref.get(), status.get());
    }

    /** An item of a batch extract job, as an extract job; empty when the job has no such item. */
    private Optional<Found> batchItem(String id, Ids.ParseJobRef ref, JobStatus status) {
        Optional<JobItem> item = jobs.item(ref.batchJobId(), ref.itemId());
        if (item.isEmpty()) return Optional.empty();
        JsonNode config = jobs.request(ref.batchJobId())
                .map(JobRequested::getJobConfigJson)
                .map(Json::read)
                .orElseGet(Json.MAPPER::createObjectNode);
        ExtractV2Records.Job record = new ExtractV2Records.Job(
                id,
                ref.batchJobId(),
                status.getProjectId(),
                ref.itemId(),
                ref.itemId(),
                "file_id",
                null,
                ExtractV2Request.configurationOf(config),
                null,
                Views.iso(status.getCreatedAt()));
        return Optional.of(new Found(record, status, false));
    }

    /** The standalone job of a listed status, if it has a record (it has none between publishing and writing it, or once deleted). */
    Optional<Found> find(JobStatus status) throws IOException {
        Optional<String> item = jobs.request(status.getJobId())
                .map(JobRequested::getItemIds)
                .filter(ids -> ids != null && ids.size() == 1)
                .map(ids -> ids.get(0));
        if (item.isEmpty()) return Optional.empty();
        return records.get(Ids.extractJob(status.getJobId(), item.get()), status.getProjectId())
                .map(r -> new Found(r, status, true));
    }

    /** Every standalone extract job of the project, as the aggregator has them. */
    List<JobStatus> all(String project) {
        return jobs.jobs(project, V2_JOBS, 0, Integer.MAX_VALUE).items();
    }

    Outcome outcome(Found found) {
        Optional<JobItem> item =
                jobs.item(found.status().getJobId(), found.record().itemId());
        if (item.isEmpty()) return byJob(found.status());
        JobItem i = item.get();
        switch (i.getStatus()) {
            case completed, skipped -> {
                if (i.getOutputLocation() != null) return new Outcome("COMPLETED", null, i.getOutputLocation());
                String why = i.getSkipReason() != null
                        ? "skipped: " + i.getSkipReason().name()
                        : i.getErrorMessage();
                return new Outcome("FAILED", why != null ? why : "the extraction left no result", null);
            }
            case failed -> {
                String why = i.getErrorMessage() != null ? i.getErrorMessage() : "the extraction failed";
                return new Outcome("FAILED", why, null);
            }
            case cancelled -> {
                return new Outcome("CANCELLED", found.status().getErrorMessage(), null);
            }
            case processing -> {
                return new Outcome("RUNNING", null, null);
            }
            default -> {
                return found.status().getStatus() == JobState.cancelled
                        ? new Outcome("CANCELLED", found.status().getErrorMessage(), null)
                        : new Outcome("PENDING", null, null);
            }
        }
    }

    /** Before the job lists its item: what the job's own state says. */
    private static Outcome byJob(JobStatus s) {
        return switch (s.getStatus()) {
            case running, dispatched -> new Outcome("RUNNING", null, null);
            case cancelled -> new Outcome("CANCELLED", s.getErrorMessage(), null);
            case failed, completed ->
                new Outcome(
                        "FAILED", s.getErrorMessage() != null ? s.getErrorMessage() : "the extraction failed", null);
            default -> new Outcome("PENDING", null, null);
        };
    }

    /** The stored result of a completed job: {@code extract_result}, {@code extract_metadata}, {@code usage}. */
    JsonNode result(Outcome outcome) throws IOException {
        if (outcome.resultKey() == null) return null;
        Optional<byte[]> stored = blobs.getObject(outcome.resultKey());
        return stored.isEmpty() ? null : Json.MAPPER.readTree(stored.get());
    }

    ExtractV2View view(Found found, ExtractV2View.Expand expand) throws IOException {
        Outcome outcome = outcome(found);
        return ExtractV2View.of(found.record(), found.status(), outcome, result(outcome), expand);
    }

    private static JobStatus pending(ExtractV2Records.Job record) {
        Instant created = record.createdAt() == null ? null : Instant.parse(record.createdAt());
        return JobStatus.newBuilder()
                .setJobId(record.batchJobId())
                .setProjectId(record.projectId())
                .setJobType(JobType.extract)
                .setStatus(JobState.pending)
                .setCreatedAt(created)
                .setUpdatedAt(created)
                .setOrigin(JobOrigin.extract_v2)
                .build();
    }
}
