package dev.batch.splitter;

import dev.batch.common.json.ConfigHash;
import dev.batch.common.kafka.Topics;
import dev.batch.events.ItemTask;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expands one job request into item tasks, page by page. A request it cannot run (no items, an
 * unsupported job type, a config that is not JSON) becomes a final dispatch page carrying an error,
 * which the aggregator turns into a {@code failed} job with that message: requests produced straight
 * to Kafka get the same checks as HTTP ones. A request seen before is ignored, so a redelivered
 * request never dispatches its items twice.
 */
final class Splitter implements Processor<String, JobRequested, String, SpecificRecord> {
    private static final Logger log = LoggerFactory.getLogger(Splitter.class);
    static final int MAX_PAGE_SIZE = 1000;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Long> seen;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.seen = context.getStateStore(Topics.SPLITTER_JOBS_STORE);
    }

    @Override
    public void process(Record<String, JobRequested> record) {
        JobRequested request = record.value();
        if (record.key() == null || request == null) {
            log.warn("Ignoring a job request without key or value");
            return;
        }
        String jobId = record.key();
        if (seen.get(jobId) != null) {
            log.info("Job {} was dispatched before; ignoring the repeated request", jobId);
            return;
        }
        seen.put(jobId, record.timestamp());
        Instant now = Instant.ofEpochMilli(record.timestamp());
        String problem = problem(jobId, request);
        if (problem != null) {
            log.info("Job {} rejected: {}", jobId, problem);
            context.forward(record.withValue(page(jobId, 0, List.of(), 0, true, problem, now)), SplitterTopology.DISPATCH);
            return;
        }
        String configHash = ConfigHash.of(request.getJobConfigJson());
        String sink = request.getJobType() == JobType.classify ? SplitterTopology.CLASSIFY_TASKS : SplitterTopology.PARSE_TASKS;
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(request.getItemIds())); // an id listed twice is one item
        int pageSize = Math.max(1, Math.min(MAX_PAGE_SIZE, request.getPageSize()));
        int pages = (ids.size() + pageSize - 1) / pageSize;
        for (int p = 0; p < pages; p++) {
            List<String> pageIds = ids.subList(p * pageSize, Math.min(ids.size(), (p + 1) * pageSize));
            for (String itemId : pageIds) {
                ItemTask task = ItemTask.newBuilder()
                        .setJobId(jobId)
                        .setProjectId(request.getProjectId())
                        .setItemId(itemId)
                        .setFileId(itemId)
                        .setJobType(request.getJobType())
                        .setJobConfigJson(request.getJobConfigJson())
                        .setConfigHash(configHash)
                        .setPriority(request.getPriority())
                        .setAttempt(1)
                        .setDispatchedAt(now)
                        .build();
                context.forward(new Record<String, SpecificRecord>(itemId, task, record.timestamp()), sink);
            }
            long total = (long) p * pageSize + pageIds.size();
            context.forward(record.withValue(page(jobId, p, List.copyOf(pageIds), total, p == pages - 1, null, now)),
                    SplitterTopology.DISPATCH);
        }
        log.info("Job {} dispatched {} {} tasks in {} pages", jobId, ids.size(), request.getJobType(), pages);
    }

    /** Why this request cannot run, or null when it can. */
    static String problem(String jobId, JobRequested r) {
        if (r.getJobType() != JobType.parse && r.getJobType() != JobType.classify) {
            return "job_type '" + r.getJobType() + "' is not supported; use parse or classify";
        }
        if (!jobId.equals(r.getJobId())) {
            return "the record key '" + jobId + "' differs from job_id '" + r.getJobId() + "'";
        }
        if (r.getProjectId() == null || r.getProjectId().isBlank()) {
            return "project_id is required";
        }
        if (r.getDirectoryId() != null) {
            return "directory_id mode is not available in this version; list the files in item_ids";
        }
        if (r.getItemIds() == null || r.getItemIds().isEmpty()) {
            return "either directory_id or item_ids is required";
        }
        if (r.getItemIds().stream().anyMatch(id -> id == null || id.isBlank())) {
            return "item_ids must not contain empty ids";
        }
        try {
            ConfigHash.of(r.getJobConfigJson());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    private static ItemsDispatched page(String jobId, int page, List<String> ids, long total, boolean last, String error, Instant at) {
        return ItemsDispatched.newBuilder()
                .setJobId(jobId)
                .setPage(page)
                .setItemIds(ids)
                .setTotalDispatched(total)
                .setFinalPage(last)
                .setErrorMessage(error)
                .setDispatchedAt(at)
                .build();
    }
}
