package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.client.ApiPaths;
import dev.batch.common.blob.FileStore;
import dev.batch.common.blob.ResultIndex;
import dev.batch.events.JobType;
import dev.batch.events.ProcessingResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reading parse jobs: {@code GET /api/v2/parse/{job_id}} (a standalone parse job or the child job an
 * item links to, shaped as the SDK's {@code parsing.get}, with every {@code expand} it documents),
 * the downloads its content metadata signs, its images, and the convenience
 * {@code GET /api/v1/beta/batch-processing/items/{item_id}/result?format=markdown|text|json}.
 */
final class ParseRoutes {
    private static final Set<String> EXPANDS;

    static {
        Set<String> expands = new LinkedHashSet<>(List.of(
                "text",
                "markdown",
                "items",
                "metadata",
                "text_full",
                "markdown_full",
                "job_metadata",
                "raw_parameters",
                "images_content_metadata"));
        ParseResultView.KINDS.forEach(k -> expands.add(k + "_content_metadata"));
        EXPANDS = Collections.unmodifiableSet(expands);
    }

    private static final Duration LINK_LIFETIME = Duration.ofHours(1);
    private final Callers callers;
    private final ParseJobs parseJobs;
    private final FileStore files;
    private final SignedLinks links;
    private final Clock clock;

    ParseRoutes(Callers callers, ParseJobs parseJobs, FileStore files, SignedLinks links, Clock clock) {
        this.callers = callers;
        this.parseJobs = parseJobs;
        this.files = files;
        this.links = links;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get(ApiPaths.PARSE_JOB, this::parseJob);
        routes.get(ApiPaths.PARSE_JOB_IMAGE, this::image);
        routes.get(ApiPaths.PARSE_JOB_RESULT, this::resultDownload);
        routes.get(ApiPaths.ITEM_RESULT, this::itemResult);
    }

    private void parseJob(Context ctx) throws Exception {
        String project = callers.project(ctx);
        String id = ctx.pathParam("job_id");
        ParseJobs.ParseJob job =
                parseJobs.find(id, project).orElseThrow(() -> ApiException.notFound("parse job " + id));
        Set<String> expand = expands(ctx);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("job", job.view(project));
        JsonNode result = !expand.isEmpty() && job.result() != null ? load(job.result()) : null;
        if (result != null) {
            ParseResultView.expandPages(out, result, expand);
            if (expand.contains("images_content_metadata"))
                out.set("images_content_metadata", images(ctx, id, result.path("images")));
            ObjectNode contents = contentMetadata(ctx, id, result, expand);
            if (contents != null) out.set("result_content_metadata", contents);
        }
        if (expand.contains("job_metadata")) out.set("job_metadata", ParseJobMetadata.of(job, result));
        if (expand.contains("raw_parameters")) out.set("raw_parameters", ParseJobMetadata.rawParameters(job));
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

    /**
     * {@code result_content_metadata}: for each {@code <kind>_content_metadata} asked, the result's
     * size and a signed URL to it; a kind the engine does not produce does not exist. Null when none asked.
     */
    private ObjectNode contentMetadata(Context ctx, String id, JsonNode result, Set<String> expand) {
        ObjectNode out = null;
        Instant expires = clock.instant().plus(LINK_LIFETIME);
        for (String kind : ParseResultView.KINDS) {
            if (!expand.contains(kind + "_content_metadata")) continue;
            if (out == null) out = Json.MAPPER.createObjectNode();
            ObjectNode meta = out.putObject(kind);
            ParseResultView.Rendered rendered = ParseResultView.render(result, kind);
            if (rendered == null) {
                meta.put("size_bytes", 0).put("exists", false).putNull("presigned_url");
                continue;
            }
            meta.put("size_bytes", rendered.bytes().length).put("exists", true);
            meta.put(
                    "presigned_url",
                    links.sign(ctx, ApiPaths.path(ApiPaths.PARSE_JOB_RESULT, id, kind), resultId(id, kind), expires));
        }
        return out;
    }

    private static String resultId(String job, String kind) {
        return "parse-result:" + job + "/" + kind;
    }

    /** A parse result behind its signed URL: the signature is the credential, as with a presigned S3 URL. */
    private void resultDownload(Context ctx) throws Exception {
        String id = ctx.pathParam("job_id");
        String kind = ctx.pathParam("kind");
        if (!ParseResultView.PRODUCED.contains(kind)) throw ApiException.notFound("result " + kind);
        links.require(ctx, resultId(id, kind));
        ParseJobs.ParseJob job = parseJobs.find(id, null).orElseThrow(() -> ApiException.notFound("parse job " + id));
        if (job.result() == null) throw ApiException.notFound("result of parse job " + id);
        ParseResultView.Rendered rendered = ParseResultView.render(load(job.result()), kind);
        ctx.contentType(rendered.contentType()).result(rendered.bytes());
    }

    /** Each extracted image with a signed URL valid for an hour. */
    private ObjectNode images(Context ctx, String id, JsonNode images) {
        ObjectNode meta = Json.MAPPER.createObjectNode();
        ArrayNode list = meta.putArray("images");
        Instant expires = clock.instant().plus(LINK_LIFETIME);
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

    private JsonNode load(String key) throws Exception {
        byte[] bytes = files.blobs()
                .getObject(key)
                .orElseThrow(() -> new ApiException(410, "the result at " + key + " is no longer stored"));
        return Json.MAPPER.readTree(bytes);
    }
}
