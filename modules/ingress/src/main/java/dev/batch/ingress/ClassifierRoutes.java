package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.client.ApiPaths;
import dev.batch.common.Ids;
import dev.batch.common.blob.FileStore;
import dev.batch.common.query.JobQueries;
import dev.batch.common.query.NotAvailableException;
import dev.batch.events.ItemState;
import dev.batch.events.JobItem;
import dev.batch.events.JobOrigin;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * LlamaCloud's classifier API over classify batch jobs (the shapes of the official SDK's
 * {@code classifier/jobs}): a classify job is a batch job whose config has rules, so
 * {@code POST /api/v1/classifier/jobs} with {@code file_ids} creates one, and a batch job created
 * with rules is read here too. Results are each classified item's {@code {type, confidence,
 * reasoning}}.
 */
final class ClassifierRoutes {
    private final Callers callers;
    private final JobQueries jobs;
    private final FileStore files;
    private final Clock clock;
    private final JobSubmitter submitter;

    ClassifierRoutes(Callers callers, JobQueries jobs, FileStore files, Clock clock, JobSubmitter submitter) {
        this.callers = callers;
        this.jobs = jobs;
        this.files = files;
        this.clock = clock;
        this.submitter = submitter;
    }

    void register(RoutesConfig routes) {
        routes.post(ApiPaths.CLASSIFY_JOBS, this::create);
        routes.get(ApiPaths.CLASSIFY_JOBS, this::list);
        routes.get(ApiPaths.CLASSIFY_JOB, this::get);
        routes.get(ApiPaths.CLASSIFY_JOB_RESULTS, this::results);
    }

    private void create(Context ctx) throws Exception {
        String project = callers.project(ctx);
        JsonNode body = Json.body(ctx);
        ObjectNode config = Json.MAPPER.createObjectNode();
        for (String field : List.of("rules", "mode", "parsing_configuration", "webhook_configurations")) {
            if (body.has(field)) config.set(field, body.get(field));
        }
        if (!config.has("rules")) throw ApiException.invalid("rules", "field required");
        if (!body.has("file_ids")) throw ApiException.invalid("file_ids", "field required");
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.set("job_config", config);
        request.set("item_ids", body.get("file_ids"));
        JobView created = submitter.submit(project, request, ctx);
        Instant now = clock.instant();
        ctx.status(200)
                .json(view(
                        JobStatus.newBuilder()
                                .setJobId(created.id())
                                .setProjectId(project)
                                .setJobType(JobType.classify)
                                .setStatus(JobState.pending)
                                .setCreatedAt(now)
                                .setEffectiveAt(now)
                                .setUpdatedAt(now)
                                .build(),
                        config));
    }

    private void list(Context ctx) {
        String project = callers.project(ctx);
        int size = Http.intParam(ctx, "page_size", 50, 1, 1000);
        int offset = offset(ctx);
        JobQueries.Slice<JobStatus> slice = jobs.jobs(
                project, new JobQueries.JobFilter(null, JobType.classify, null, JobOrigin.batch), offset, size);
        List<Object> items = new ArrayList<>();
        for (JobStatus s : slice.items()) items.add(view(s, config(s.getJobId())));
        Map<String, Object> out =
                Http.cursorPage(items, offset + size < slice.total() ? Integer.toString(offset + size) : null);
        out.put("total_size", slice.total());
        ctx.json(out);
    }

    private void get(Context ctx) {
        JobStatus job = visible(ctx);
        ctx.json(view(job, config(job.getJobId())));
    }

    private void results(Context ctx) throws Exception {
        JobStatus job = visible(ctx);
        int size = Http.intParam(ctx, "page_size", 100, 1, 1000);
        int offset = offset(ctx);
        // Items with an answer: classified now, or skipped because the same file was classified with the same rules
        // before.
        List<JobItem> answered = new ArrayList<>();
        for (JobItem i : jobs.items(job.getJobId(), null, 0, Integer.MAX_VALUE).items()) {
            if (i.getOutputLocation() != null
                    && (i.getStatus() == ItemState.completed || i.getStatus() == ItemState.skipped)) answered.add(i);
        }
        List<Object> items = new ArrayList<>();
        for (JobItem i :
                answered.subList(Math.min(offset, answered.size()), Math.min(answered.size(), offset + size))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", Ids.stable("classify-result:" + job.getJobId() + "/" + i.getItemId()));
            item.put("classify_job_id", job.getJobId());
            item.put("file_id", i.getFileId() != null ? i.getFileId() : i.getItemId());
            item.put(
                    "created_at",
                    i.getStartedAt() == null ? null : i.getStartedAt().toString());
            item.put(
                    "updated_at",
                    i.getUpdatedAt() == null ? null : i.getUpdatedAt().toString());
            Optional<byte[]> stored = files.blobs().getObject(i.getOutputLocation());
            if (stored.isPresent()) {
                JsonNode r = Json.MAPPER.readTree(stored.get());
                Map<String, Object> result = new LinkedHashMap<>();
                result.put(
                        "type", r.path("type").isNull() ? null : r.path("type").asText());
                result.put("confidence", r.path("confidence").asDouble());
                result.put("reasoning", r.path("reasoning").asText());
                item.put("result", result);
            } else {
                item.put("result", null);
            }
            items.add(item);
        }
        Map<String, Object> out =
                Http.cursorPage(items, offset + size < answered.size() ? Integer.toString(offset + size) : null);
        out.put("total_size", answered.size());
        ctx.json(out);
    }

    /** The page token is the offset of the page's first entry. */
    private static int offset(Context ctx) {
        String token = Http.stringParam(ctx, "page_token");
        if (token == null) return 0;
        try {
            int offset = Integer.parseInt(token);
            if (offset >= 0) return offset;
        } catch (NumberFormatException e) {
            // below
        }
        throw Http.query("page_token", "is not a token this API gave");
    }

    private JobStatus visible(Context ctx) {
        String project = callers.project(ctx);
        String jobId = ctx.pathParam("job_id");
        return jobs.job(jobId)
                .filter(s -> project.equals(s.getProjectId()) && s.getJobType() == JobType.classify)
                .orElseThrow(() -> ApiException.notFound("classify job " + jobId));
    }

    private JsonNode config(String jobId) {
        try {
            return jobs.request(jobId)
                    .map(r -> {
                        try {
                            return Json.MAPPER.readTree(r.getJobConfigJson());
                        } catch (IOException e) {
                            return (JsonNode) Json.MAPPER.createObjectNode();
                        }
                    })
                    .orElse(Json.MAPPER.createObjectNode());
        } catch (NotAvailableException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    /** The SDK's ClassifyJob. */
    private Map<String, Object> view(JobStatus s, JsonNode config) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", s.getJobId());
        v.put("project_id", s.getProjectId());
        v.put("rules", config.path("rules"));
        v.put("status", status(s));
        v.put("user_id", s.getProjectId());
        v.put("created_at", s.getCreatedAt() == null ? null : s.getCreatedAt().toString());
        v.put(
                "effective_at",
                s.getEffectiveAt() == null ? null : s.getEffectiveAt().toString());
        v.put("error_message", s.getErrorMessage());
        v.put("job_record_id", s.getJobId());
        v.put("mode", config.path("mode").asText("FAST"));
        v.put(
                "parsing_configuration",
                config.has("parsing_configuration") ? config.get("parsing_configuration") : null);
        v.put("updated_at", s.getUpdatedAt() == null ? null : s.getUpdatedAt().toString());
        return v;
    }

    /** The SDK's StatusEnum: PENDING until the job ends; then SUCCESS, PARTIAL_SUCCESS (some items failed), ERROR or CANCELLED. */
    private static String status(JobStatus s) {
        return switch (s.getStatus()) {
            case completed ->
                s.getFailedItems() > 0
                        ? (s.getProcessedItems() + s.getSkippedItems() > 0 ? "PARTIAL_SUCCESS" : "ERROR")
                        : "SUCCESS";
            case failed -> "ERROR";
            case cancelled -> "CANCELLED";
            default -> "PENDING";
        };
    }
}
