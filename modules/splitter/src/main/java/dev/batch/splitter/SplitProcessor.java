package dev.batch.splitter;

import dev.batch.common.catalog.Catalog;
import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.Ticker;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Trace;
import dev.batch.events.CancelRequested;
import dev.batch.events.JobCommand;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.SplitProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
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
 *       is known early, and queues each page in the {@link PageQueue}. An {@code item_ids} job waits
 *       until the catalog shows every id as a file of the project (a file uploaded a moment ago may
 *       take a moment to appear); a {@code directory_id} job until the catalog has read the job's
 *       watermark, and then lists at most {@code continue_as_new_threshold} (default
 *       {@code page_size}) items per tick.
 *   <li><b>Releasing</b> sends the queued items' tasks while the job has fewer than its
 *       {@link JobWindow} out and not finished, the finished count coming from its status on
 *       {@code batch.job-status}.
 * </ul>
 * Each tick lists and sends at most {@code maxItemsPerTick} items across jobs, each tick one
 * exactly-once transaction; a restart resumes from the stores. A job id seen before is ignored
 * ({@code splitter-seen}); a cancel, or a job status that is terminal, forgets the job and its queue,
 * and the job's tombstone on {@code batch.job-status} (the job was removed) forgets that it was seen.
 */
final class SplitProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private static final Logger log = LoggerFactory.getLogger(SplitProcessor.class);

    private final Topics topics;
    private final SplitterSettings settings;
    private final JobRequestValidator validator;
    private final ItemLister lister;
    private final JobWindow window;
    private ProcessorContext<String, SpecificRecord> context;
    private SplitOutput output;
    private KeyValueStore<String, SplitProgress> jobs;
    private KeyValueStore<String, Long> seen;
    private PageQueue queue;
    private JobPages pages;
    /** Jobs that may dispatch now (room in their window, or a catalog to wait for); the ticker runs while there are some. */
    private final Set<String> ready = new LinkedHashSet<>();

    private Ticker ticker;

    SplitProcessor(Topics topics, Catalog catalog, SplitterSettings settings, JobRequestValidator validator) {
        this.topics = topics;
        this.settings = settings;
        this.validator = validator;
        this.lister = new ItemLister(topics, catalog, settings);
        this.window = new JobWindow(settings);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.output = new SplitOutput(topics, context);
        this.jobs = context.getStateStore(StoreSpecs.SPLITTER_JOBS.name());
        this.seen = context.getStateStore(StoreSpecs.SPLITTER_SEEN.name());
        this.queue = new PageQueue(context.getStateStore(StoreSpecs.SPLITTER_QUEUE.name()));
        this.pages = new JobPages(lister, window, output, queue);
        this.ticker = new Ticker(context, settings.tick(), this::tick);
        try (KeyValueIterator<String, SplitProgress> it = jobs.all()) {
            while (it.hasNext()) ready.add(it.next().key); // jobs a previous run was dispatching
        }
        ticker.need(!ready.isEmpty());
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.key() != null && record.value() == null && removed()) {
            seen.delete(record.key()); // the aggregator removed the finished job: nothing of it is kept
            stop(record.key());
            return;
        }
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
        if (accepted.getItemIds() != null)
            accepted.setItemIds(
                    new ArrayList<>(new LinkedHashSet<>(accepted.getItemIds()))); // an id listed twice is one item
        SplitProgress progress = SplitProgress.newBuilder()
                .setRequest(accepted)
                .setAcceptedAt(now)
                .setNotices(checked.notices().isEmpty() ? null : checked.notices())
                .setItemsChecked(request.getItemIds() == null)
                .setSampleAt(context.currentSystemTimeMs())
                .build(); // the first rate sample counts from now
        jobs.put(jobId, progress);
        ready.add(jobId);
        advance(jobId, progress, now, settings.maxItemsPerTick());
        ticker.need(!ready.isEmpty());
    }

    /** The job's status: what finished frees its window, and a terminal job stops. */
    private void onStatus(String jobId, JobStatus status, Instant now) {
        SplitProgress progress = jobs.get(jobId);
        if (progress == null) return;
        if (status.getStatus() == JobState.cancelled
                || status.getStatus() == JobState.failed
                || status.getStatus() == JobState.completed) {
            stop(jobId);
            return;
        }
        long finished = status.getProcessedItems()
                + status.getFailedItems()
                + status.getSkippedItems()
                + status.getCancelledItems();
        if (!window.finished(progress, finished, now.toEpochMilli())) return;
        jobs.put(jobId, progress);
        if (window.room(progress) > 0) {
            ready.add(jobId);
            ticker.need(true);
        }
    }

    /** Whether the record is a tombstone on {@code batch.job-status}: its job was removed. */
    private boolean removed() {
        return context.recordMetadata()
                .map(m -> topics.jobStatus.name().equals(m.topic()))
                .orElse(false);
    }

    /** Forgets the job and the pages of it still waiting. */
    private void stop(String jobId) {
        jobs.delete(jobId);
        queue.forget(jobId);
        ready.remove(jobId);
        ticker.need(!ready.isEmpty());
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
            try (Trace.Scope mdc = Trace.mdc(
                    progress.getRequest().getProjectId(),
                    jobId,
                    null,
                    progress.getRequest().getCorrelationId())) {
                budget -= advance(jobId, progress, now, budget);
            }
        }
        ticker.need(!ready.isEmpty());
    }

    /**
     * Lists what the job may list now and sends the tasks its window allows; returns how much of the
     * tick's budget that used. Listing announces the items at once (so the job's total is known
     * early); their tasks wait in the {@link PageQueue} for room in the window.
     */
    private int advance(String jobId, SplitProgress progress, Instant now, int budget) {
        if (progress.getReleased() < 0) { // the schema's default, -1: as many out as listed (none, for a new job)
            progress.setReleased(progress.getDispatched());
            progress.setReleasePage(progress.getPage());
        }
        ItemLister.Check check = lister.check(progress, now);
        if (check.waiting()) return 0;
        if (check.problem() != null) {
            stop(jobId);
            reject(jobId, check.problem(), now);
            return 1;
        }
        int used = pages.list(jobId, progress, now, budget);
        used += pages.release(jobId, progress, now, budget - used);
        if (progress.getListed() && progress.getReleased() == progress.getDispatched()) {
            stop(jobId);
            log.info(
                    "Job {}: all {} {} tasks out, in {} pages",
                    jobId,
                    progress.getDispatched(),
                    progress.getRequest().getJobType(),
                    progress.getPage());
        } else {
            jobs.put(jobId, progress);
            boolean more = !progress.getListed()
                    || (window.room(progress) > 0 && progress.getReleasePage() < progress.getPage());
            if (!more) ready.remove(jobId); // until its status says some finished
        }
        return Math.max(1, used);
    }

    private void reject(String jobId, String problem, Instant now) {
        log.info("Job {} rejected: {}", jobId, problem);
        output.reject(jobId, problem, now);
    }
}
