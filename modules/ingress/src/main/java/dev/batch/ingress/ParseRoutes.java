package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.client.ApiPaths;
import dev.batch.common.Ids;
import dev.batch.common.blob.FileStore;
import dev.batch.common.blob.ResultIndex;
import dev.batch.common.query.JobQueries;
import dev.batch.events.ItemState;
import dev.batch.events.JobItem;
import dev.batch.events.JobType;
import dev.batch.events.ProcessingResult;
import dev.batch.events.SkipReason;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Parse results: {@code GET /api/v2/parse/{job_id}} (the child job an item links to, shaped as the
 * SDK's {@code parsing.get}, with {@code expand}) and the convenience
 * {@code GET /api/v1/beta/batch-processing/items/{item_id}/result?format=markdown|text|json}.
 */
final class ParseRoutes {
    private static final Set<String> EXPANDS = Set.of(
            "text",
            "markdown",
            "items",
            "metadata",
            "text_full",
            "markdown_full",
            "job_metadata",
            "images_content_metadata");
    private final Callers callers;
    private final JobQueries jobs;
    private final FileStore files;
    private final SignedLinks links;
    private final Clock clock;

    ParseRoutes(Callers callers, JobQueries jobs, FileStore files, SignedLinks links, Clock clock) {
        this.callers = callers;
        this.jobs = jobs;
        this.files = files;
        this.links = links;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get(ApiPaths.PARSE_JOB, this::parseJob);
        routes.get(ApiPaths.PARSE_JOB_IMAGE, this::image);
        routes.get(ApiPaths.ITEM_RESULT, this::itemResult);
    }

    private void parseJob(Context ctx) throws Exception {
        String project = callers.project(ctx);
        String id = ctx.pathParam("job_id");
        ChildJob job = childJob(id, project).orElseThrow(() -> ApiException.notFound("parse job " + id));
        Set<String> expand = expands(ctx);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode j = out.putObject("job");
        j.put("id", id);
        j.put("project_id", project);
        j.put("status", job.status());
        j.put("created_at", job.createdAt());
        j.put("updated_at", job.updatedAt());
        j.put("name", job.name());
        j.put("error_message", job.errorMessage());
        j.put("tier", "fast");
        if (!expand.isEmpty() && job.result() != null) {
            JsonNode result = load(job.result());
            expandPages(out, result.path("pages"), expand);
            if (expand.contains("metadata")) {
                ObjectNode m = out.putObject("metadata");
                ArrayNode a = m.putArray("pages");
                result.path("pages")
                        .forEach(p -> a.addObject()
                                .put("page_number", p.get("page_number").asInt()));
                m.set("document", result.get("document_metadata"));
                m.put("total_pages", result.path("total_pages").asInt());
            }
            if (expand.contains("text_full")) out.set("text_full", result.get("text_full"));
            if (expand.contains("markdown_full")) out.set("markdown_full", result.get("markdown_full"));
            if (expand.contains("job_metadata")) out.set("job_metadata", result.get("custom_metadata"));
            if (expand.contains("images_content_metadata"))
                out.set("images_content_metadata", images(ctx, id, result.path("images")));
        }
        ctx.json(out);
    }

    /** The {@code expand} values asked for (repeated or comma-separated); an unknown one is a 422. */
    private static Set<String> expands(Context ctx) {
        Set<String> expand = new HashSet<>();
        for (String e : ctx.queryParams("expand")) {
            for (String part : e.split(",")) {
                String p = part.strip().toLowerCase(Locale.ROOT);
                if (p.isEmpty()) continue;
                if (!EXPANDS.contains(p)) throw Http.query("expand", "unknown value '" + part + "'; one of " + EXPANDS);
                expand.add(p);
            }
        }
        return expand;
    }

    /** The per-page expansions: {@code text}, {@code markdown}, {@code items}; a failed page says why. */
    private static void expandPages(ObjectNode out, JsonNode pages, Set<String> expand) {
        if (expand.contains("text")) {
            ArrayNode a = out.putObject("text").putArray("pages");
            pages.forEach(p -> a.addObject()
                    .put("page_number", p.get("page_number").asInt())
                    .put("text", p.get("text").asText()));
        }
        if (expand.contains("markdown")) {
            ArrayNode a = out.putObject("markdown").putArray("pages");
            pages.forEach(p -> {
                ObjectNode page =
                        a.addObject().put("page_number", p.get("page_number").asInt());
                if (failed(p)) page.put("error", p.get("error").asText()).put("success", false);
                else
                    page.put("markdown", p.get("markdown").asText())
                            .put("success", true)
                            .putNull("header")
                            .putNull("footer");
            });
        }
        if (expand.contains("items")) {
            ArrayNode a = out.putObject("items").putArray("pages");
            pages.forEach(p -> {
                ObjectNode page = a.addObject();
                page.put("page_number", p.get("page_number").asInt());
                if (failed(p)) {
                    page.put("error", p.get("error").asText()).put("success", false);
                    return;
                }
                page.set("items", p.get("items"));
                page.set("page_width", p.get("page_width"));
                page.set("page_height", p.get("page_height"));
                page.put("success", true);
            });
        }
    }

    /** Each extracted image with a signed URL valid for an hour. */
    private ObjectNode images(Context ctx, String id, JsonNode images) {
        ObjectNode meta = Json.MAPPER.createObjectNode();
        ArrayNode list = meta.putArray("images");
        Instant expires = clock.instant().plusSeconds(3600);
        images.forEach(img -> {
            String filename = img.get("filename").asText();
            ObjectNode i = list.addObject();
            i.put("filename", filename);
            i.put("index", img.get("index").asInt());
            i.put("category", img.get("category").asText());
            i.put("content_type", img.get("content_type").asText());
            i.put("size_bytes", img.get("size_bytes").asLong());
            i.put("page_number", img.get("page_number").asInt());
            i.put(
                    "presigned_url",
                    links.sign(
                            ctx,
                            ApiPaths.path(ApiPaths.PARSE_JOB_IMAGE, id, filename),
                            imageId(id, filename),
                            expires));
        });
        meta.put("total_count", list.size());
        return meta;
    }

    private static String imageId(String job, String filename) {
        return "parse-image:" + job + "/" + filename;
    }

    /** An image of a parse result behind its signed URL. */
    private void image(Context ctx) throws Exception {
        String id = ctx.pathParam("job_id");
        String filename = ctx.pathParam("filename");
        if (!id.matches("[A-Za-z0-9_-]{1,512}") || !filename.matches("[A-Za-z0-9_.-]{1,128}")) {
            throw new ApiException(403, "the signature is invalid or has expired");
        }
        links.require(ctx, imageId(id, filename));
        byte[] bytes = files.blobs()
                .getObject("images/" + id + "/" + filename)
                .orElseThrow(() -> ApiException.notFound("image " + filename));
        ctx.contentType("image/png").result(bytes);
    }

    private void itemResult(Context ctx) throws Exception {
        String project = callers.project(ctx);
        String itemId = ctx.pathParam("item_id");
        String format = Optional.ofNullable(Http.stringParam(ctx, "format"))
                .orElse("markdown")
                .toLowerCase(Locale.ROOT);
        if (!List.of("markdown", "text", "json").contains(format))
            throw Http.query("format", "must be markdown, text or json");
        if (!itemId.matches("[A-Za-z0-9_-]{1,128}")) throw ApiException.notFound("result of item " + itemId);
        JobType type = Http.enumParam(ctx, "job_type", JobType.class, List.of(JobType.parse, JobType.classify));
        // The newest result (a parse or a classification, or only of job_type) of this item in the caller's project.
        ProcessingResult newest = null;
        for (ProcessingResult r : ResultIndex.results(files.blobs(), itemId, project)) {
            if (type != null && r.getJobType() != type) continue;
            if (newest == null || r.getProcessedAt().isAfter(newest.getProcessedAt())) newest = r;
        }
        if (newest == null) throw ApiException.notFound("result of item " + itemId);
        JsonNode result = load(newest.getOutputLocation());
        if (newest.getJobType() == JobType.classify) {
            // A classification: the JSON as stored; as text, one line saying what it is and why.
            if (format.equals("json")) ctx.json(result);
            else
                ctx.contentType("text/plain; charset=utf-8")
                        .result((result.path("type").isNull()
                                        ? "no matching type"
                                        : result.path("type").asText()) + " (confidence "
                                + result.path("confidence").asDouble() + "): "
                                + result.path("reasoning").asText());
            return;
        }
        switch (format) {
            case "json" -> ctx.json(result);
            case "text" ->
                ctx.contentType("text/plain; charset=utf-8")
                        .result(result.path("text_full").asText());
            default ->
                ctx.contentType("text/markdown; charset=utf-8")
                        .result(result.path("markdown_full").asText());
        }
    }

    private static boolean failed(JsonNode page) {
        return page.has("success") && !page.get("success").asBoolean(true);
    }

    private JsonNode load(String key) throws Exception {
        byte[] bytes = files.blobs()
                .getObject(key)
                .orElseThrow(() -> new ApiException(410, "the result at " + key + " is no longer stored"));
        return Json.MAPPER.readTree(bytes);
    }

    /** What {@code GET /api/v2/parse/{id}} shows of a child job; {@code result} is the key of its parse result, if it has one. */
    private record ChildJob(
            String status, String createdAt, String updatedAt, String name, String errorMessage, String result) {}

    /**
     * The child parse job an id names, in the caller's project: the item of a parse job, read from
     * the aggregator's store. Items skipped for their size never had one.
     */
    private Optional<ChildJob> childJob(String id, String project) {
        if (!id.matches("[A-Za-z0-9_-]{1,512}")) return Optional.empty();
        Optional<Ids.ParseJobRef> ref = Ids.parseJobRef(id);
        if (ref.isEmpty()) return Optional.empty();
        boolean parseJobOfCaller = jobs.job(ref.get().batchJobId())
                .filter(j -> project.equals(j.getProjectId())
                        && (j.getJobType() == JobType.parse || j.getJobType() == JobType.unknown))
                .isPresent();
        if (!parseJobOfCaller) return Optional.empty();
        Optional<JobItem> found = jobs.item(ref.get().batchJobId(), ref.get().itemId());
        if (found.isEmpty()) return Optional.empty();
        JobItem item = found.get();
        String status = switch (item.getStatus()) {
            case pending -> "PENDING";
            case processing -> "RUNNING";
            case failed -> "FAILED";
            case cancelled -> "CANCELLED";
            case completed -> "COMPLETED";
            case skipped -> item.getSkipReason() == SkipReason.already_processed ? "COMPLETED" : null;
            default -> null;
        };
        if (status == null) return Optional.empty();
        boolean done = item.getStatus() == ItemState.completed || item.getStatus() == ItemState.skipped;
        return Optional.of(new ChildJob(
                status,
                Views.iso(item.getStartedAt() != null ? item.getStartedAt() : item.getUpdatedAt()),
                Views.iso(item.getUpdatedAt()),
                item.getItemName() != null ? item.getItemName() : item.getItemId(),
                item.getErrorMessage(),
                done ? item.getOutputLocation() : null));
    }
}
