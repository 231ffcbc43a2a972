package dev.batch.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.client.ApiPaths;
import dev.batch.common.Ids;
import dev.batch.common.catalog.CatalogItems;
import dev.batch.common.kafka.Topics;
import dev.batch.common.query.JobQueries;
import dev.batch.events.FileRecord;
import dev.batch.events.JobOrigin;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Creating and listing standalone parse jobs (LlamaParse v2, the SDK's {@code client.parsing}):
 * {@code POST /api/v2/parse} (by {@code file_id} or {@code source_url}), {@code POST
 * /api/v2/parse/upload} (multipart {@code configuration} + {@code file}) and {@code GET /api/v2/parse}.
 * A parse job runs as a one-item batch job through the same pipeline, so it gets the same
 * guarantees, result cache and webhooks; its id is that item's parse job id.
 */
final class ParseV2Routes {
    private static final List<String> STATUSES = List.of("PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED");
    private final Callers callers;
    private final CatalogAccess catalog;
    private final Topics topics;
    private final FileRoutes files;
    private final JobSubmitter submitter;
    private final VisibleJobs jobs;
    private final ParseJobs parseJobs;
    private final SourceDownloads downloads;

    ParseV2Routes(
            Callers callers,
            CatalogAccess catalog,
            Topics topics,
            FileRoutes files,
            JobSubmitter submitter,
            VisibleJobs jobs,
            ParseJobs parseJobs,
            SourceDownloads downloads) {
        this.callers = callers;
        this.catalog = catalog;
        this.topics = topics;
        this.files = files;
        this.submitter = submitter;
        this.jobs = jobs;
        this.parseJobs = parseJobs;
        this.downloads = downloads;
    }

    void register(RoutesConfig routes) {
        routes.post(ApiPaths.PARSE_JOBS, this::create);
        routes.post(ApiPaths.PARSE_UPLOAD, this::upload);
        routes.get(ApiPaths.PARSE_JOBS, this::list);
    }

    private void create(Context ctx) throws Exception {
        String project = callers.project(ctx);
        ParseV2Request.Read read = ParseV2Request.read(Json.body(ctx), false);
        String input;
        String name;
        if (read.fileId() != null) {
            input = read.fileId();
            name = ownFile(read.fileId(), project);
        } else {
            FileRecord fetched = downloads.fetch(read.sourceUrl(), project, files);
            input = fetched.getFileId();
            name = fetched.getName();
        }
        ctx.json(start(ctx, project, read, input, name));
    }

    private void upload(Context ctx) throws Exception {
        String project = callers.project(ctx);
        String configuration = files.formParam(ctx, "file", "configuration");
        JsonNode body;
        try {
            body = configuration == null || configuration.isBlank() ? null : Json.MAPPER.readTree(configuration);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("configuration", "is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null) throw ApiException.invalid("configuration", "field required (a JSON object)");
        ParseV2Request.Read read = ParseV2Request.read(body, true);
        FileRecord file = files.store(ctx, "file", project, null, null, null, "parse");
        ctx.json(start(ctx, project, read, file.getFileId(), file.getName()));
    }

    /** The name of the project's file or directory file {@code id}; 404 when it has none such. */
    private String ownFile(String id, String project) {
        Optional<CatalogItems.Item> item = CatalogItems.resolve(catalog.view(), id);
        if (item.isEmpty()) {
            catalog.catchUp(id.startsWith("dfl-") ? topics.directoryFiles : topics.files);
            item = CatalogItems.resolve(catalog.view(), id);
        }
        return item.filter(i -> i.projectId().equals(project))
                .map(CatalogItems.Item::name)
                .orElseThrow(() -> ApiException.notFound("file " + id));
    }

    /** Submits the one-item batch job; the answer is the parse job, pending. */
    private ObjectNode start(Context ctx, String project, ParseV2Request.Read read, String itemId, String name)
            throws Exception {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.set("job_config", read.jobConfig());
        request.putArray("item_ids").add(itemId);
        JobView job;
        try {
            job = submitter.submit(project, request, JobOrigin.parse_v2, ctx);
        } catch (ApiException e) {
            throw renamed(e);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", Ids.parseJob(job.id(), itemId));
        out.put("project_id", project);
        out.put("status", "PENDING");
        out.put("created_at", job.createdAt());
        out.put("updated_at", job.createdAt());
        out.put("name", name);
        out.putNull("error_message");
        out.put("tier", ParseV2Request.ENGINE_TIER);
        return out;
    }

    /** A refusal of the batch config, naming the v2 field the client sent. */
    private static ApiException renamed(ApiException e) {
        if (e.status != 422) return e;
        return e.renamed(field -> field.equals("item_ids") ? "file_id" : ParseV2Request.v2Field(field));
    }

    private void list(Context ctx) {
        String project = callers.project(ctx);
        V2Listing query = V2Listing.of(ctx, STATUSES, id -> Ids.parseJobRef(id).map(Ids.ParseJobRef::batchJobId));
        List<JobStatus> candidates = new ArrayList<>();
        for (JobStatus s : jobs.queries()
                .jobs(
                        project,
                        new JobQueries.JobFilter(null, JobType.parse, null, JobOrigin.parse_v2),
                        0,
                        Integer.MAX_VALUE)
                .items()) {
            if (query.matches(s)) candidates.add(s);
        }
        candidates.sort(Comparator.comparing(V2Listing.Position::of, V2Listing.NEWEST_FIRST));
        List<ObjectNode> page = new ArrayList<>();
        String next = null;
        JobStatus last = null;
        for (JobStatus candidate : candidates) {
            Optional<ParseJobs.ParseJob> job = parseJobs.standalone(candidate);
            if (job.isEmpty()
                    || (query.status() != null
                            && !query.status().equals(job.get().status()))) continue;
            if (page.size() == query.pageSize()) {
                next = V2Listing.Position.of(last).token();
                break;
            }
            page.add(job.get().view(project));
            last = candidate;
        }
        ctx.json(Http.cursorPage(page, next));
    }
}
