package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.common.Ids;
import dev.batch.events.ItemState;
import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import dev.batch.events.SkipReason;
import java.util.Optional;

/**
 * Parse jobs as LlamaParse's v2 API shows them. A parse job is one item of a parse batch job: the
 * {@code job_id} of a batch job's item, or a standalone job ({@code POST /api/v2/parse}), which is a
 * one-item batch job of its own. Its id ({@link Ids#parseJob}) names both, so no index is needed.
 */
final class ParseJobs {
    private final VisibleJobs jobs;

    ParseJobs(VisibleJobs jobs) {
        this.jobs = jobs;
    }

    /**
     * What the API shows of a parse job: {@code result} is the key of its parse result once it has
     * one; {@code request} the batch job's request (null until the aggregator has it).
     */
    record ParseJob(
            String id,
            String batchJobId,
            String itemId,
            String status,
            String createdAt,
            String updatedAt,
            String name,
            String errorMessage,
            String result,
            JobRequested request,
            JsonNode v2) {

        /** {@code v2}: the v2 request a standalone job was created from (null for an item of a batch job). */
        ParseJob(
                String id,
                String batchJobId,
                String itemId,
                String status,
                String createdAt,
                String updatedAt,
                String name,
                String errorMessage,
                String result,
                JobRequested request) {
            this(
                    id,
                    batchJobId,
                    itemId,
                    status,
                    createdAt,
                    updatedAt,
                    name,
                    errorMessage,
                    result,
                    request,
                    v2(request));
        }

        private static JsonNode v2(JobRequested request) {
            if (request == null) return null;
            JsonNode section = Json.read(request.getJobConfigJson()).get(ParseV2Request.SECTION);
            return section == null || !section.isObject() ? null : section;
        }

        /** The tier that ran: the built-in engine's. */
        String tier() {
            JsonNode v2 = v2();
            return v2 == null
                    ? ParseV2Request.ENGINE_TIER
                    : v2.path("tier_used").asText(ParseV2Request.ENGINE_TIER);
        }

        boolean terminal() {
            return status.equals("COMPLETED") || status.equals("FAILED") || status.equals("CANCELLED");
        }

        /** The SDK's parse job ({@code ParsingCreateResponse}, {@code ParsingGetResponse.job}). */
        ObjectNode view(String project) {
            ObjectNode j = Json.MAPPER.createObjectNode();
            j.put("id", id);
            j.put("project_id", project);
            j.put("status", status);
            j.put("created_at", createdAt);
            j.put("updated_at", updatedAt);
            j.put("name", name);
            j.put("error_message", errorMessage);
            j.put("tier", tier());
            return j;
        }
    }

    /** The parse job {@code id} names in the caller's project (null: in any); empty when there is none. */
    Optional<ParseJob> find(String id, String project) {
        if (!id.matches("[A-Za-z0-9_-]{1,512}")) return Optional.empty();
        Optional<Ids.ParseJobRef> ref = Ids.parseJobRef(id);
        if (ref.isEmpty()) return Optional.empty();
        String batchJobId = ref.get().batchJobId();
        String itemId = ref.get().itemId();
        Optional<JobStatus> job =
                jobs.queries().job(batchJobId).filter(j -> project == null || project.equals(j.getProjectId()));
        if (job.isEmpty()) {
            if (project == null) return Optional.empty();
            // Created a moment ago through this instance: pending until the aggregator has it.
            return jobs.accepted(batchJobId, project)
                    .filter(v -> v.jobType().equals("parse"))
                    .map(v -> new ParseJob(
                            id, batchJobId, itemId, "PENDING", v.createdAt(), v.createdAt(), null, null, null, null));
        }
        JobStatus s = job.get();
        if (s.getJobType() != JobType.parse && s.getJobType() != JobType.unknown) return Optional.empty();
        JobRequested request = jobs.queries().request(batchJobId).orElse(null);
        Optional<JobItem> item = jobs.queries().item(batchJobId, itemId);
        if (item.isEmpty()) return beforeItem(id, s, itemId, request);
        return ofItem(id, s, item.get(), request);
    }

    /** A standalone parse job, listed by its batch job's status: its one item is the one its request names. */
    Optional<ParseJob> standalone(JobStatus s) {
        JobRequested request = jobs.queries().request(s.getJobId()).orElse(null);
        if (request == null
                || request.getItemIds() == null
                || request.getItemIds().size() != 1) return Optional.empty();
        String itemId = request.getItemIds().get(0);
        String id = Ids.parseJob(s.getJobId(), itemId);
        Optional<JobItem> item = jobs.queries().item(s.getJobId(), itemId);
        return item.isEmpty() ? beforeItem(id, s, itemId, request) : ofItem(id, s, item.get(), request);
    }

    /** A job whose item is not listed yet: pending, or ended before it was (refused by the splitter, cancelled). */
    private static Optional<ParseJob> beforeItem(String id, JobStatus s, String itemId, JobRequested request) {
        boolean listed = request == null
                || request.getItemIds() == null
                || request.getItemIds().contains(itemId);
        if (!listed) return Optional.empty();
        String status = switch (s.getStatus()) {
            case failed -> "FAILED";
            case cancelled -> "CANCELLED";
            case completed -> null; // a finished job without this item never had it
            default -> "PENDING";
        };
        if (status == null) return Optional.empty();
        return Optional.of(new ParseJob(
                id,
                s.getJobId(),
                itemId,
                status,
                Views.iso(s.getCreatedAt()),
                Views.iso(s.getUpdatedAt()),
                null,
                s.getErrorMessage(),
                null,
                request));
    }

    private static Optional<ParseJob> ofItem(String id, JobStatus s, JobItem item, JobRequested request) {
        String status = switch (item.getStatus()) {
            case pending -> "PENDING";
            case processing -> "RUNNING";
            case failed -> "FAILED";
            case cancelled -> "CANCELLED";
            case completed -> "COMPLETED";
            // Already parsed with the same parameters: the earlier result is this job's.
            case skipped -> item.getSkipReason() == SkipReason.already_processed ? "COMPLETED" : null;
            default -> null;
        };
        if (status == null) return Optional.empty(); // skipped for its size: it never had a parse job
        boolean done = item.getStatus() == ItemState.completed || item.getStatus() == ItemState.skipped;
        return Optional.of(new ParseJob(
                id,
                s.getJobId(),
                item.getItemId(),
                status,
                Views.iso(s.getCreatedAt() != null ? s.getCreatedAt() : item.getUpdatedAt()),
                Views.iso(item.getUpdatedAt()),
                item.getItemName() != null ? item.getItemName() : item.getItemId(),
                item.getErrorMessage(),
                done ? item.getOutputLocation() : null,
                request));
    }
}
