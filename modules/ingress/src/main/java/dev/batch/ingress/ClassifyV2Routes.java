package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.client.ApiPaths;
import dev.batch.common.Ids;
import dev.batch.common.blob.BlobStore;
import dev.batch.common.query.JobQueries;
import dev.batch.events.JobOrigin;
import dev.batch.events.JobStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * LlamaCloud's classify v2 API ({@code client.classify}): {@code POST /api/v2/classify} classifies
 * one file, directory file or parse job's file as a one-item classify batch job with origin
 * {@code classify_v2}, submitted like any batch job (the same checks, cache and pipeline), and
 * {@code GET /api/v2/classify[/{job_id}]} read such jobs with their result.
 */
final class ClassifyV2Routes {
    private static final List<String> STATUSES = List.of("PENDING", "RUNNING", "COMPLETED", "FAILED");
    private final Callers callers;
    private final SavedConfigurations configurations;
    private final IdempotencyKeys transactions;
    private final JobQueries jobs;
    private final JobSubmitter submitter;
    private final StandaloneRecords<ClassifyV2Records.Job> records;
    private final ClassifyV2Jobs v2;

    ClassifyV2Routes(
            Callers callers,
            JobQueries jobs,
            JobSubmitter submitter,
            BlobStore blobs,
            SavedConfigurations configurations) {
        this.callers = callers;
        this.configurations = configurations;
        this.jobs = jobs;
        this.submitter = submitter;
        this.records = ClassifyV2Records.of(blobs);
        this.transactions = new IdempotencyKeys(blobs, "classify-v2/transactions");
        this.v2 = new ClassifyV2Jobs(jobs, records, blobs);
    }

    void register(RoutesConfig routes) {
        routes.post(ApiPaths.CLASSIFY_V2_JOBS, this::create);
        routes.get(ApiPaths.CLASSIFY_V2_JOBS, this::list);
        routes.get(ApiPaths.CLASSIFY_V2_JOB, this::get);
    }

    /** 200 with the job; a {@code transaction_id} the project used before answers its first job, however often sent. */
    private void create(Context ctx) throws Exception {
        String project = callers.project(ctx);
        ClassifyV2Request asked = ClassifyV2Request.read(Json.body(ctx));
        String transaction = asked.transactionId();
        if (transaction == null) {
            ctx.json(v2.view(submit(ctx, project, asked)));
            return;
        }
        IdempotencyKeys.Outcome<ClassifyV2Jobs.Found> outcome = transactions.once(
                project, transaction, record -> v2.find(record.get("job_id").asText(), project), () -> {
                    ClassifyV2Jobs.Found created = submit(ctx, project, asked);
                    return new IdempotencyKeys.Created<>(
                            created,
                            Map.of("job_id", created.record().id()),
                            created.record().batchJobId());
                });
        if (outcome.replayed()) ctx.header("Idempotent-Replayed", "true");
        ctx.json(v2.view(outcome.value()));
    }

    private ClassifyV2Jobs.Found submit(Context ctx, String project, ClassifyV2Request asked) throws Exception {
        JsonNode configuration = asked.configuration() != null
                ? asked.configuration()
                : savedConfiguration(project, asked.configurationId());
        String itemId = asked.byParseJob() ? ParsedFiles.fileOf(jobs, asked.fileInput(), project) : asked.fileInput();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("job_config", ClassifyV2Request.jobConfig(configuration));
        body.putArray("item_ids").add(itemId);
        JobView job;
        try {
            job = submitter.submit(project, body, JobOrigin.classify_v2, ctx);
        } catch (ApiException e) {
            throw asked.renamed(e);
        }
        ClassifyV2Records.Job record = new ClassifyV2Records.Job(
                Ids.classifyJob(job.id()),
                job.id(),
                project,
                itemId,
                asked.fileInput(),
                asked.byParseJob() ? "parse_job_id" : "file_id",
                asked.byParseJob() ? asked.fileInput() : null,
                configuration,
                asked.configurationId(),
                asked.transactionId(),
                job.createdAt());
        records.put(record);
        return v2.find(record.id(), project).orElseThrow();
    }

    /** The classify configuration saved in the project under {@code configurationId}; a 422 naming it otherwise. */
    private JsonNode savedConfiguration(String project, String configurationId) {
        return configurations.parameters(project, configurationId, ConfigurationParameters.CLASSIFY);
    }

    private void get(Context ctx) throws Exception {
        String project = callers.project(ctx);
        String id = ctx.pathParam("job_id");
        ctx.json(v2.view(v2.find(id, project).orElseThrow(() -> ApiException.notFound("classify job " + id))));
    }

    /** A cursor page of the project's jobs, newest first, that pass every filter asked. */
    private void list(Context ctx) throws Exception {
        String project = callers.project(ctx);
        V2Listing query = V2Listing.of(ctx, STATUSES, Ids::classifyJobRef);
        List<JobStatus> candidates = new ArrayList<>();
        for (JobStatus s : v2.all(project)) if (query.matches(s)) candidates.add(s);
        candidates.sort(Comparator.comparing(V2Listing.Position::of, V2Listing.NEWEST_FIRST));
        List<ClassifyV2View> page = new ArrayList<>();
        String next = null;
        JobStatus last = null;
        for (JobStatus candidate : candidates) {
            Optional<ClassifyV2Jobs.Found> job = v2.find(candidate);
            if (job.isEmpty() || !passes(job.get(), query)) continue;
            if (page.size() == query.pageSize()) {
                next = V2Listing.Position.of(last).token();
                break;
            }
            page.add(v2.view(job.get()));
            last = candidate;
        }
        ctx.json(Http.cursorPage(page, next));
    }

    private boolean passes(ClassifyV2Jobs.Found job, V2Listing query) {
        return (query.configurationId() == null
                        || query.configurationId().equals(job.record().configurationId()))
                && (query.status() == null
                        || query.status().equals(v2.outcome(job).status()));
    }
}
