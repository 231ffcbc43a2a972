package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.events.CancelRequested;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemState;
import dev.batch.events.JobCommand;
import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import dev.batch.events.ProcessingResult;
import dev.batch.events.RetryRequested;
import dev.batch.common.query.JobQueries;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/beta/batch-processing}: the six LlamaCloud endpoints, plus retry. */
final class BatchRoutes {
    private static final Logger log = LoggerFactory.getLogger(BatchRoutes.class);
    private static final String BATCH = IngressApp.BATCH;
    private static final Set<JobState> TERMINAL = Set.of(JobState.completed, JobState.failed, JobState.cancelled);

    private final IngressApp app;
    private final JobRequestReader reader;
    private final RecentJobs recent = new RecentJobs(Duration.ofMinutes(5));
    private final Object[] idempotencyLocks = new Object[64];

    BatchRoutes(IngressApp app) {
        this.app = app;
        this.reader = new JobRequestReader(app.json, app.deps.jobRules());
        for (int i = 0; i < idempotencyLocks.length; i++) idempotencyLocks[i] = new Object();
    }

    void register(RoutesConfig routes) {
        routes.post(BATCH, this::create);
        routes.get(BATCH, this::list);
        routes.get(BATCH + "/items/{item_id}/processing-results", this::processingResults);
        routes.get(BATCH + "/{job_id}", this::get);
        routes.post(BATCH + "/{job_id}/cancel", this::cancel);
        routes.post(BATCH + "/{job_id}/retry", this::retry);
        routes.get(BATCH + "/{job_id}/items", this::items);
        routes.get(BATCH + "/{job_id}/webhook-deliveries", this::webhookDeliveries);
        routes.post(BATCH + "/{job_id}/webhook-deliveries/resend", this::resendWebhook);
    }

    // ---- create ----

    private void create(Context ctx) throws Exception {
        String project = app.project(ctx);
        String idempotencyKey = ctx.header("Idempotency-Key");
        JsonNode body = app.body(ctx);
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            JobView job = createJob(project, body, ctx.header(IngressApp.CORRELATION_HEADER), ctx.header("traceparent"));
            ctx.status(201).json(job);
            return;
        }
        if (idempotencyKey.length() > 255) throw new ApiException(422, "Idempotency-Key: at most 255 characters");
        // Same key and same body: the same job, however often it is sent (across restarts too).
        String keyHash = dev.batch.common.Hashes.sha256Hex(project + "\n" + idempotencyKey);
        String bodyHash = dev.batch.common.Hashes.sha256Hex(body.toString());
        String objectKey = "idempotency/" + keyHash + ".json";
        synchronized (idempotencyLocks[Math.floorMod(keyHash.hashCode(), idempotencyLocks.length)]) {
            Optional<byte[]> seen = app.deps.files().blobs().getObject(objectKey);
            if (seen.isPresent()) {
                JsonNode record = app.json.readTree(seen.get());
                if (!record.get("body_sha256").asText().equals(bodyHash)) {
                    throw new ApiException(422, "Idempotency-Key was already used with a different request body");
                }
                String jobId = record.get("job_id").asText();
                JobView job = app.deps.jobs().job(jobId).map(JobView::of)
                        .or(() -> recent.get(jobId, app.deps.clock().instant()))
                        .orElseGet(() -> app.json.convertValue(record.get("job"), JobView.class));
                ctx.status(201).header("Idempotent-Replayed", "true").json(job);
                return;
            }
            JobView job = createJob(project, body, ctx.header(IngressApp.CORRELATION_HEADER), ctx.header("traceparent"));
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("body_sha256", bodyHash);
            record.put("job_id", job.id());
            record.put("job", job);
            app.deps.files().blobs().putObject(objectKey, app.json.writeValueAsBytes(record));
            ctx.status(201).json(job);
        }
    }

    /**
     * Validates and publishes a job. {@code correlationHeader} ({@code X-Correlation-Id}) is the
     * job's correlation id when its config names none; {@code traceparent} (W3C, when valid) is
     * kept on the job and a child of it travels in the headers of the job's records.
     */
    JobView createJob(String project, JsonNode body, String correlationHeader, String traceparent) throws Exception {
        Instant now = app.deps.clock().instant();
        JobRequestReader.Read read = reader.read(body, project, correlationHeader, now);
        JobRequested request = read.asked();
        request.setTraceparent(dev.batch.common.kafka.Trace.valid(traceparent));
        long total = 0;
        if (request.getDirectoryId() != null) {
            Optional<DirectoryRecord> dir = app.lookup(app.deps.topics().directories, () -> app.deps.catalog().directory(request.getDirectoryId()));
            if (dir.isEmpty() || !dir.get().getProjectId().equals(project) || dir.get().getDeletedAt() != null) {
                throw new ApiException(422, "directory_id: directory '" + request.getDirectoryId() + "' not found",
                        List.of(new ApiException.FieldError(List.of("body", "directory_id"), "not found")));
            }
            // The splitter lists the directory once its catalog has read this far: files added
            // before this request are in the job.
            Map<String, Long> watermark = new HashMap<>();
            app.deps.endOffsets().apply(app.deps.topics().directoryFiles.name()).forEach((p, o) -> watermark.put(Integer.toString(p), o));
            request.setCatalogWatermark(watermark);
        } else {
            List<String> unknown = JobRequestValidator.foreignItems(request.getItemIds(), project, app.deps.catalog()::file);
            if (!unknown.isEmpty()) {
                app.catchUp(app.deps.topics().files); // uploaded through another instance a moment ago?
                unknown = JobRequestValidator.foreignItems(unknown, project, app.deps.catalog()::file);
            }
            if (!unknown.isEmpty()) {
                JobRequestValidator.Invalid e = JobRequestValidator.unknownItems(unknown);
                throw new ApiException(422, e.getMessage(), List.of(new ApiException.FieldError(List.of("body", "item_ids"), e.reason())));
            }
            total = request.getItemIds().size();
        }
        app.deps.publisher().publish(app.deps.topics().jobRequests, request.getJobId(), request,
                dev.batch.common.kafka.Trace.headers(request.getCorrelationId(), request.getTraceparent()));
        JobView view = JobView.accepted(request, read.checked().request().getPriority(), read.checked().notices(), total);
        recent.put(view, now);
        try (var mdc = dev.batch.common.kafka.Trace.mdc(project, request.getJobId(), null, request.getCorrelationId())) {
            log.info("Accepted {} job {} ({})", request.getJobType(), request.getJobId(),
                    request.getDirectoryId() != null ? "directory " + request.getDirectoryId() : total + " items");
        }
        return view;
    }

    // ---- read ----

    private void list(Context ctx) {
        String project = app.project(ctx);
        int limit = Http.intParam(ctx, "limit", 50, 1, 1000);
        int offset = Http.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        JobType type = Http.enumParam(ctx, "job_type", JobType.class, List.of(JobType.parse, JobType.extract, JobType.classify));
        JobState status = Http.enumParam(ctx, "status", JobState.class,
                List.of(JobState.pending, JobState.running, JobState.dispatched, JobState.completed, JobState.failed, JobState.cancelled));
        JobQueries.Slice<JobStatus> slice = app.deps.jobs().jobs(project,
                new JobQueries.JobFilter(Http.stringParam(ctx, "directory_id"), type, status), offset, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", slice.items().stream().map(JobView::of).toList());
        out.put("total_size", slice.total());
        ctx.json(out);
    }

    private void get(Context ctx) {
        String project = app.project(ctx);
        String jobId = ctx.pathParam("job_id");
        Optional<JobStatus> status = app.deps.jobs().job(jobId);
        if (status.isPresent() && project.equals(status.get().getProjectId())) {
            ctx.json(Map.of("job", JobView.of(status.get()), "progress_percentage", JobView.progress(status.get())));
            return;
        }
        Optional<JobView> accepted = recent.get(jobId, app.deps.clock().instant()).filter(j -> project.equals(j.projectId()));
        if (accepted.isPresent()) {
            ctx.json(Map.of("job", accepted.get(), "progress_percentage", 0.0));
            return;
        }
        // Another project's job is as invisible as one that does not exist.
        throw ApiException.notFound("job " + jobId);
    }

    /** The job if it is the caller's, from the store or (just created) from this instance's memory. */
    private JobStatus visibleJob(Context ctx, String project) {
        String jobId = ctx.pathParam("job_id");
        Optional<JobStatus> status = app.deps.jobs().job(jobId).filter(s -> project.equals(s.getProjectId()));
        if (status.isPresent()) return status.get();
        if (recent.get(jobId, app.deps.clock().instant()).filter(j -> project.equals(j.projectId())).isPresent()) {
            return JobStatus.newBuilder().setJobId(jobId).setProjectId(project).setStatus(JobState.pending).build();
        }
        throw ApiException.notFound("job " + jobId);
    }

    /** Every attempt to deliver the job's webhooks, oldest first. */
    private void webhookDeliveries(Context ctx) {
        JobStatus job = visibleJob(ctx, app.project(ctx));
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        try {
            for (dev.batch.events.WebhookAttempt a : app.deps.webhookDeliveries().attempts(job.getJobId())) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("event_id", a.getEventId());
                d.put("event_type", a.getEventName());
                d.put("receiver", a.getReceiver());
                d.put("webhook_url", a.getUrl());
                d.put("attempt", a.getAttempt());
                d.put("attempted_at", a.getAttemptedAt().toString());
                d.put("status_code", a.getStatusCode() == 0 ? null : a.getStatusCode());
                d.put("error", a.getError());
                d.put("duration_ms", a.getDurationMs());
                d.put("outcome", a.getOutcome());
                items.add(d);
            }
        } catch (IllegalStateException e) {
            throw new ApiException(503, "the webhook delivery log is not available right now; try again");
        }
        ctx.json(Map.of("items", items, "total_size", items.size()));
    }

    /**
     * Delivers an event of the job again, with the same event id and body: to the receiver named, or
     * to every receiver it was attempted to. Only an event that was attempted can be re-sent (the log
     * says so); a receiver that answered 410 stays unsubscribed.
     */
    private void resendWebhook(Context ctx) throws Exception {
        JobStatus job = visibleJob(ctx, app.project(ctx));
        com.fasterxml.jackson.databind.JsonNode body = app.body(ctx);
        if (!body.isObject()) throw new ApiException(422, "the body must be a JSON object with event_id");
        if (!body.path("event_id").isTextual() || body.get("event_id").asText().isBlank()) {
            throw ApiException.invalid("event_id", "required: the id of an event in this job's webhook deliveries");
        }
        String eventId = body.get("event_id").asText();
        Integer receiver = null;
        if (body.has("receiver") && !body.get("receiver").isNull()) {
            if (!body.get("receiver").canConvertToInt() || !body.get("receiver").isIntegralNumber()) {
                throw ApiException.invalid("receiver", "must be the integer index of a receiver, as in the deliveries");
            }
            receiver = body.get("receiver").asInt();
        }
        List<dev.batch.events.WebhookAttempt> log;
        try {
            log = app.deps.webhookDeliveries().attempts(job.getJobId());
        } catch (IllegalStateException e) {
            throw new ApiException(503, "the webhook delivery log is not available right now; try again");
        }
        java.util.TreeSet<Integer> receivers = new java.util.TreeSet<>();
        java.util.Set<Integer> gone = new java.util.HashSet<>();
        for (dev.batch.events.WebhookAttempt a : log) {
            if ("unsubscribed".equals(a.getOutcome())) gone.add(a.getReceiver());
            if (a.getEventId().equals(eventId) && (receiver == null || receiver == a.getReceiver())) receivers.add(a.getReceiver());
        }
        if (receivers.isEmpty()) {
            throw ApiException.notFound("webhook delivery of event " + eventId + (receiver == null ? "" : " to receiver " + receiver)
                    + " in job " + job.getJobId());
        }
        receivers.removeAll(gone);
        if (receivers.isEmpty()) {
            throw new ApiException(409, "the receiver of event " + eventId + " unsubscribed (it answered 410 Gone); nothing is re-sent");
        }
        Integer only = receiver;
        dev.batch.events.WebhookResend resend = dev.batch.events.WebhookResend.newBuilder().setJobId(job.getJobId()).setEventId(eventId)
                .setReceiver(only != null ? only : receivers.size() == 1 ? receivers.first() : null)
                .setRequestedAt(app.deps.clock().instant()).build();
        app.deps.publisher().publish(app.deps.topics().webhookResends, job.getJobId(), resend);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", job.getJobId());
        out.put("event_id", eventId);
        out.put("receivers", List.copyOf(receivers));
        out.put("status", "queued");
        ctx.status(202).json(out);
    }

    private void items(Context ctx) {
        String project = app.project(ctx);
        JobStatus job = visibleJob(ctx, project);
        int limit = Http.intParam(ctx, "limit", 100, 1, 1000);
        int offset = Http.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        ItemState status = Http.enumParam(ctx, "status", ItemState.class, List.of(ItemState.pending, ItemState.processing,
                ItemState.completed, ItemState.failed, ItemState.skipped, ItemState.cancelled));
        JobQueries.Slice<JobItem> slice = app.deps.jobs().items(job.getJobId(), status, offset, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        JobType type = job.getJobType() == JobType.unknown ? JobType.parse : job.getJobType();
        out.put("items", slice.items().stream().map(i -> Views.JobItemView.of(i, type)).toList());
        out.put("total_size", slice.total());
        ctx.json(out);
    }

    private void processingResults(Context ctx) throws Exception {
        String project = app.project(ctx);
        String itemId = ctx.pathParam("item_id");
        JobType type = Http.enumParam(ctx, "job_type", JobType.class, List.of(JobType.parse, JobType.extract, JobType.classify));
        if (!itemId.matches("[A-Za-z0-9_-]{1,128}")) throw ApiException.notFound("item " + itemId);
        List<Views.ProcessingResultView> results = new ArrayList<>();
        String itemName = null;
        for (ProcessingResult r : dev.batch.common.blob.ResultIndex.results(app.deps.files().blobs(), itemId, project)) {
            if (type != null && r.getJobType() != type) continue;
            itemName = itemName != null ? itemName : r.getItemName();
            String location = dev.batch.common.blob.ExternalOutput.prefix(r.getJobConfigJson())
                    .map(p -> dev.batch.common.blob.ExternalOutput.target(p, r.getJobId(), r.getItemId()).toString())
                    .orElseGet(() -> app.deps.files().blobs().location(r.getOutputLocation()));
            results.add(Views.ProcessingResultView.of(itemId, r, location, app.json));
        }
        if (results.isEmpty() && itemName == null) {
            Optional<FileRecord> file = app.deps.catalog().file(itemId).filter(f -> f.getProjectId().equals(project));
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
        String project = app.project(ctx);
        JobStatus job = visibleJob(ctx, project);
        if (TERMINAL.contains(job.getStatus())) {
            throw new ApiException(409, "job " + job.getJobId() + " is already " + job.getStatus() + "; only a running job can be cancelled");
        }
        JsonNode body = app.body(ctx);
        String reason = body.hasNonNull("reason") ? body.get("reason").asText() : null;
        publishCommand(job, project, new CancelRequested(reason));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", job.getJobId());
        out.put("status", "cancelled");
        out.put("processed_items", job.getProcessedItems());
        out.put("message", "Job cancelled: pending items will not be processed" + (reason == null ? "" : " (" + reason + ")"));
        ctx.json(out);
    }

    private void retry(Context ctx) throws Exception {
        String project = app.project(ctx);
        JobStatus job = visibleJob(ctx, project);
        if (job.getStatus() != JobState.completed && job.getStatus() != JobState.failed) {
            throw new ApiException(409, "job " + job.getJobId() + " is " + job.getStatus() + "; only a completed or failed job can be retried");
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

    private void publishCommand(JobStatus job, String project, Object command) throws Exception {
        JobCommand c = JobCommand.newBuilder().setJobId(job.getJobId()).setProjectId(project).setCommand(command)
                .setRequestedAt(app.deps.clock().instant()).build();
        app.deps.publisher().publish(app.deps.topics().jobCommands, job.getJobId(), c,
                dev.batch.common.kafka.Trace.headers(job.getCorrelationId(), null));
    }
}
