package dev.batch.ingress;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.batch.common.blob.BlobStore;
import dev.batch.common.blob.FileStore;
import dev.batch.common.kafka.Publisher;
import dev.batch.common.kafka.Topics;
import dev.batch.common.query.JobLookup;
import dev.batch.events.FileRecord;
import dev.batch.events.JobRequested;
import dev.batch.events.JobStatus;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API, LlamaCloud-compatible: files, batch jobs, health. Built by {@link #create} from its
 * dependencies so a test can start it on port 0 against a real broker. Routes publish events and
 * read the aggregator's store; they hold no job state of their own beyond {@link RecentJobs}.
 */
public final class IngressApp {
    private static final Logger log = LoggerFactory.getLogger(IngressApp.class);
    static final String BATCH = "/api/v1/beta/batch-processing";
    static final String FILES = "/api/v1/beta/files";

    /** What the API needs; {@code readiness} reports each service's readiness by name. */
    public record Deps(ApiKeys keys, Topics topics, Publisher publisher, JobLookup jobs, FileStore files,
                       long maxUploadBytes, Clock clock, Supplier<Map<String, Boolean>> readiness) {}

    private final Deps deps;
    private final ObjectMapper json;
    private final JobRequestReader reader;
    private final RecentJobs recent = new RecentJobs(Duration.ofMinutes(5));

    private IngressApp(Deps deps) {
        this.deps = deps;
        this.json = mapper();
        this.reader = new JobRequestReader(json);
    }

    static ObjectMapper mapper() {
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setSerializationInclusion(JsonInclude.Include.ALWAYS)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    public static Javalin create(Deps deps) {
        IngressApp app = new IngressApp(deps);
        return Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(app.json, false));
            cfg.http.maxRequestSize = 10L * 1024 * 1024; // JSON bodies; uploads are streamed as multipart
            cfg.jetty.multipartConfig.maxFileSize(deps.maxUploadBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(deps.maxUploadBytes() + 1024 * 1024, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "ok")));
            cfg.routes.get("/health/ready", app::ready);
            cfg.routes.post(FILES, app::uploadFile);
            cfg.routes.post(BATCH, app::createJob);
            cfg.routes.get(BATCH + "/{job_id}", app::getJob);
            cfg.routes.exception(ApiException.class, app::renderApiError);
            cfg.routes.exception(JobLookup.NotAvailableException.class, (e, ctx) -> {
                ctx.header("Retry-After", "1");
                app.renderApiError(new ApiException(503, e.getMessage()), ctx);
            });
            cfg.routes.exception(Publisher.PublishException.class, (e, ctx) -> {
                log.warn("Publishing failed: {}", e.getMessage());
                ctx.header("Retry-After", "1");
                app.renderApiError(new ApiException(503, "the event log is unavailable, try again: " + e.getMessage()), ctx);
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                app.renderApiError(new ApiException(500, "internal error: " + e.getClass().getSimpleName()), ctx);
            });
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null) app.renderApiError(new ApiException(404, "no route for " + ctx.method() + " " + ctx.path()), ctx);
            });
        });
    }

    private void ready(Context ctx) {
        Map<String, Boolean> services = deps.readiness().get();
        boolean ready = !services.isEmpty() && services.values().stream().allMatch(b -> b);
        ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "ready" : "not_ready", "services", services));
    }

    private void renderApiError(ApiException e, Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", e.getMessage());
        if (!e.errors.isEmpty()) body.put("errors", e.errors);
        ctx.status(e.status).json(body);
    }

    // ---- files ----

    private void uploadFile(Context ctx) throws Exception {
        String project = deps.keys().authenticate(ctx);
        String length = ctx.header("Content-Length");
        if (length != null && parseLong(length) > deps.maxUploadBytes() + 1024 * 1024) {
            throw new ApiException(413, "upload of " + length + " bytes exceeds the limit of " + deps.maxUploadBytes() + " bytes");
        }
        if (ctx.contentType() == null || !ctx.contentType().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiException(422, "file: send the file as multipart/form-data in the field 'file'",
                    List.of(new ApiException.FieldError(List.of("body", "file"), "field required")));
        }
        UploadedFile upload;
        try {
            upload = ctx.uploadedFile("file");
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("size")) {
                throw new ApiException(413, "upload exceeds the limit of " + deps.maxUploadBytes() + " bytes");
            }
            throw new ApiException(400, "malformed multipart body: " + e.getMessage());
        }
        if (upload == null) {
            throw new ApiException(422, "file: field required (multipart field 'file')",
                    List.of(new ApiException.FieldError(List.of("body", "file"), "field required")));
        }
        BlobStore.StoredContent stored;
        try (InputStream in = upload.content()) {
            stored = deps.files().blobs().putContent(in, deps.maxUploadBytes());
        } catch (BlobStore.TooLargeException e) {
            throw new ApiException(413, "upload exceeds the limit of " + e.limit() + " bytes");
        }
        String name = displayName(upload.filename());
        String purpose = Optional.ofNullable(ctx.formParam("purpose")).filter(s -> !s.isBlank()).orElse("user_data");
        FileRecord file = FileRecord.newBuilder()
                .setFileId(dev.batch.common.Ids.file())
                .setProjectId(project)
                .setName(name)
                .setContentHash(stored.sha256())
                .setSize(stored.size())
                .setFileType(extension(name))
                .setPurpose(purpose)
                .setExternalFileId(ctx.formParam("external_file_id"))
                .setCreatedAt(deps.clock().instant())
                .build();
        deps.files().put(file);
        deps.publisher().publish(deps.topics().files, file.getFileId(), file);
        ctx.json(FileView.of(file));
    }

    /** A client's file name is a display name only: strip any path and control characters. */
    static String displayName(String raw) {
        String name = raw == null ? "" : raw;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("\\p{Cntrl}", "").trim();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) name = "upload";
        return name.length() > 255 ? name.substring(0, 255) : name;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : null;
    }

    // ---- batch jobs ----

    private void createJob(Context ctx) throws Exception {
        String project = deps.keys().authenticate(ctx);
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "malformed JSON body: " + e.getOriginalMessage());
        }
        Instant now = deps.clock().instant();
        JobRequested request = reader.read(body, project, now);
        if (request.getDirectoryId() != null) {
            throw new ApiException(422, "directory_id: directory '" + request.getDirectoryId() + "' not found",
                    List.of(new ApiException.FieldError(List.of("body", "directory_id"), "not found")));
        }
        List<String> unknown = new ArrayList<>();
        for (String id : request.getItemIds()) {
            Optional<FileRecord> f = deps.files().find(id);
            if (f.isEmpty() || !f.get().getProjectId().equals(project)) unknown.add(id);
        }
        if (!unknown.isEmpty()) {
            String shown = String.join(", ", unknown.subList(0, Math.min(20, unknown.size())))
                    + (unknown.size() > 20 ? " and " + (unknown.size() - 20) + " more" : "");
            throw new ApiException(422, "item_ids: unknown ids " + shown,
                    List.of(new ApiException.FieldError(List.of("body", "item_ids"), "unknown ids: " + shown)));
        }
        deps.publisher().publish(deps.topics().jobRequests, request.getJobId(), request);
        JobView view = JobView.accepted(request, request.getItemIds().size());
        recent.put(view, now);
        log.info("Accepted {} job {} with {} items", request.getJobType(), request.getJobId(), request.getItemIds().size());
        ctx.status(201).json(view);
    }

    private void getJob(Context ctx) {
        String project = deps.keys().authenticate(ctx);
        String jobId = ctx.pathParam("job_id");
        Optional<JobStatus> status = deps.jobs().job(jobId);
        if (status.isPresent() && project.equals(status.get().getProjectId())) {
            ctx.json(Map.of("job", JobView.of(status.get()), "progress_percentage", JobView.progress(status.get())));
            return;
        }
        Optional<JobView> accepted = recent.get(jobId, deps.clock().instant()).filter(j -> project.equals(j.projectId()));
        if (accepted.isPresent()) {
            ctx.json(Map.of("job", accepted.get(), "progress_percentage", 0.0));
            return;
        }
        // Another project's job is as invisible as one that does not exist.
        throw ApiException.notFound("job " + jobId);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
