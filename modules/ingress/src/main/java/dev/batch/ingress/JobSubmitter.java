package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.Hashes;
import dev.batch.common.blob.FileStore;
import dev.batch.common.catalog.CatalogItems;
import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.common.kafka.Publisher;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Trace;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.JobOrigin;
import dev.batch.events.JobRequested;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a job request into a {@code JobRequested} event: checks it (the same rules the splitter
 * applies to events produced straight to Kafka), checks its items belong to the caller's project,
 * publishes it, and keeps {@code Idempotency-Key} replays to the job first created.
 */
final class JobSubmitter {
    private static final Logger log = LoggerFactory.getLogger(JobSubmitter.class);
    private final CatalogAccess catalog;
    private final Publisher publisher;
    private final Topics topics;
    private final VisibleJobs jobs;
    private final JobRequestReader reader;
    private final Clock clock;
    private final IdempotencyKeys idempotencyKeys;

    JobSubmitter(
            CatalogAccess catalog,
            FileStore files,
            Publisher publisher,
            Topics topics,
            VisibleJobs jobs,
            JobRequestValidator rules,
            Clock clock) {
        this.catalog = catalog;
        this.publisher = publisher;
        this.topics = topics;
        this.jobs = jobs;
        this.reader = new JobRequestReader(Json.MAPPER, rules);
        this.clock = clock;
        this.idempotencyKeys = new IdempotencyKeys(files.blobs(), "idempotency");
    }

    /** {@code POST} of a job: 201 with the job, or the job first created under the same {@code Idempotency-Key}. */
    void create(Context ctx, String project) throws Exception {
        String idempotencyKey = ctx.header("Idempotency-Key");
        JsonNode body = Json.body(ctx);
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            ctx.status(201).json(submit(project, body, ctx));
            return;
        }
        if (idempotencyKey.length() > 255) throw new ApiException(422, "Idempotency-Key: at most 255 characters");
        // Same key and same body: the same job, however often it is sent (across restarts too).
        String bodyHash = Hashes.sha256Hex(body.toString());
        IdempotencyKeys.Outcome<JobView> outcome =
                idempotencyKeys.once(project, idempotencyKey, record -> Optional.of(replay(record, bodyHash)), () -> {
                    JobView job = submit(project, body, ctx);
                    Map<String, Object> record = new LinkedHashMap<>();
                    record.put("body_sha256", bodyHash);
                    record.put("job_id", job.id());
                    record.put("job", job);
                    return new IdempotencyKeys.Created<>(job, record, job.id());
                });
        if (outcome.replayed()) ctx.header("Idempotent-Replayed", "true");
        ctx.status(201).json(outcome.value());
    }

    private JobView replay(JsonNode record, String bodyHash) {
        if (!record.get("body_sha256").asText().equals(bodyHash)) {
            throw new ApiException(422, "Idempotency-Key was already used with a different request body");
        }
        String jobId = record.get("job_id").asText();
        return jobs.view(jobId).orElseGet(() -> Json.MAPPER.convertValue(record.get("job"), JobView.class));
    }

    /** A batch job: {@link #submit(String, JsonNode, JobOrigin, Context)} with origin {@code batch}. */
    JobView submit(String project, JsonNode body, Context ctx) throws Exception {
        return submit(project, body, JobOrigin.batch, ctx);
    }

    /**
     * A job from the entrance {@code origin} names (a standalone v2 job runs as a one-item job),
     * with the request's correlation and trace headers.
     */
    JobView submit(String project, JsonNode body, JobOrigin origin, Context ctx) throws Exception {
        return submit(project, body, origin, ctx.header(HttpApi.CORRELATION_HEADER), ctx.header("traceparent"));
    }

    /**
     * Validates and publishes a job. {@code correlationHeader} ({@code X-Correlation-Id}) is the
     * job's correlation id when its config names none; {@code traceparent} (W3C, when valid) is
     * kept on the job and a child of it travels in the headers of the job's records.
     */
    JobView submit(String project, JsonNode body, JobOrigin origin, String correlationHeader, String traceparent)
            throws Exception {
        Instant now = clock.instant();
        JobRequestReader.Read read = reader.read(body, project, correlationHeader, now);
        JobRequested request = read.asked();
        request.setOrigin(origin);
        request.setTraceparent(Trace.valid(traceparent));
        long total = 0;
        if (request.getDirectoryId() != null) {
            request.setCatalogWatermark(directoryWatermark(request.getDirectoryId(), project));
        } else {
            requireOwnItems(request.getItemIds(), project);
            total = request.getItemIds().size();
        }
        publisher.publish(
                topics.jobRequests,
                request.getJobId(),
                request,
                Trace.headers(request.getCorrelationId(), request.getTraceparent()));
        JobView view = JobView.accepted(
                request, read.checked().request().getPriority(), read.checked().notices(), total);
        jobs.accepted(view, now);
        try (var mdc = Trace.mdc(project, request.getJobId(), null, request.getCorrelationId())) {
            log.info(
                    "Accepted {} job {} ({})",
                    request.getJobType(),
                    request.getJobId(),
                    request.getDirectoryId() != null ? "directory " + request.getDirectoryId() : total + " items");
        }
        return view;
    }

    /**
     * The splitter lists the directory once its catalog has read this far: files added before the
     * request are in the job.
     */
    private Map<String, Long> directoryWatermark(String directoryId, String project) {
        Optional<DirectoryRecord> dir =
                catalog.lookup(topics.directories, () -> catalog.view().directory(directoryId));
        if (dir.isEmpty()
                || !dir.get().getProjectId().equals(project)
                || dir.get().getDeletedAt() != null) {
            throw new ApiException(
                    422,
                    "directory_id: directory '" + directoryId + "' not found",
                    List.of(new ApiException.FieldError(List.of("body", "directory_id"), "not found")));
        }
        Map<String, Long> watermark = new HashMap<>();
        catalog.endOffsets(topics.directoryFiles).forEach((p, o) -> watermark.put(Integer.toString(p), o));
        return watermark;
    }

    /** Every item is a file or a directory file of the caller's project, as the splitter will check again. */
    private void requireOwnItems(List<String> itemIds, String project) {
        List<String> unknown = CatalogItems.foreign(catalog.view(), itemIds, project);
        if (!unknown.isEmpty()) {
            // Uploaded or added to a directory through another instance a moment ago?
            catalog.catchUp(topics.files);
            catalog.catchUp(topics.directoryFiles);
            unknown = CatalogItems.foreign(catalog.view(), unknown, project);
        }
        if (!unknown.isEmpty()) {
            JobRequestValidator.Invalid e = JobRequestValidator.unknownItems(unknown);
            throw new ApiException(
                    422, e.getMessage(), List.of(new ApiException.FieldError(List.of("body", "item_ids"), e.reason())));
        }
    }
}
