package dev.batch.splitter;

import dev.batch.common.catalog.Catalog;
import dev.batch.common.ItemTasks;
import dev.batch.common.json.ConfigHash;
import dev.batch.common.kafka.Ticker;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Trace;
import dev.batch.events.CancelRequested;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.DispatchedItem;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemTask;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobCommand;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import dev.batch.events.SplitProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expands a job request into item tasks, page by page.
 *
 * <ul>
 *   <li>{@code item_ids}: the ids are in the request, so all pages go out at once.
 *   <li>{@code directory_id}: the job is kept in the {@code splitter-jobs} store with a cursor; a
 *       punctuator pages through the directory's key range in the catalog, dispatching at most
 *       {@code continue_as_new_threshold} items (default {@code page_size}) per job and per tick,
 *       each tick one exactly-once transaction. Memory holds one page, whatever the directory's
 *       size, and a restart resumes from the cursor. It first waits until its catalog has read the
 *       job's watermark, so files added just before the job are in it.
 * </ul>
 *
 * A request it cannot run becomes a final dispatch page with an error, which the aggregator turns
 * into a {@code failed} job: requests produced straight to Kafka get the same checks as HTTP ones.
 * A job id seen before is ignored ({@code splitter-seen}); a cancel stops a directory job's paging.
 */
final class Splitter implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private static final Logger log = LoggerFactory.getLogger(Splitter.class);
    static final int MAX_PAGE_SIZE = 1000;

    private final Topics topics;
    private final Catalog catalog;
    private final SplitterSettings settings;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, SplitProgress> jobs;
    private KeyValueStore<String, Long> seen;
    /** Pages directory jobs; only while there are some. */
    private Ticker ticker;

    Splitter(Topics topics, Catalog catalog, SplitterSettings settings) {
        this.topics = topics;
        this.catalog = catalog;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.jobs = context.getStateStore(Topics.SPLITTER_JOBS_STORE);
        this.seen = context.getStateStore(Topics.SPLITTER_SEEN_STORE);
        this.ticker = new Ticker(context, settings.tick(), this::page);
        ticker.need(hasDirectoryJobs()); // directory jobs a previous run was paging
    }

    private boolean hasDirectoryJobs() {
        try (KeyValueIterator<String, SplitProgress> it = jobs.all()) {
            return it.hasNext();
        }
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.key() == null || record.value() == null) {
            log.warn("Ignoring a record without key or value");
            return;
        }
        if (record.value() instanceof JobCommand command) {
            if (command.getCommand() instanceof CancelRequested && jobs.get(record.key()) != null) {
                jobs.delete(record.key());
                log.info("Job {} cancelled; stopped paging its directory", record.key());
            }
            return;
        }
        if (!(record.value() instanceof JobRequested request)) return;
        try (Trace.Scope mdc = Trace.mdc(record.key(), null, request.getCorrelationId())) {
            accept(record, request);
        }
    }

    private void accept(Record<String, SpecificRecord> record, JobRequested request) {
        String jobId = record.key();
        if (seen.get(jobId) != null) {
            log.info("Job {} was accepted before; ignoring the repeated request", jobId);
            return;
        }
        seen.put(jobId, record.timestamp());
        Instant now = Instant.ofEpochMilli(record.timestamp());
        String problem = problem(jobId, request);
        if (problem != null) {
            reject(jobId, problem, now);
            return;
        }
        if (request.getDirectoryId() != null) {
            jobs.put(jobId, SplitProgress.newBuilder().setRequest(request).setAcceptedAt(now).build());
            ticker.need(true);
            return; // paged by the punctuator
        }
        String configHash = ConfigHash.of(request.getJobConfigJson());
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(request.getItemIds())); // an id listed twice is one item
        int pageSize = pageSize(request);
        int pages = (ids.size() + pageSize - 1) / pageSize;
        long total = 0;
        for (int p = 0; p < pages; p++) {
            List<DispatchedItem> page = new ArrayList<>();
            for (String fileId : ids.subList(p * pageSize, Math.min(ids.size(), (p + 1) * pageSize))) {
                String name = catalog.file(fileId).map(FileRecord::getName).orElse(null);
                page.add(new DispatchedItem(fileId, fileId, name));
            }
            total += page.size();
            dispatch(request, configHash, p, page, total, p == pages - 1, now);
        }
        log.info("Job {} dispatched {} {} tasks in {} pages", jobId, ids.size(), request.getJobType(), pages);
    }

    /** One tick: advance every directory job of this task by at most its threshold, within the tick's budget. */
    private void page(long wallClock) {
        Instant now = Instant.ofEpochMilli(wallClock);
        int budget = settings.maxItemsPerTick();
        List<KeyValue<String, SplitProgress>> active = new ArrayList<>();
        try (KeyValueIterator<String, SplitProgress> it = jobs.all()) {
            while (it.hasNext()) active.add(it.next());
        }
        for (KeyValue<String, SplitProgress> kv : active) {
            if (budget <= 0) break;
            try (Trace.Scope mdc = Trace.mdc(kv.key, null, kv.value.getRequest().getCorrelationId())) {
                budget -= advance(kv.key, kv.value, now, budget);
            }
        }
        ticker.need(hasDirectoryJobs());
    }

    private int advance(String jobId, SplitProgress progress, Instant now, int budget) {
        JobRequested request = progress.getRequest();
        if (!caughtUp(request.getCatalogWatermark())) {
            if (now.isBefore(progress.getAcceptedAt().plus(settings.maxCatalogWait()))) return 0;
            log.warn("Job {}: the catalog has not reached the job's watermark after {}; listing what is there", jobId, settings.maxCatalogWait());
        }
        Optional<DirectoryRecord> dir = catalog.directory(request.getDirectoryId());
        if (progress.getPage() == 0 && progress.getCursor() == null
                && (dir.isEmpty() || !dir.get().getProjectId().equals(request.getProjectId()) || dir.get().getDeletedAt() != null)) {
            jobs.delete(jobId);
            reject(jobId, "directory '" + request.getDirectoryId() + "' not found", now);
            return 1;
        }
        String configHash = ConfigHash.of(request.getJobConfigJson());
        int pageSize = pageSize(request);
        int threshold = request.getContinueAsNewThreshold() == null ? pageSize : Math.max(1, request.getContinueAsNewThreshold());
        int allowance = Math.min(threshold, budget);
        int sent = 0;
        String cursor = progress.getCursor();
        int page = progress.getPage();
        long total = progress.getDispatched();
        while (sent < allowance) {
            Catalog.Page<DirectoryFileRecord> files = catalog.directoryFiles(request.getDirectoryId(), cursor,
                    Math.min(pageSize, allowance - sent), f -> f.getDeletedAt() == null);
            List<DispatchedItem> items = new ArrayList<>(files.items().size());
            for (DirectoryFileRecord f : files.items()) {
                items.add(new DispatchedItem(f.getId(), f.getFileId(), f.getDisplayName()));
            }
            total += items.size();
            sent += items.size();
            boolean last = files.next() == null;
            dispatch(request, configHash, page, items, total, last, now);
            page++;
            if (last) {
                jobs.delete(jobId);
                log.info("Job {} dispatched {} items of directory {} in {} pages", jobId, total, request.getDirectoryId(), page);
                return Math.max(1, sent);
            }
            cursor = files.next();
        }
        jobs.put(jobId, SplitProgress.newBuilder(progress).setCursor(cursor).setPage(page).setDispatched(total).build());
        return Math.max(1, sent);
    }

    private boolean caughtUp(Map<String, Long> watermark) {
        if (watermark == null || watermark.isEmpty()) return true;
        Map<Integer, Long> position = catalog.position(topics.directoryFiles.name());
        for (Map.Entry<String, Long> e : watermark.entrySet()) {
            if (position.getOrDefault(Integer.parseInt(e.getKey()), 0L) < e.getValue()) return false;
        }
        return true;
    }

    private void dispatch(JobRequested request, String configHash, int page, List<DispatchedItem> items, long total,
                          boolean last, Instant now) {
        String sink = SplitterTopology.sinkName(topics.tasksFor(request.getJobType(), request.getPriority()));
        for (DispatchedItem item : items) {
            ItemTask task = ItemTasks.of(request, configHash, item.getItemId(), item.getFileId(), item.getItemName(), 1, now);
            context.forward(new Record<String, SpecificRecord>(item.getItemId(), task, now.toEpochMilli(),
                    Trace.headers(request.getCorrelationId(), request.getTraceparent())), sink);
        }
        ItemsDispatched progress = ItemsDispatched.newBuilder()
                .setJobId(request.getJobId())
                .setPage(page)
                .setItems(items)
                .setTotalDispatched(total)
                .setFinalPage(last)
                .setDispatchedAt(now)
                .build();
        context.forward(new Record<String, SpecificRecord>(request.getJobId(), progress, now.toEpochMilli(),
                Trace.headers(request.getCorrelationId(), request.getTraceparent())), SplitterTopology.DISPATCH);
    }

    private void reject(String jobId, String problem, Instant now) {
        log.info("Job {} rejected: {}", jobId, problem);
        ItemsDispatched page = ItemsDispatched.newBuilder().setJobId(jobId).setPage(0).setItems(List.of())
                .setTotalDispatched(0).setFinalPage(true).setErrorMessage(problem).setDispatchedAt(now).build();
        context.forward(new Record<String, SpecificRecord>(jobId, page, now.toEpochMilli()), SplitterTopology.DISPATCH);
    }

    private static int pageSize(JobRequested r) {
        return Math.max(1, Math.min(MAX_PAGE_SIZE, r.getPageSize()));
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
        boolean hasItems = r.getItemIds() != null && !r.getItemIds().isEmpty();
        if (r.getDirectoryId() == null && !hasItems) {
            return "either directory_id or item_ids is required";
        }
        if (r.getDirectoryId() != null && hasItems) {
            return "give either directory_id or item_ids, not both";
        }
        if (hasItems && r.getItemIds().stream().anyMatch(id -> id == null || id.isBlank())) {
            return "item_ids must not contain empty ids";
        }
        try {
            ConfigHash.of(r.getJobConfigJson());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }
}
