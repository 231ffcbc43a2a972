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
 * <p>A job then waits in the {@code splitter-jobs} store and is advanced by a punctuator (and at
 * once, on arrival, as far as it may go), in two steps:
 * <ul>
 *   <li><b>Listing</b> announces its items on {@code batch.dispatch} page by page, so the job's total
 *       is known early, and queues each page in {@code splitter-queue}. {@code item_ids}: the ids are
 *       in the request, their names come from the catalog once it shows every id as a file of the
 *       project (a file uploaded a moment ago may take a moment to appear). {@code directory_id}: the
 *       directory's key range is paged with a cursor, at most {@code continue_as_new_threshold}
 *       (default {@code page_size}) per tick, once the catalog has read the job's watermark.
 *   <li><b>Releasing</b> sends the queued items' tasks while the job has fewer than its <em>window</em>
 *       sent and not finished, the finished count coming from its status on {@code batch.job-status}.
 *       The window is what the job's observed finish rate gets done in {@code queueTarget}: a
 *       100,000-item job keeps a couple of seconds of work in the task topics, not its backlog, so
 *       another project's one-item job waits about that long behind it.
 * </ul>
 * Each tick lists and sends at most {@code maxItemsPerTick} items across jobs, each tick one
 * exactly-once transaction; a restart resumes from the stores. A job id seen before is ignored
 * ({@code splitter-seen}); a cancel, or a job status that is terminal, forgets the job and its queue.
 */
final class SplitProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private static final Logger log = LoggerFactory.getLogger(SplitProcessor.class);
    static final int MAX_WINDOW = 100_000;

    private final Topics topics;
    private final Catalog catalog;
    private final SplitterSettings settings;
    private final JobRequestValidator validator;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, SplitProgress> jobs;
    private KeyValueStore<String, Long> seen;
    /** Listed pages whose tasks wait for room in their job's window: {@code <job>/<page, 10 digits>}. */
    private KeyValueStore<String, ItemsDispatched> queue;
    /** Jobs that may dispatch now (room in their window, or a catalog to wait for); the ticker runs while there are some. */
    private final java.util.Set<String> ready = new java.util.LinkedHashSet<>();
    private Ticker ticker;

    SplitProcessor(Topics topics, Catalog catalog, SplitterSettings settings, JobRequestValidator validator) {
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
        this.queue = context.getStateStore(Topics.SPLITTER_QUEUE_STORE);
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
        try (Trace.Scope mdc = Trace.mdc(request.getProjectId(), record.key(), null, request.getCorrelationId())) {
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
                .setItemsChecked(request.getItemIds() == null)
                .setSampleAt(context.currentSystemTimeMs()).build(); // the first rate sample counts from now
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
            int current = progress.getWindow() == 0 ? settings.minWindow() : progress.getWindow();
            // Still speeding up with a full window: the window, not the workers, holds the job back, so it
            // doubles (the rate lags a round trip through the workers and the aggregator behind it).
            boolean growing = perSecond > 1.3 * progress.getSampleRate() && progress.getReleased() - finished >= current / 2;
            if (growing) window = Math.max(window, 2L * current);
            progress.setWindow((int) Math.max(settings.minWindow(), Math.min(MAX_WINDOW, window)));
            progress.setSampleAt(millis);
            progress.setSampleFinished(finished);
            progress.setSampleRate(perSecond);
        }
        jobs.put(jobId, progress);
        if (room(progress) > 0) {
            ready.add(jobId);
            ticker.need(true);
        }
    }

    /** Forgets the job and the pages of it still waiting. */
    private void stop(String jobId) {
        jobs.delete(jobId);
        List<String> waiting = new ArrayList<>();
        try (KeyValueIterator<String, ItemsDispatched> it = queue.range(jobId + "/", jobId + "0")) { // '0' sorts right after '/'
            while (it.hasNext()) waiting.add(it.next().key);
        }
        waiting.forEach(queue::delete);
        ready.remove(jobId);
        ticker.need(!ready.isEmpty());
    }

    /** Tasks the job may still send before its window is full. */
    private long room(SplitProgress p) {
        int window = p.getWindow() == 0 ? settings.minWindow() : p.getWindow();
        return window - (p.getReleased() - p.getFinished());
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
            try (Trace.Scope mdc = Trace.mdc(progress.getRequest().getProjectId(), jobId, null, progress.getRequest().getCorrelationId())) {
                budget -= advance(jobId, progress, now, budget);
            }
        }
        ticker.need(!ready.isEmpty());
    }

    /**
     * Lists what the job may list now and sends the tasks its window allows; returns how much of the
     * tick's budget that used. Listing announces the items at once (so the job's total is known
     * early); their tasks wait in {@code splitter-queue} for room in the window.
     */
    private int advance(String jobId, SplitProgress progress, Instant now, int budget) {
        JobRequested request = progress.getRequest();
        if (progress.getReleased() < 0) { // state without a queue: every listed item's task went out
            progress.setReleased(progress.getDispatched());
            progress.setReleasePage(progress.getPage());
        }
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
        int used = list(jobId, progress, now, budget);
        used += release(jobId, progress, now, budget - used);
        if (progress.getListed() && progress.getReleased() == progress.getDispatched()) {
            stop(jobId);
            log.info("Job {}: all {} {} tasks out, in {} pages", jobId, progress.getDispatched(), request.getJobType(), progress.getPage());
        } else {
            jobs.put(jobId, progress);
            boolean more = !progress.getListed() || (room(progress) > 0 && progress.getReleasePage() < progress.getPage());
            if (!more) ready.remove(jobId); // until its status says some finished
        }
        return Math.max(1, used);
    }

    /** Announces the job's next pages of items and queues them: a directory at most a threshold per tick. */
    private int list(String jobId, SplitProgress progress, Instant now, int budget) {
        if (progress.getListed()) return 0;
        JobRequested request = progress.getRequest();
        int pageSize = pageSize(request);
        int threshold = request.getDirectoryId() == null ? Integer.MAX_VALUE
                : request.getContinueAsNewThreshold() == null ? pageSize : Math.max(1, request.getContinueAsNewThreshold());
        int allowance = Math.min(threshold, budget);
        int listed = 0;
        while (listed < allowance && !progress.getListed()) {
            int want = Math.min(pageSize, allowance - listed);
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
            listed += items.size();
            progress.setDispatched(progress.getDispatched() + items.size());
            ItemsDispatched page = announce(progress, items, last, now);
            if (!items.isEmpty()) queue.put(queueKey(jobId, progress.getPage()), page);
            progress.setPage(progress.getPage() + 1);
            progress.setNotices(null);
            progress.setListed(last);
        }
        return listed;
    }

    /** Sends the tasks of queued pages, oldest first, while the job's window has room. */
    private int release(String jobId, SplitProgress progress, Instant now, int budget) {
        long allowance = Math.min(budget, room(progress));
        int sent = 0;
        while (sent < allowance && progress.getReleasePage() < progress.getPage()) {
            String key = queueKey(jobId, progress.getReleasePage());
            ItemsDispatched page = queue.get(key);
            List<DispatchedItem> items = page == null ? List.of() : page.getItems(); // an empty page is never queued
            int from = progress.getReleaseOffset();
            int to = (int) Math.min(items.size(), from + (allowance - sent));
            emitTasks(progress.getRequest(), items.subList(from, to), now);
            sent += to - from;
            progress.setReleased(progress.getReleased() + (to - from));
            if (to == items.size()) {
                queue.delete(key);
                progress.setReleasePage(progress.getReleasePage() + 1);
                progress.setReleaseOffset(0);
            } else {
                progress.setReleaseOffset(to);
            }
        }
        return sent;
    }

    private static String queueKey(String jobId, int page) {
        return jobId + "/" + String.format("%010d", page);
    }

    private boolean caughtUp(Map<String, Long> watermark) {
        if (watermark == null || watermark.isEmpty()) return true;
        Map<Integer, Long> position = catalog.position(topics.directoryFiles.name());
        for (Map.Entry<String, Long> e : watermark.entrySet()) {
            if (position.getOrDefault(Integer.parseInt(e.getKey()), 0L) < e.getValue()) return false;
        }
        return true;
    }

    private void emitTasks(JobRequested request, List<DispatchedItem> items, Instant now) {
        if (items.isEmpty()) return;
        String configHash = ConfigHash.of(request.getJobConfigJson());
        String sink = SplitterTopology.sinkName(topics.tasksFor(request.getJobType(), request.getPriority()));
        for (DispatchedItem item : items) {
            ItemTask task = ItemTasks.of(request, configHash, item.getItemId(), item.getFileId(), item.getItemName(), 1, now);
            context.forward(new Record<String, SpecificRecord>(item.getItemId(), task, now.toEpochMilli(),
                    Trace.headers(request.getCorrelationId(), request.getTraceparent())), sink);
        }
    }

    /** Tells the aggregator about a page of the job's items (its tasks may wait); returns the page. */
    private ItemsDispatched announce(SplitProgress progress, List<DispatchedItem> items, boolean last, Instant now) {
        JobRequested request = progress.getRequest();
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
        return page;
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
