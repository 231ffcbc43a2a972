package dev.batch.aggregator;

import dev.batch.aggregator.DeadlineStore.Deadline;
import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Topologies;
import dev.batch.common.kafka.Trace;
import dev.batch.events.ItemResult;
import dev.batch.events.JobCommand;
import dev.batch.events.JobEvent;
import dev.batch.events.JobRequested;
import dev.batch.events.JobStatus;
import dev.batch.events.PurgeRequested;
import java.time.Duration;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of job status: runs each input and each passed watchdog deadline through the
 * {@link JobFold} and writes what it returns to the stores and the output topics; a finished job
 * is removed by the {@link JobPurger} when its retention ends or it is deleted. Owns the
 * job-status, job-items, job-requests, watchdog, retention and project-index stores.
 */
final class JobStatusProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private static final Logger log = LoggerFactory.getLogger(JobStatusProcessor.class);
    /** How long a change of counters alone may wait for its status record. */
    private static final Duration STATUS_FLUSH = Duration.ofMillis(100);

    private final Topics topics;
    private final Watchdog watchdog;
    private final Retention retention;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, JobStatus> jobs;
    /** Each job under its project, written once when the request sets the project: see {@link AggregatorTopology#projectJobKey}. */
    private KeyValueStore<String, String> projectJobs;

    private DeadlineStore deadlines;
    private JobFold fold;
    private RetryDispatcher retries;
    private StatusBatcher statuses;
    private JobPurger purger;

    JobStatusProcessor(Topics topics, Watchdog watchdog, Retention retention) {
        this.topics = topics;
        this.watchdog = watchdog;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.jobs = context.getStateStore(StoreSpecs.JOB_STATUS.name());
        this.projectJobs = context.getStateStore(StoreSpecs.JOB_PROJECT_INDEX.name());
        this.deadlines = new DeadlineStore(context.getStateStore(StoreSpecs.WATCHDOG.name()));
        this.fold = new JobFold(
                JobRecords.of(
                        context.getStateStore(StoreSpecs.JOB_ITEMS.name()),
                        context.getStateStore(StoreSpecs.JOB_REQUESTS.name())),
                watchdog);
        this.retries = new RetryDispatcher(context, topics);
        // Every punctuation costs a commit (a transaction): the watchdog looks at its deadlines as
        // often as their precision needs, and the status flush ticks only while counters wait.
        context.schedule(
                watchdog.checkEvery(), PunctuationType.WALL_CLOCK_TIME, now -> expire(Instant.ofEpochMilli(now)));
        this.purger = new JobPurger(context, topics, retention, deadlines, watchdog);
        context.schedule(
                retention.checkEvery(),
                PunctuationType.WALL_CLOCK_TIME,
                now -> purger.sweep(Instant.ofEpochMilli(now)));
        this.statuses = new StatusBatcher(context, Topologies.sinkName(topics.jobStatus), jobs, STATUS_FLUSH);
    }

    private void index(JobStatus job) {
        projectJobs.put(
                AggregatorTopology.projectJobKey(job.getProjectId(), job.getCreatedAt(), job.getJobId()),
                job.getJobId());
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        String jobId = record.key();
        SpecificRecord value = record.value();
        if (jobId == null || value == null) {
            log.warn("Ignoring a record without job id or value on the aggregator's inputs");
            return;
        }
        if (value instanceof JobCommand c && c.getCommand() instanceof PurgeRequested) {
            purger.onCommand(jobId, c, Instant.ofEpochMilli(record.timestamp()));
            return;
        }
        apply(jobId, value, record);
    }

    private void apply(String jobId, SpecificRecord value, Record<String, SpecificRecord> in) {
        Instant at = Instant.ofEpochMilli(in.timestamp());
        JobStatus before = jobs.get(jobId);
        if (before == null && purger.tookLate(jobId, value, at)) return; // of a job removed: it is not made again
        String correlation = before != null && before.getCorrelationId() != null
                ? before.getCorrelationId()
                : value instanceof JobRequested r ? r.getCorrelationId() : null;
        // What this record causes (events, tasks) carries the job's correlation id and the next span of its trace.
        boolean traced = in.headers() != null && in.headers().toArray().length > 0;
        Record<String, SpecificRecord> record =
                in.withHeaders(traced ? Trace.next(in.headers()) : Trace.headers(correlation, null));
        String project = before != null && before.getProjectId() != null
                ? before.getProjectId()
                : value instanceof JobRequested r ? r.getProjectId() : null;
        try (Trace.Scope mdc =
                Trace.mdc(project, jobId, value instanceof ItemResult r ? r.getItemId() : null, correlation)) {
            write(fold.apply(jobId, before, value, at), record);
        }
    }

    /** Acts on every deadline passed: the items and jobs still waiting by then fail with a timeout. */
    private void expire(Instant now) {
        for (Deadline d : deadlines.takeDue(now)) {
            if (d.isJob()) {
                JobChange change = fold.expireJob(jobs.get(d.jobId()), now);
                if (change.job() != null) write(change, new Record<>(d.jobId(), change.job(), now.toEpochMilli()));
            } else {
                ItemResult timeout = fold.itemTimeout(jobs.get(d.jobId()), d, now);
                if (timeout != null) apply(d.jobId(), timeout, new Record<>(d.jobId(), timeout, now.toEpochMilli()));
            }
        }
    }

    /** Sends what the change caused, with the headers of {@code cause}, and stores the job if it changed. */
    private void write(JobChange change, Record<String, SpecificRecord> cause) {
        if (!change.retried().isEmpty()) {
            retries.dispatch(change.job(), change.retryRequest(), change.retried(), change.at(), cause);
        }
        for (JobEvent event : change.events()) {
            context.forward(cause.withValue((SpecificRecord) event), Topologies.sinkName(topics.jobEvents));
        }
        change.deadlines().forEach(deadlines::put);
        change.passed().forEach(deadlines::remove);
        if (!change.changed()) return;
        JobStatus job = change.job();
        jobs.put(job.getJobId(), job);
        if (job.getProjectId() != null
                && (change.before() == null || change.before().getProjectId() == null)) {
            index(job); // the request was read: the job has its project from now on
        } else if (job.getProjectId() == null && change.before() == null) {
            // A worker's result names its task's project: a job removed too long ago to be marked still has an owner.
            String project = cause.value() instanceof ItemResult r ? r.getProjectId() : null;
            purger.seenWithoutRequest(job.getJobId(), project, change.at());
        }
        statuses.changed(job, change.stateChanged(), cause);
        if (change.stateChanged() && JobChange.isTerminal(job.getStatus())) purger.finished(job, change.at());
    }
}
