package dev.batch.splitter;

import dev.batch.common.catalog.Catalog;
import dev.batch.common.jobs.JobRequestValidator;
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
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.SplitProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expands a job request into item tasks, page by page, and keeps each job's share of the task
 * topics small.
 *
 * <p>A request is first checked by the {@link JobRequestValidator} the HTTP API uses too, so one
 * produced straight to Kafka meets the same rules; one that breaks a rule, or names an item that is
 * not a file of its project, becomes a final dispatch page with an error, which the aggregator
 * turns into a {@code failed} job. Nothing of a foreign item (its name) is copied anywhere.
 *
 * <p>Every job then waits in the {@code splitter-jobs} store with a cursor and is dispatched by a
 * punctuator (and at once, on arrival, as far as it may go). A job may have at most its
 * <em>window</em> of items dispatched and not finished, the finished count coming from its status on
 * {@code batch.job-status}; the window is what the job's observed finish rate gets done in
 * {@code queueTarget}. So a 100,000-item job queues a couple of seconds of work ahead of anyone
 * else's, not its whole backlog, and a one-item job of another project waits about that long.
 *
 * <ul>
 *   <li>{@code item_ids}: the ids are in the request; their names come from the catalog once it shows
 *       every id as a file of the project (a file uploaded a moment ago may take a moment to appear).
 *   <li>{@code directory_id}: the directory's key range in the catalog is paged with a cursor, once
 *       the catalog has read the job's watermark, so files added just before the job are in it.
 * </ul>
 * Each tick dispatches at most {@code maxItemsPerTick} items across jobs, and each job at most its
 * {@code continue_as_new_threshold} (default {@code page_size}), each tick one exactly-once
 * transaction; memory holds one page, and a restart resumes from the cursors. A job id seen before
 * is ignored ({@code splitter-seen}); a cancel, or a job status that is terminal, stops its dispatch.
 */
final class Splitter implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private static final Logger log = LoggerFactory.getLogger(Splitter.class);
    static final int MAX_WINDOW = 100_000;

    private final Topics topics;
    private final Catalog catalog;
    private final SplitterSettings settings;
    private final JobRequestValidator validator;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, SplitProgress> jobs;
    private KeyValueStore<String, Long> seen;
    /** Jobs that may dispatch now (room in their window, or a catalog to wait for); the ticker runs while there are some. */
    private final java.util.Set<String> ready = new java.util.LinkedHashSet<>();
    private Ticker ticker;

    Splitter(Topics topics, Catalog catalog, SplitterSettings settings, JobRequestValidator validator) {
        this.topics = topics;
        this.catalog = catalog;
        this.settings = settings;
        this.validator = validator;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.jobs = context.getStateStore(Topics.SPLITTER_JOBS_STORE);
        this.seen = context.getStateStore(Topics.SPLITTER_SEEN_STORE);
        this.ticker = new Ticker(context, settings.tick(), this::tick);
        try (KeyValueIterator<String, SplitProgress> it = jobs.all()) {
            while (it.hasNext()) ready.add(it.next().key); // jobs a previous run was dispatching
        }
        ticker.need(!ready.isEmpty());
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.key() == null || record.value() == null) {
            log.warn("Ignoring a record without key or value");
            return;
        }
        if (record.value() instanceof JobStatus status) {
            onStatus(record.key(), status, Instant.ofEpochMilli(context.currentSystemTimeMs()));
            return;
        }
        if (record.value() instanceof JobCommand command) {
            if (command.getCommand() instanceof CancelRequested && jobs.get(record.key()) != null) {
                stop(record.key());
                log.info("Job {} cancelled; stopped dispatching it", record.key());
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
        if (!jobId.equals(request.getJobId())) {
            reject(jobId, "the record key '" + jobId + "' differs from job_id '" + request.getJobId() + "'", now);
            return;
        }
        JobRequestValidator.Checked checked;
        try {
            checked = validator.check(request);
        } catch (JobRequestValidator.Invalid e) {
            reject(jobId, e.getMessage(), now);
            return;
        }
        JobRequested accepted = checked.request();
        if (accepted.getItemIds() != null) accepted.setItemIds(new ArrayList<>(new LinkedHashSet<>(accepted.getItemIds()))); // an id listed twice is one item
        SplitProgress progress = SplitProgress.newBuilder().setRequest(accepted).setAcceptedAt(now)
                .setNotices(checked.notices().isEmpty() ? null : checked.notices())
                .setItemsChecked(request.getItemIds() == null).build();
        jobs.put(jobId, progress);
        ready.add(jobId);
        advance(jobId, progress, now, settings.maxItemsPerTick());
        ticker.need(!ready.isEmpty());
    }

    /** The job's status: what finished frees its window, and a terminal job stops. */
    private void onStatus(String jobId, JobStatus status, Instant now) {
        SplitProgress progress = jobs.get(jobId);
        if (progress == null) return;
        if (status.getStatus() == JobState.cancelled || status.getStatus() == JobState.failed || status.getStatus() == JobState.completed) {
            stop(jobId);
            return;
        }
        long finished = status.getProcessedItems() + status.getFailedItems() + status.getSkippedItems() + status.getCancelledItems();
        if (finished <= progress.getFinished()) return; // an older status, read late
        progress.setFinished(finished);
        long millis = now.toEpochMilli();
        if (progress.getSampleAt() == 0) {
            progress.setSampleAt(millis);
            progress.setSampleFinished(finished);
        } else if (millis - progress.getSampleAt() >= settings.sampleEvery().toMillis()) {
            double perSecond = (finished - progress.getSampleFinished()) * 1000.0 / (millis - progress.getSampleAt());
            long window = Math.round(perSecond * settings.queueTarget().toMillis() / 1000.0);
            progress.setWindow((int) Math.max(settings.minWindow(), Math.min(MAX_WINDOW, window)));
            progress.setSampleAt(millis);
            progress.setSampleFinished(finished);
        }
        jobs.put(jobId, progress);
        if (room(progress) > 0) {
            ready.add(jobId);
            ticker.need(true);
        }
    }

    private void stop(String jobId) {
        jobs.delete(jobId);
        ready.remove(jobId);
        ticker.need(!ready.isEmpty());
    }

    /** Items the job may still dispatch before its window is full. */
    private long room(SplitProgress p) {
        int window = p.getWindow() == 0 ? settings.minWindow() : p.getWindow();
        return window - (p.getDispatched() - p.getFinished());
    }

    /** One tick: advance every ready job by at most its allowance, within the tick's budget. */
    private void tick(long wallClock) {
        Instant now = Instant.ofEpochMilli(wallClock);
        int budget = settings.maxItemsPerTick();
        for (String jobId : new ArrayList<>(ready)) {
            if (budget <= 0) break;
            SplitProgress progress = jobs.get(jobId);
            if (progress == null) {
                ready.remove(jobId);
                continue;
            }
            try (Trace.Scope mdc = Trace.mdc(jobId, null, progress.getRequest().getCorrelationId())) {
                budget -= advance(jobId, progress, now, budget);
            }
        }
        ticker.need(!ready.isEmpty());
    }

    /** Dispatches what the job may now; returns how much of the tick's budget that used. */
    private int advance(String jobId, SplitProgress progress, Instant now, int budget) {
        JobRequested request = progress.getRequest();
        if (!progress.getItemsChecked()) {
            List<String> foreign = JobRequestValidator.foreignItems(request.getItemIds(), request.getProjectId(), catalog::file);
            if (!foreign.isEmpty()) {
                if (now.isBefore(progress.getAcceptedAt().plus(settings.maxItemsWait()))) return 0;
                stop(jobId);
                reject(jobId, JobRequestValidator.unknownItems(foreign).getMessage(), now);
                return 1;
            }
            progress.setItemsChecked(true);
        }
        if (request.getDirectoryId() != null && progress.getPage() == 0 && progress.getCursor() == null) {
            if (!caughtUp(request.getCatalogWatermark())) {
                if (now.isBefore(progress.getAcceptedAt().plus(settings.maxCatalogWait()))) return 0;
                log.warn("Job {}: the catalog has not reached the job's watermark after {}; listing what is there", jobId, settings.maxCatalogWait());
            }
            Optional<DirectoryRecord> dir = catalog.directory(request.getDirectoryId());
            if (dir.isEmpty() || !dir.get().getProjectId().equals(request.getProjectId()) || dir.get().getDeletedAt() != null) {
                stop(jobId);
                reject(jobId, "directory '" + request.getDirectoryId() + "' not found", now);
                return 1;
            }
        }
        int pageSize = pageSize(request);
        // A directory is listed at most a threshold per tick; an id list is in the request already.
        int threshold = request.getDirectoryId() == null ? Integer.MAX_VALUE
                : request.getContinueAsNewThreshold() == null ? pageSize : Math.max(1, request.getContinueAsNewThreshold());
        long allowance = Math.min(Math.min(threshold, budget), room(progress));
        int sent = 0;
        while (sent < allowance) {
            int want = (int) Math.min(pageSize, allowance - sent);
            List<DispatchedItem> items;
            boolean last;
            if (request.getDirectoryId() != null) {
                Catalog.Page<DirectoryFileRecord> files = catalog.directoryFiles(request.getDirectoryId(), progress.getCursor(), want,
                        f -> f.getDeletedAt() == null);
                items = new ArrayList<>(files.items().size());
                for (DirectoryFileRecord f : files.items()) items.add(new DispatchedItem(f.getId(), f.getFileId(), f.getDisplayName()));
                last = files.next() == null;
                if (!last) progress.setCursor(files.next());
            } else {
                List<String> ids = request.getItemIds();
                int from = (int) progress.getDispatched();
                int to = Math.min(ids.size(), from + want);
                items = new ArrayList<>(to - from);
                for (String fileId : ids.subList(from, to)) {
                    items.add(new DispatchedItem(fileId, fileId, catalog.file(fileId).map(FileRecord::getName).orElse(null)));
                }
                last = to == ids.size();
            }
            sent += items.size();
            progress.setDispatched(progress.getDispatched() + items.size());
            dispatch(progress, items, last, now);
            progress.setPage(progress.getPage() + 1);
            progress.setNotices(null);
            if (last) {
                stop(jobId);
                log.info("Job {} dispatched {} {} tasks in {} pages", jobId, progress.getDispatched(), request.getJobType(), progress.getPage());
                return Math.max(1, sent);
            }
        }
        jobs.put(jobId, progress);
        if (room(progress) <= 0) ready.remove(jobId); // until its status says some finished
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

    private void dispatch(SplitProgress progress, List<DispatchedItem> items, boolean last, Instant now) {
        JobRequested request = progress.getRequest();
        String configHash = ConfigHash.of(request.getJobConfigJson());
        String sink = SplitterTopology.sinkName(topics.tasksFor(request.getJobType(), request.getPriority()));
        for (DispatchedItem item : items) {
            ItemTask task = ItemTasks.of(request, configHash, item.getItemId(), item.getFileId(), item.getItemName(), 1, now);
            context.forward(new Record<String, SpecificRecord>(item.getItemId(), task, now.toEpochMilli(),
                    Trace.headers(request.getCorrelationId(), request.getTraceparent())), sink);
        }
        ItemsDispatched page = ItemsDispatched.newBuilder()
                .setJobId(request.getJobId())
                .setPage(progress.getPage())
                .setItems(items)
                .setTotalDispatched(progress.getDispatched())
                .setFinalPage(last)
                .setDispatchedAt(now)
                .setPriority(progress.getPage() == 0 ? request.getPriority() : null)
                .setNotices(progress.getNotices())
                .build();
        context.forward(new Record<String, SpecificRecord>(request.getJobId(), page, now.toEpochMilli(),
                Trace.headers(request.getCorrelationId(), request.getTraceparent())), SplitterTopology.DISPATCH);
    }

    private void reject(String jobId, String problem, Instant now) {
        log.info("Job {} rejected: {}", jobId, problem);
        ItemsDispatched page = ItemsDispatched.newBuilder().setJobId(jobId).setPage(0).setItems(List.of())
                .setTotalDispatched(0).setFinalPage(true).setErrorMessage(problem).setDispatchedAt(now).build();
        context.forward(new Record<String, SpecificRecord>(jobId, page, now.toEpochMilli()), SplitterTopology.DISPATCH);
    }

    private static int pageSize(JobRequested r) {
        return Math.max(1, Math.min(JobRequestValidator.MAX_PAGE_SIZE, r.getPageSize()));
    }
}
