package dev.batch.aggregator;

import dev.batch.common.Ids;
import dev.batch.common.kafka.Ticker;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Trace;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobEvent;
import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import dev.batch.events.CancelRequested;
import dev.batch.events.ItemTask;
import dev.batch.events.JobCommand;
import dev.batch.events.RetryRequested;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import java.util.EnumSet;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of job status. Folds requests, dispatch pages and item results into one
 * {@link JobStatus} per job and one {@link JobItem} per item.
 *
 * <p>Invariants: an item is counted once, when it first reaches a terminal state (a second result
 * for it is ignored); {@code total_items} only grows and is final once a final dispatch page is
 * seen; a job is terminal exactly when dispatch is final and every item is finished, and then its
 * counters add up to {@code total_items}. Inputs may arrive in any order across the three topics
 * (a result before its dispatch page, a page before the request), so every handler works from
 * whatever the stores already hold.
 */
final class JobAggregator implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private final Topics topics;
    private static final Logger log = LoggerFactory.getLogger(JobAggregator.class);
    private static final Set<ItemState> ITEM_TERMINAL =
            EnumSet.of(ItemState.completed, ItemState.failed, ItemState.skipped, ItemState.cancelled);
    private static final Set<JobState> JOB_TERMINAL = EnumSet.of(JobState.completed, JobState.failed, JobState.cancelled);

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, JobStatus> jobs;
    private KeyValueStore<String, JobItem> items;
    private KeyValueStore<String, JobRequested> requests;
    /** Each job under its project, written once when the request sets the project: see {@link AggregatorTopology#projectJobKey}. */
    private KeyValueStore<String, String> projectJobs;
    /** Watchdog deadlines, keyed so that they sort by time: {@code <millis>/job/<job>} and {@code <millis>/item/<job>/<item>/<attempt>}. */
    private KeyValueStore<String, String> deadlines;
    private final Watchdog watchdog;
    /** Jobs whose counters changed since the last status record: written out together, every 100 ms. */
    private final java.util.Set<String> dirty = new java.util.LinkedHashSet<>();
    private Ticker flush;

    JobAggregator(Topics topics, Watchdog watchdog) {
        this.topics = topics;
        this.watchdog = watchdog;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.jobs = context.getStateStore(Topics.JOB_STATUS_STORE);
        this.items = context.getStateStore(Topics.JOB_ITEMS_STORE);
        this.requests = context.getStateStore(Topics.JOB_REQUESTS_STORE);
        this.deadlines = context.getStateStore(Topics.WATCHDOG_STORE);
        this.projectJobs = context.getStateStore(Topics.JOB_PROJECT_INDEX_STORE);
        indexJobsWithoutEntries();
        // Every punctuation costs a commit (a transaction): the watchdog looks at its deadlines as
        // often as their precision needs, and the status flush ticks only while counters wait.
        context.schedule(watchdog.checkEvery(), PunctuationType.WALL_CLOCK_TIME, now -> expire(Instant.ofEpochMilli(now)));
        this.flush = new Ticker(context, Duration.ofMillis(100), this::flushStatus);
    }

    /**
     * An empty index beside a job store that holds jobs with a project means the jobs were stored
     * before the index existed: they get their entries here, once, before any record is processed.
     */
    private void indexJobsWithoutEntries() {
        try (KeyValueIterator<String, String> it = projectJobs.all()) {
            if (it.hasNext()) return;
        }
        long indexed = 0;
        try (KeyValueIterator<String, JobStatus> it = jobs.all()) {
            while (it.hasNext()) {
                JobStatus job = it.next().value;
                if (job == null || job.getProjectId() == null) continue;
                projectJobs.put(AggregatorTopology.projectJobKey(job.getProjectId(), job.getCreatedAt(), job.getJobId()), job.getJobId());
                indexed++;
            }
        }
        if (indexed > 0) log.info("Indexed {} jobs by project in task {}", indexed, context.taskId());
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        String jobId = record.key();
        SpecificRecord value = record.value();
        if (jobId == null || value == null) {
            log.warn("Ignoring a record without job id or value on the aggregator's inputs");
            return;
        }
        apply(jobId, value, record);
    }

    private void apply(String jobId, SpecificRecord value, Record<String, SpecificRecord> in) {
        Instant at = Instant.ofEpochMilli(in.timestamp());
        JobStatus before = jobs.get(jobId);
        JobStatus job = before == null ? placeholder(jobId, at) : JobStatus.newBuilder(before).build();
        String correlation = job.getCorrelationId() != null ? job.getCorrelationId()
                : value instanceof JobRequested r ? r.getCorrelationId() : null;
        // What this record causes (events, tasks) carries the job's correlation id and the next span of its trace.
        boolean traced = in.headers() != null && in.headers().toArray().length > 0;
        Record<String, SpecificRecord> record = in.withHeaders(traced ? Trace.next(in.headers()) : Trace.headers(correlation, null));
        String project = job.getProjectId() != null ? job.getProjectId() : value instanceof JobRequested r ? r.getProjectId() : null;
        try (Trace.Scope mdc = Trace.mdc(project, jobId, value instanceof ItemResult r ? r.getItemId() : null, correlation)) {
            apply(jobId, value, record, at, before, job);
        }
    }

    private void apply(String jobId, SpecificRecord value, Record<String, SpecificRecord> record, Instant at, JobStatus before, JobStatus job) {

        if (value instanceof JobRequested r) {
            onRequested(job, r, at, record);
        } else if (value instanceof ItemsDispatched d) {
            onDispatched(job, d, at, record);
        } else if (value instanceof ItemResult r) {
            onResult(job, r, at, record);
        } else if (value instanceof JobCommand c) {
            if (before == null || !jobId.equals(c.getJobId())) {
                log.info("Ignoring a command for unknown job {}", jobId);
                return;
            }
            if (c.getCommand() instanceof CancelRequested) onCancel(job, at, record);
            else if (c.getCommand() instanceof RetryRequested r) onRetry(job, r, at, record);
        } else {
            log.warn("Ignoring an unexpected {} for job {}", value.getClass().getSimpleName(), jobId);
            return;
        }
        save(before, job, at, record);
    }

    /**
     * Stores the job; a change of state goes out on {@code batch.job-status} at once, a change of
     * counters only with the next flush: a 100,000-item job writes a few hundred status records, not
     * one per item (the topic is compacted, and the API reads the store).
     */
    private void save(JobStatus before, JobStatus job, Instant at, Record<String, SpecificRecord> record) {
        maybeFinish(job, at, record);
        if (!job.equals(before)) {
            job.setUpdatedAt(at);
            jobs.put(job.getJobId(), job);
            if (before == null || before.getStatus() != job.getStatus()) {
                dirty.remove(job.getJobId());
                context.forward(record.withValue((SpecificRecord) job), AggregatorTopology.STATUS_SINK);
            } else {
                dirty.add(job.getJobId());
                flush.need(true);
            }
        }
    }

    private void flushStatus(long now) {
        for (String id : dirty) {
            JobStatus job = jobs.get(id);
            if (job != null) context.forward(new Record<String, SpecificRecord>(id, job, now), AggregatorTopology.STATUS_SINK);
        }
        dirty.clear();
        flush.need(false);
    }

    // ---- the watchdog ----

    private static String deadlineKey(Instant when, String what) {
        return String.format("%013d", Math.max(0, when.toEpochMilli())) + "/" + what;
    }

    /** Acts on every deadline passed: the items and jobs still waiting by then fail with a timeout. */
    private void expire(Instant now) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = deadlines.range(deadlineKey(Instant.EPOCH, ""), deadlineKey(now, "~"))) {
            while (it.hasNext()) due.add(it.next());
        }
        for (KeyValue<String, String> d : due) {
            deadlines.delete(d.key);
            String[] part = d.key.split("/");
            if (part.length == 3 && part[1].equals("job")) {
                expireJob(part[2], now);
            } else if (part.length == 5 && part[1].equals("item")) {
                expireItem(part[2], part[3], Integer.parseInt(part[4]), d.value, now);
            }
        }
    }

    private void expireItem(String jobId, String itemId, int attempt, String limit, Instant now) {
        JobStatus job = jobs.get(jobId);
        JobItem item = items.get(AggregatorTopology.itemKey(jobId, itemId));
        if (job == null || JOB_TERMINAL.contains(job.getStatus()) || item == null || item.getStatus() != ItemState.processing
                || item.getAttempt() != attempt) {
            return; // it reported in time
        }
        log.warn("Watchdog: item {} of job {} has not reported since {}; failing it", itemId, jobId, item.getStartedAt());
        ItemResult timeout = ItemResult.newBuilder().setJobId(jobId).setItemId(itemId).setFileId(item.getFileId()).setItemName(item.getItemName())
                .setStatus(ItemState.failed).setAttempt(attempt).setStartedAt(item.getStartedAt()).setFinishedAt(now)
                .setErrorCode("timeout")
                .setErrorMessage("timed out: no result " + limit + " after the item started (twice its time limit plus grace); "
                        + "the worker may have died on it")
                .build();
        apply(jobId, timeout, new Record<>(jobId, timeout, now.toEpochMilli()));
    }

    private void expireJob(String jobId, Instant now) {
        JobStatus before = jobs.get(jobId);
        if (before == null || JOB_TERMINAL.contains(before.getStatus())) return;
        JobStatus job = JobStatus.newBuilder(before).build();
        String why = "timed out: the job did not finish within " + watchdog.jobMaxDuration() + " of its request (BATCH_JOB_MAX_DURATION)";
        log.warn("Watchdog: job {} is still {}; failing its unfinished items", jobId, job.getStatus());
        Record<String, SpecificRecord> record = new Record<>(jobId, job, now.toEpochMilli());
        List<JobItem> failed = endUnfinished(job, now, ItemState.failed, "timeout", "timed out: no result before the job's deadline");
        job.setFailedItems(job.getFailedItems() + failed.size());
        job.setErrorMessage(why);
        if (job.getJobType() != JobType.unknown) {
            for (JobItem item : failed) emitItemFailed(job, item, now, record);
        }
        if (job.getStatus() == JobState.pending) transition(job, JobState.running, now, record);
        if (job.getStatus() == JobState.running) transition(job, JobState.dispatched, now, record);
        save(before, job, now, record);
    }

    private static JobStatus placeholder(String jobId, Instant at) {
        return JobStatus.newBuilder()
                .setJobId(jobId)
                .setStatus(JobState.pending)
                .setJobType(JobType.unknown)
                .setCreatedAt(at)
                .setEffectiveAt(at)
                .build();
    }

    private void onRequested(JobStatus job, JobRequested r, Instant at, Record<String, SpecificRecord> record) {
        if (job.getProjectId() != null) {
            return; // a duplicate request (a producer retry, or the same event produced twice) changes nothing
        }
        requests.put(job.getJobId(), r);
        deadlines.put(deadlineKey(at.plus(watchdog.jobMaxDuration()), "job/" + job.getJobId()), "");
        if (r.getItemIds() != null && !job.getDispatchFinal()) {
            job.setTotalItems(Math.max(job.getTotalItems(), new java.util.HashSet<>(r.getItemIds()).size()));
        }
        job.setProjectId(r.getProjectId());
        job.setJobType(r.getJobType());
        job.setDirectoryId(r.getDirectoryId());
        job.setCorrelationId(r.getCorrelationId());
        job.setCreatedAt(r.getRequestedAt());
        projectJobs.put(AggregatorTopology.projectJobKey(job.getProjectId(), job.getCreatedAt(), job.getJobId()), job.getJobId());
        if (job.getStatus() == JobState.pending) {
            job.setEffectiveAt(r.getRequestedAt());
            emit(job, null, at, record);
        }
        // Items that failed before their job's request was read: their events needed the job's type.
        List<JobItem> failedEarly = new ArrayList<>();
        try (KeyValueIterator<String, JobItem> it = items.prefixScan(job.getJobId() + "/", new StringSerializer())) {
            while (it.hasNext()) {
                JobItem item = it.next().value;
                if (item.getStatus() == ItemState.failed) failedEarly.add(item);
            }
        }
        for (JobItem item : failedEarly) emitItemFailed(job, item, at, record);
    }

    private void onDispatched(JobStatus job, ItemsDispatched d, Instant at, Record<String, SpecificRecord> record) {
        if (JOB_TERMINAL.contains(job.getStatus())) {
            return;
        }
        if (d.getPriority() != null) job.setPriority(d.getPriority());
        if (d.getNotices() != null && !d.getNotices().isEmpty()) {
            java.util.LinkedHashSet<String> notices = new java.util.LinkedHashSet<>(job.getNotices() == null ? List.of() : job.getNotices());
            notices.addAll(d.getNotices());
            job.setNotices(new ArrayList<>(notices));
        }
        if (d.getErrorMessage() != null) {
            job.setDispatchFinal(true);
            job.setTotalItems(0);
            job.setErrorMessage(d.getErrorMessage());
            transition(job, JobState.failed, at, record);
            return;
        }
        for (dev.batch.events.DispatchedItem d1 : d.getItems()) {
            String key = AggregatorTopology.itemKey(job.getJobId(), d1.getItemId());
            JobItem item = items.get(key);
            if (item == null) {
                items.put(key, JobItem.newBuilder().setJobId(job.getJobId()).setItemId(d1.getItemId())
                        .setFileId(d1.getFileId()).setItemName(d1.getItemName())
                        .setStatus(ItemState.pending).setDispatched(true).setUpdatedAt(at).build());
            } else if (!item.getDispatched()) {
                item.setDispatched(true); // its result came first
                items.put(key, item);
            }
        }
        job.setTotalItems(Math.max(job.getTotalItems(), d.getTotalDispatched()));
        if (job.getStatus() == JobState.pending) {
            job.setStartedAt(at);
            transition(job, JobState.running, at, record);
        }
        if (d.getFinalPage() && !job.getDispatchFinal()) {
            job.setDispatchFinal(true);
            job.setTotalItems(d.getTotalDispatched());
            transition(job, JobState.dispatched, at, record);
        }
    }

    private void onResult(JobStatus job, ItemResult r, Instant at, Record<String, SpecificRecord> record) {
        String key = AggregatorTopology.itemKey(job.getJobId(), r.getItemId());
        JobItem item = items.get(key);
        if (JOB_TERMINAL.contains(job.getStatus())) {
            return; // a cancelled job's late results, or a duplicate after the end: nothing changes
        }
        if (item != null && ITEM_TERMINAL.contains(item.getStatus())) {
            return; // counted already: a redelivered or duplicate result
        }
        if (item != null && r.getAttempt() < item.getAttempt()) {
            return; // a late result of an attempt that a retry has replaced
        }
        if (!ITEM_TERMINAL.contains(r.getStatus())) {
            // A "processing" notice: shown on the item, counted nowhere.
            if (item != null && r.getAttempt() >= item.getAttempt()) {
                boolean first = item.getStatus() != ItemState.processing;
                item.setStatus(r.getStatus());
                item.setStartedAt(r.getStartedAt());
                item.setUpdatedAt(at);
                items.put(key, item);
                if (first && r.getStatus() == ItemState.processing) {
                    JobRequested request = requests.get(job.getJobId());
                    Instant started = r.getStartedAt() != null ? r.getStartedAt() : at;
                    String config = request == null ? null : request.getJobConfigJson();
                    Instant deadline = watchdog.itemDeadline(started, config);
                    deadlines.put(deadlineKey(deadline, "item/" + job.getJobId() + "/" + r.getItemId() + "/" + item.getAttempt()),
                            Duration.between(started, deadline).toSeconds() + " s");
                }
            }
            return;
        }
        JobItem next = JobItem.newBuilder()
                .setJobId(job.getJobId())
                .setItemId(r.getItemId())
                .setItemName(r.getItemName() != null ? r.getItemName() : item == null ? null : item.getItemName())
                .setFileId(r.getFileId() != null ? r.getFileId() : item == null ? null : item.getFileId())
                .setAttempt(r.getAttempt())
                .setStartedAt(r.getStartedAt())
                .setCompletedAt(r.getFinishedAt())
                .setStatus(r.getStatus())
                .setDispatched(item != null && item.getDispatched())
                .setSkipReason(r.getSkipReason())
                .setErrorCode(r.getErrorCode())
                .setErrorMessage(r.getErrorMessage())
                .setOutputLocation(r.getOutputLocation())
                .setParametersHash(r.getParametersHash())
                .setUpdatedAt(at)
                .build();
        items.put(key, next);
        switch (r.getStatus()) {
            case completed -> job.setProcessedItems(job.getProcessedItems() + 1);
            case failed -> {
                job.setFailedItems(job.getFailedItems() + 1);
                if (job.getJobType() != JobType.unknown) emitItemFailed(job, next, at, record);
            }
            case skipped -> job.setSkippedItems(job.getSkippedItems() + 1);
            case cancelled -> job.setCancelledItems(job.getCancelledItems() + 1);
            default -> { }
        }
    }

    /**
     * Cancels every item not yet finished, fixes the total at the items known so far (an item_ids
     * job knows all of them; a directory job those dispatched), ignores later pages and results of
     * the job, and ends it as cancelled.
     */
    private void onCancel(JobStatus job, Instant at, Record<String, SpecificRecord> record) {
        if (JOB_TERMINAL.contains(job.getStatus())) return;
        List<JobItem> ended = endUnfinished(job, at, ItemState.cancelled, null, null);
        job.setCancelledItems(job.getCancelledItems() + ended.size());
        transition(job, JobState.cancelled, at, record);
    }

    /**
     * Ends every item not yet finished with {@code status}, and fixes the total at the items known so
     * far (an item_ids job knows all of them; a directory job those dispatched): later pages and
     * results of the job change nothing. Returns the items ended; the caller counts them.
     */
    private List<JobItem> endUnfinished(JobStatus job, Instant at, ItemState status, String errorCode, String errorMessage) {
        long known = 0;
        List<JobItem> unfinished = new ArrayList<>();
        try (KeyValueIterator<String, JobItem> it = items.prefixScan(job.getJobId() + "/", new StringSerializer())) {
            while (it.hasNext()) {
                JobItem item = it.next().value;
                known++;
                if (!ITEM_TERMINAL.contains(item.getStatus())) unfinished.add(item);
            }
        }
        JobRequested request = requests.get(job.getJobId());
        if (request != null && request.getItemIds() != null) {
            for (String itemId : new java.util.LinkedHashSet<>(request.getItemIds())) {
                if (items.get(AggregatorTopology.itemKey(job.getJobId(), itemId)) == null) {
                    known++;
                    unfinished.add(JobItem.newBuilder().setJobId(job.getJobId()).setItemId(itemId).setFileId(itemId)
                            .setStatus(ItemState.pending).setUpdatedAt(at).build());
                }
            }
        }
        for (JobItem item : unfinished) {
            item.setStatus(status);
            item.setErrorCode(errorCode);
            item.setErrorMessage(errorMessage);
            item.setUpdatedAt(at);
            item.setCompletedAt(at);
            items.put(AggregatorTopology.itemKey(job.getJobId(), item.getItemId()), item);
        }
        job.setTotalItems(known);
        job.setDispatchFinal(true);
        return unfinished;
    }

    /** Sends the failed items of a finished job back to the workers, in the same job, counters updated. */
    private void onRetry(JobStatus job, RetryRequested retry, Instant at, Record<String, SpecificRecord> record) {
        if (job.getStatus() != JobState.completed && job.getStatus() != JobState.failed) return;
        JobRequested request = requests.get(job.getJobId());
        if (request == null) return;
        java.util.Set<String> only = retry.getItemIds() == null ? null : new java.util.HashSet<>(retry.getItemIds());
        List<JobItem> failed = new ArrayList<>();
        try (KeyValueIterator<String, JobItem> it = items.prefixScan(job.getJobId() + "/", new StringSerializer())) {
            while (it.hasNext()) {
                JobItem item = it.next().value;
                if (item.getStatus() == ItemState.failed && (only == null || only.contains(item.getItemId()))) failed.add(item);
            }
        }
        if (failed.isEmpty()) return;
        if (job.getPriority() != null && job.getPriority() != request.getPriority()) {
            request = JobRequested.newBuilder(request).setPriority(job.getPriority()).build(); // what the splitter let the job run at
        }
        String sink = AggregatorTopology.taskSinkFor(topics, topics.tasksFor(request.getJobType(), request.getPriority()));
        String configHash = dev.batch.common.json.ConfigHash.of(request.getJobConfigJson());
        for (JobItem item : failed) {
            int attempt = item.getAttempt() + 1;
            item.setStatus(ItemState.pending);
            item.setAttempt(attempt);
            item.setErrorCode(null);
            item.setErrorMessage(null);
            item.setCompletedAt(null);
            item.setUpdatedAt(at);
            items.put(AggregatorTopology.itemKey(job.getJobId(), item.getItemId()), item);
            ItemTask task = dev.batch.common.ItemTasks.of(request, configHash, item.getItemId(),
                    item.getFileId() != null ? item.getFileId() : item.getItemId(), item.getItemName(), attempt, at);
            context.forward(new Record<String, SpecificRecord>(item.getItemId(), task, record.timestamp(), record.headers()), sink);
        }
        job.setFailedItems(job.getFailedItems() - failed.size());
        job.setErrorMessage(null);
        job.setCompletedAt(null);
        reopen(job, at, record);
    }

    /** The only way out of a terminal state: a retry puts the job back to dispatched. */
    private void reopen(JobStatus job, Instant at, Record<String, SpecificRecord> record) {
        JobState from = job.getStatus();
        job.setStatus(JobState.dispatched);
        job.setEffectiveAt(at);
        emit(job, from, at, record);
    }

    private void maybeFinish(JobStatus job, Instant at, Record<String, SpecificRecord> record) {
        if (JOB_TERMINAL.contains(job.getStatus()) || !job.getDispatchFinal()) {
            return;
        }
        long finished = job.getProcessedItems() + job.getFailedItems() + job.getSkippedItems() + job.getCancelledItems();
        if (finished < job.getTotalItems()) {
            return;
        }
        if (job.getTotalItems() > 0 && job.getFailedItems() == job.getTotalItems()) {
            if (job.getErrorMessage() == null) job.setErrorMessage("all " + job.getTotalItems() + " items failed");
            transition(job, JobState.failed, at, record);
        } else {
            transition(job, JobState.completed, at, record);
        }
    }

    private void transition(JobStatus job, JobState to, Instant at, Record<String, SpecificRecord> record) {
        JobState from = job.getStatus();
        if (from == to) return;
        if (JOB_TERMINAL.contains(from)) {
            throw new IllegalStateException("job " + job.getJobId() + " cannot go from terminal " + from + " to " + to);
        }
        job.setStatus(to);
        job.setEffectiveAt(at);
        if (JOB_TERMINAL.contains(to)) {
            job.setCompletedAt(at);
        }
        emit(job, from, at, record);
    }

    private void emit(JobStatus job, JobState from, Instant at, Record<String, SpecificRecord> record) {
        // A retry reopens a finished job: its second completion is a new event, not a replay of the first.
        JobEvent event = event(job, job.getJobId() + ":" + job.getStatus() + ":" + at.toEpochMilli(), eventName(job), at)
                .setPreviousStatus(from)
                .build();
        context.forward(record.withValue((SpecificRecord) event), AggregatorTopology.EVENTS_SINK);
    }

    /** An event of the job as it stands: its id derived from {@code idSource}, so a replay gives the same id. */
    private static JobEvent.Builder event(JobStatus job, String idSource, String name, Instant at) {
        return JobEvent.newBuilder()
                .setEventId(Ids.stable(idSource))
                .setEventName(name)
                .setJobId(job.getJobId())
                .setProjectId(job.getProjectId())
                .setJobType(job.getJobType())
                .setStatus(job.getStatus())
                .setTotalItems(job.getTotalItems())
                .setProcessedItems(job.getProcessedItems())
                .setFailedItems(job.getFailedItems())
                .setSkippedItems(job.getSkippedItems())
                .setCancelledItems(job.getCancelledItems())
                .setOccurredAt(at);
    }

    /** Beyond LlamaCloud: {@code <job_type>.item_failed}, one per failed item (each attempt), with its error. */
    private void emitItemFailed(JobStatus job, JobItem item, Instant at, Record<String, SpecificRecord> record) {
        JobEvent event = event(job, job.getJobId() + ":item_failed:" + item.getItemId() + ":" + item.getAttempt(),
                job.getJobType().name() + ".item_failed", at)
                .setItemId(item.getItemId())
                .setItemName(item.getItemName())
                .setErrorCode(item.getErrorCode())
                .setErrorMessage(item.getErrorMessage())
                .build();
        context.forward(record.withValue((SpecificRecord) event), AggregatorTopology.EVENTS_SINK);
    }

    /** LlamaCloud's webhook event names: {@code <job_type>.<event>}. */
    static String eventName(JobStatus job) {
        String suffix = switch (job.getStatus()) {
            case pending -> "pending";
            case running -> "running";
            case dispatched -> "dispatched";
            case completed -> job.getFailedItems() > 0 ? "partial_success" : "success";
            case failed -> "error";
            case cancelled -> "cancelled";
            default -> "unmapped_event";
        };
        String type = job.getJobType() == JobType.unknown ? "parse" : job.getJobType().name();
        return type + "." + suffix;
    }
}
