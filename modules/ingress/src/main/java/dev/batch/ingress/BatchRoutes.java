package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiPaths;
import dev.batch.common.blob.FileStore;
import dev.batch.common.blob.ResultIndex;
import dev.batch.common.kafka.Publisher;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Trace;
import dev.batch.common.query.JobQueries;
import dev.batch.events.CancelRequested;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemState;
import dev.batch.events.JobCommand;
import dev.batch.events.JobItem;
import dev.batch.events.JobOrigin;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import dev.batch.events.ProcessingResult;
import dev.batch.events.PurgeRequested;
import dev.batch.events.RetryRequested;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v1/beta/batch-processing}: the six LlamaCloud endpoints, plus retry and an item's
 * processing results. Creating a job is {@link JobSubmitter}'s; webhook deliveries are
 * {@link WebhookDeliveryRoutes}'.
 */
final class BatchRoutes {
    private static final Set<JobState> TERMINAL = Set.of(JobState.completed, JobState.failed, JobState.cancelled);

    private final Callers callers;
    private final JobSubmitter submitter;
    private final VisibleJobs jobs;
    private final CatalogAccess catalog;
    private final FileStore files;
    private final Publisher publisher;
    private final Topics topics;
    private final Clock clock;

    BatchRoutes(
            Callers callers,
            JobSubmitter submitter,
            VisibleJobs jobs,
            CatalogAccess catalog,
            FileStore files,
            Publisher publisher,
            Topics topics,
            Clock clock) {
        this.callers = callers;
        this.submitter = submitter;
        this.jobs = jobs;
        this.catalog = catalog;
        this.files = files;
        this.publisher = publisher;
        this.topics = topics;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.post(ApiPaths.JOBS, ctx -> submitter.create(ctx, callers.project(ctx)));
        routes.get(ApiPaths.JOBS, this::list);
        routes.get(ApiPaths.ITEM_PROCESSING_RESULTS, this::processingResults);
        routes.get(ApiPaths.JOB, this::get);
        routes.delete(ApiPaths.JOB, this::delete);
        routes.post(ApiPaths.JOB_CANCEL, this::cancel);
        routes.post(ApiPaths.JOB_RETRY, this::retry);
        routes.get(ApiPaths.JOB_ITEMS, this::items);
    }

    // ---- read ----

    private void list(Context ctx) {
        String project = callers.project(ctx);
        int limit = Http.intParam(ctx, "limit", 50, 1, 1000);
        int offset = Http.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        JobType type = Http.enumParam(
                ctx, "job_type", JobType.class, List.of(JobType.parse, JobType.extract, JobType.classify));
        JobState status = Http.enumParam(
                ctx,
                "status",
                JobState.class,
                List.of(
                        JobState.pending,
                        JobState.running,
                        JobState.dispatched,
                        JobState.completed,
                        JobState.failed,
                        JobState.cancelled));
        JobQueries.Slice<JobStatus> slice = jobs.queries()
                .jobs(
                        project,
                        new JobQueries.JobFilter(Http.stringParam(ctx, "directory_id"), type, status, JobOrigin.batch),
                        offset,
                        limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", slice.items().stream().map(JobView::of).toList());
        out.put("total_size", slice.total());
        ctx.json(out);
    }

    private void get(Context ctx) {
        String project = callers.project(ctx);
        String jobId = ctx.pathParam("job_id");
        Optional<JobStatus> status = jobs.queries().job(jobId);
        if (status.isPresent() && project.equals(status.get().getProjectId())) {
            ctx.json(Map.of("job", JobView.of(status.get()), "progress_percentage", JobView.progress(status.get())));
            return;
        }
        JobView accepted = jobs.accepted(jobId, project).orElseThrow(() -> ApiException.notFound("job " + jobId));
        ctx.json(Map.of("job", accepted, "progress_percentage", 0.0));
    }

    private void items(Context ctx) {
        String project = callers.project(ctx);
        JobStatus job = jobs.require(ctx.pathParam("job_id"), project);
        int limit = Http.intParam(ctx, "limit", 100, 1, 1000);
        int offset = Http.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        ItemState status = Http.enumParam(
                ctx,
                "status",
                ItemState.class,
                List.of(
                        ItemState.pending,
                        ItemState.processing,
                        ItemState.completed,
                        ItemState.failed,
                        ItemState.skipped,
                        ItemState.cancelled));
        JobQueries.Slice<JobItem> slice = jobs.queries().items(job.getJobId(), status, offset, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        JobType type = job.getJobType() == JobType.unknown ? JobType.parse : job.getJobType();
        out.put(
                "items",
                slice.items().stream().map(i -> Views.JobItemView.of(i, type)).toList());
        out.put("total_size", slice.total());
        ctx.json(out);
    }

    private void processingResults(Context ctx) throws Exception {
        String project = callers.project(ctx);
        String itemId = ctx.pathParam("item_id");
        JobType type = Http.enumParam(
                ctx, "job_type", JobType.class, List.of(JobType.parse, JobType.extract, JobType.classify));
        if (!itemId.matches("[A-Za-z0-9_-]{1,128}")) throw ApiException.notFound("item " + itemId);
        List<Views.ProcessingResultView> results = new ArrayList<>();
        String itemName = null;
        for (ProcessingResult r : ResultIndex.results(files.blobs(), itemId, project)) {
            if (type != null && r.getJobType() != type) continue;
            itemName = itemName != null ? itemName : r.getItemName();
            String location = r.getExternalLocation() != null
                    ? r.getExternalLocation()
                    : files.blobs().location(r.getOutputLocation());
            results.add(Views.ProcessingResultView.of(itemId, r, location, Json.MAPPER));
        }
        if (results.isEmpty() && itemName == null) {
            Optional<FileRecord> file =
                    catalog.view().file(itemId).filter(f -> f.getProjectId().equals(project));
            if (file.isEmpty()) throw ApiException.notFound("processing results for item " + itemId);
            itemName = file.get().getName();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("item_id", itemId);
        out.put("item_name", itemName);
        out.put("processing_results", results);
        ctx.json(out);
    }

    // ---- commands ----

    private void cancel(Context ctx) throws Exception {
        String project = callers.project(ctx);
        JobStatus job = jobs.require(ctx.pathParam("job_id"), project);
        if (TERMINAL.contains(job.getStatus())) {
            throw new ApiException(
                    409,
                    "job " + job.getJobId() + " is already " + job.getStatus()
                            + "; only a running job can be cancelled");
        }
        JsonNode body = Json.body(ctx);
        String reason = body.hasNonNull("reason") ? body.get("reason").asText() : null;
        publishCommand(job, project, new CancelRequested(reason));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", job.getJobId());
        out.put("status", "cancelled");
        out.put("processed_items", job.getProcessedItems());
        out.put(
                "message",
                "Job cancelled: pending items will not be processed" + (reason == null ? "" : " (" + reason + ")"));
        ctx.json(out);
    }

    private void retry(Context ctx) throws Exception {
        String project = callers.project(ctx);
        JobStatus job = jobs.require(ctx.pathParam("job_id"), project);
        if (job.getStatus() != JobState.completed && job.getStatus() != JobState.failed) {
            throw new ApiException(
                    409,
                    "job " + job.getJobId() + " is " + job.getStatus()
                            + "; only a completed or failed job can be retried");
        }
        if (job.getFailedItems() == 0) {
            throw new ApiException(409, "job " + job.getJobId() + " has no failed items to retry");
        }
        publishCommand(job, project, new RetryRequested(null));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", job.getJobId());
        out.put("status", "dispatched");
        out.put("retried_items", job.getFailedItems());
        out.put("message", "Retrying " + job.getFailedItems() + " failed items");
        ctx.status(202).json(out);
    }

    /** Removes a finished job now, as its retention would; the aggregator does it (202). */
    private void delete(Context ctx) throws Exception {
        String project = callers.project(ctx);
        JobStatus job = jobs.require(ctx.pathParam("job_id"), project);
        if (!TERMINAL.contains(job.getStatus())) {
            throw new ApiException(
                    409,
                    "job " + job.getJobId() + " is " + job.getStatus()
                            + "; only a finished job can be deleted: cancel it first");
        }
        publishCommand(job, project, new PurgeRequested("deleted through the API"));
        jobs.forget(job.getJobId());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", job.getJobId());
        out.put("message", "Job deleted: its status, items, results and cache entries are being removed");
        ctx.status(202).json(out);
    }

    private void publishCommand(JobStatus job, String project, Object command) throws Exception {
        JobCommand c = JobCommand.newBuilder()
                .setJobId(job.getJobId())
                .setProjectId(project)
                .setCommand(command)
                .setRequestedAt(clock.instant())
                .build();
        publisher.publish(topics.jobCommands, job.getJobId(), c, Trace.headers(job.getCorrelationId(), null));
    }
}
