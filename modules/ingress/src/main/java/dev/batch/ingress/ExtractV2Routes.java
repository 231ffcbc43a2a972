package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.client.ApiPaths;
import dev.batch.common.Ids;
import dev.batch.common.blob.BlobStore;
import dev.batch.common.kafka.Publisher;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Trace;
import dev.batch.common.query.JobQueries;
import dev.batch.events.CancelRequested;
import dev.batch.events.JobCommand;
import dev.batch.events.JobOrigin;
import dev.batch.events.JobStatus;
import dev.batch.events.PurgeRequested;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * LlamaCloud's extract v2 API ({@code client.extract}): {@code POST /api/v2/extract} extracts the
 * fields of a data schema from one file, directory file or parse job's file as a one-item extract
 * batch job with origin {@code extract_v2}, submitted like any batch job (the same checks, cache and
 * pipeline); {@code GET /api/v2/extract[/{job_id}]} read such jobs (and, by id, the extract job of
 * an item of a batch extract job) with their result; {@code DELETE} cancels a job still running and
 * forgets it.
 */
final class ExtractV2Routes {
    private static final List<String> STATUSES =
            List.of("PENDING", "THROTTLED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED");
    /** A created job shows the configuration it runs. */
    private static final ExtractV2View.Expand CREATED = new ExtractV2View.Expand(true, false);

    private final Callers callers;
    private final SavedConfigurations configurations;
    private final JobQueries jobs;
    private final JobSubmitter submitter;
    private final StandaloneRecords<ExtractV2Records.Job> records;
    private final IdempotencyKeys transactions;
    private final ExtractV2Jobs v2;
    private final Publisher publisher;
    private final Topics topics;
    private final Clock clock;
    /** Drops a batch job the API accepted from what it shows until the aggregator knows it (a purge removes it there). */
    private final Consumer<String> forgetAccepted;

    ExtractV2Routes(
            Callers callers,
            JobQueries jobs,
            JobSubmitter submitter,
            BlobStore blobs,
            SavedConfigurations configurations,
            Publisher publisher,
            Topics topics,
            Clock clock,
            Consumer<String> forgetAccepted) {
        this.callers = callers;
        this.forgetAccepted = forgetAccepted;
        this.configurations = configurations;
        this.jobs = jobs;
        this.submitter = submitter;
        this.records = ExtractV2Records.of(blobs);
        this.transactions = new IdempotencyKeys(blobs, "extract-v2/transactions");
        this.v2 = new ExtractV2Jobs(jobs, records, blobs);
        this.publisher = publisher;
        this.topics = topics;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.post(ApiPaths.EXTRACT_JOBS, this::create);
        routes.get(ApiPaths.EXTRACT_JOBS, this::list);
        routes.get(ApiPaths.EXTRACT_JOB, this::get);
        routes.delete(ApiPaths.EXTRACT_JOB, this::delete);
    }

    /**
     * 200 with the job, pending, and the configuration it runs (as given, or the saved one). An
     * {@code Idempotency-Key} the project used before answers its first job, however often sent.
     */
    private void create(Context ctx) throws Exception {
        String project = callers.project(ctx);
        ExtractV2Request asked = ExtractV2Request.read(Json.body(ctx));
        String key = ctx.header("Idempotency-Key");
        if (key == null || key.isBlank()) {
            ctx.json(v2.view(submit(ctx, project, asked), CREATED));
            return;
        }
        if (key.length() > 255) throw new ApiException(422, "Idempotency-Key: at most 255 characters");
        IdempotencyKeys.Outcome<ExtractV2Jobs.Found> outcome = transactions.once(
                project, key, record -> v2.find(record.get("job_id").asText(), project), () -> {
                    ExtractV2Jobs.Found created = submit(ctx, project, asked);
                    return new IdempotencyKeys.Created<>(
                            created,
                            Map.of("job_id", created.record().id()),
                            created.record().batchJobId());
                });
        if (outcome.replayed()) ctx.header("Idempotent-Replayed", "true");
        ctx.json(v2.view(outcome.value(), CREATED));
    }

    private ExtractV2Jobs.Found submit(Context ctx, String project, ExtractV2Request asked) throws Exception {
        JsonNode configuration = asked.configuration() != null
                ? asked.configuration()
                : configurations.parameters(project, asked.configurationId(), ConfigurationParameters.EXTRACT);
        String itemId = asked.byParseJob() ? ParsedFiles.fileOf(jobs, asked.fileInput(), project) : asked.fileInput();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("job_config", asked.jobConfig(configuration));
        body.putArray("item_ids").add(itemId);
        JobView job;
        try {
            job = submitter.submit(project, body, JobOrigin.extract_v2, ctx);
        } catch (ApiException e) {
            throw asked.renamed(e);
        }
        ExtractV2Records.Job record = new ExtractV2Records.Job(
                Ids.extractJob(job.id(), itemId),
                job.id(),
                project,
                itemId,
                asked.fileInput(),
                asked.byParseJob() ? "parse_job_id" : "file_id",
                asked.byParseJob() ? asked.fileInput() : null,
                configuration,
                asked.configurationId(),
                job.createdAt());
        records.put(record);
        return v2.find(record.id(), project).orElseThrow();
    }

    private void get(Context ctx) throws Exception {
        String project = callers.project(ctx);
        String id = ctx.pathParam("job_id");
        ExtractV2View.Expand expand = ExtractV2View.Expand.of(ctx);
        ctx.json(v2.view(found(id, project), expand));
    }

    private ExtractV2Jobs.Found found(String id, String project) throws Exception {
        return v2.find(id, project).orElseThrow(() -> ApiException.notFound("extract job " + id));
    }

    /**
     * Forgets the job: it answers 404 from now on. A finished one is removed at once with its result and
     * cache entries, as its retention would; one still to finish is cancelled, and its retention removes
     * it. The extract job of an item of a batch job is the batch job's: 409, cancel that job instead.
     */
    private void delete(Context ctx) throws Exception {
        String project = callers.project(ctx);
        String id = ctx.pathParam("job_id");
        ExtractV2Jobs.Found found = found(id, project);
        if (!found.standalone()) {
            throw new ApiException(
                    409,
                    "extract job " + id + " is an item of batch job "
                            + found.record().batchJobId() + "; cancel that job instead");
        }
        String status = v2.outcome(found).status();
        // A running job is cancelled (its retention removes it later); a finished one goes now, results and all.
        boolean running = status.equals("PENDING") || status.equals("RUNNING");
        command(
                found.status(),
                project,
                running
                        ? new CancelRequested("the extract job was deleted")
                        : new PurgeRequested("the extract job was deleted"));
        if (!running) forgetAccepted.accept(found.status().getJobId());
        records.delete(found.record());
        ctx.status(204);
    }

    private void command(JobStatus job, String project, Object command) throws Publisher.PublishException {
        JobCommand c = JobCommand.newBuilder()
                .setJobId(job.getJobId())
                .setProjectId(project)
                .setCommand(command)
                .setRequestedAt(clock.instant())
                .build();
        publisher.publish(topics.jobCommands, job.getJobId(), c, Trace.headers(job.getCorrelationId(), null));
    }

    /** A cursor page of the project's standalone jobs, newest first, that pass every filter asked. */
    private void list(Context ctx) throws Exception {
        String project = callers.project(ctx);
        V2Listing query =
                V2Listing.of(ctx, STATUSES, id -> Ids.extractJobRef(id).map(Ids.ParseJobRef::batchJobId));
        ExtractV2View.Expand expand = ExtractV2View.Expand.of(ctx);
        InputFilter input = InputFilter.of(ctx);
        List<JobStatus> candidates = new ArrayList<>();
        for (JobStatus s : v2.all(project)) if (query.matches(s)) candidates.add(s);
        candidates.sort(Comparator.comparing(V2Listing.Position::of, V2Listing.NEWEST_FIRST));
        List<ExtractV2View> page = new ArrayList<>();
        String next = null;
        JobStatus last = null;
        for (JobStatus candidate : candidates) {
            Optional<ExtractV2Jobs.Found> job = v2.find(candidate);
            if (job.isEmpty() || !input.passes(job.get().record())) continue;
            ExtractV2Jobs.Outcome outcome = v2.outcome(job.get());
            if (!passes(job.get(), outcome, query)) continue;
            if (page.size() == query.pageSize()) {
                next = V2Listing.Position.of(last).token();
                break;
            }
            page.add(ExtractV2View.of(job.get().record(), job.get().status(), outcome, v2.result(outcome), expand));
            last = candidate;
        }
        ctx.json(Http.cursorPage(page, next));
    }

    private static boolean passes(ExtractV2Jobs.Found job, ExtractV2Jobs.Outcome outcome, V2Listing query) {
        return (query.configurationId() == null
                        || query.configurationId().equals(job.record().configurationId()))
                && (query.status() == null || query.status().equals(outcome.status()));
    }

    /** The list's filters on the input: {@code file_input} (or the deprecated {@code document_input_value}) and {@code document_input_type}. */
    private record InputFilter(String fileInput, String inputType) {
        static InputFilter of(Context ctx) {
            String input = Http.stringParam(ctx, "file_input");
            if (input == null) input = Http.stringParam(ctx, "document_input_value");
            String type = Http.stringParam(ctx, "document_input_type");
            if (type != null && !List.of("file_id", "parse_job_id").contains(type.strip()))
                throw Http.query("document_input_type", "must be file_id or parse_job_id, got '" + type + "'");
            return new InputFilter(input == null ? null : input.strip(), type == null ? null : type.strip());
        }

        boolean passes(ExtractV2Records.Job job) {
            return (fileInput == null || fileInput.equals(job.fileInput()))
                    && (inputType == null || inputType.equals(job.documentInputType()));
        }
    }
}
