package dev.batch.aggregator;

import dev.batch.aggregator.DeadlineStore.Deadline;
import dev.batch.aggregator.RetentionQueue.Due;
import dev.batch.common.config.Durations;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Topologies;
import dev.batch.common.kafka.Trace;
import dev.batch.events.ItemResult;
import dev.batch.events.JobCommand;
import dev.batch.events.JobConfig;
import dev.batch.events.JobItem;
import dev.batch.events.JobRemoval;
import dev.batch.events.JobRequested;
import dev.batch.events.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes finished jobs: when their {@link Retention} ends, or at once on a {@code PurgeRequested}
 * command. A job's status, items, request and project-index entry leave the aggregator's stores,
 * a tombstone goes to {@code batch.job-status} (the splitter drops its state of the job on it), and
 * its blobs and cache entries are left to the {@link JobBlobRemover}, told on {@code
 * batch.job-removals} (whose last part of a job also makes the webhook sink drop its state). A job
 * that is not finished is never removed.
 */
final class JobPurger {
    private static final Logger log = LoggerFactory.getLogger(JobPurger.class);

    private final ProcessorContext<String, SpecificRecord> context;
    private final Topics topics;
    private final Retention retention;
    private final KeyValueStore<String, JobStatus> jobs;
    private final KeyValueStore<String, JobItem> items;
    private final KeyValueStore<String, JobRequested> requests;
    private final KeyValueStore<String, String> projectJobs;
    private final RetentionQueue queue;
    private final DeadlineStore deadlines;
    private final Watchdog watchdog;
    private boolean backfilled;

    JobPurger(
            ProcessorContext<String, SpecificRecord> context,
            Topics topics,
            Retention retention,
            DeadlineStore deadlines,
            Watchdog watchdog) {
        this.context = context;
        this.topics = topics;
        this.retention = retention;
        this.deadlines = deadlines;
        this.watchdog = watchdog;
        this.jobs = context.getStateStore(StoreSpecs.JOB_STATUS.name());
        this.items = context.getStateStore(StoreSpecs.JOB_ITEMS.name());
        this.requests = context.getStateStore(StoreSpecs.JOB_REQUESTS.name());
        this.projectJobs = context.getStateStore(StoreSpecs.JOB_PROJECT_INDEX.name());
        this.queue = new RetentionQueue(context.getStateStore(StoreSpecs.JOB_RETENTION.name()));
    }

    /** The job has just finished at {@code at}: its removal is due when its retention has passed. */
    void finished(JobStatus job, Instant at) {
        queue.put(job.getJobId(), job.getProjectId(), at.plus(retention.after()));
    }

    /** Removes every finished job whose retention ended by {@code now}. */
    void sweep(Instant now) {
        if (!backfilled) {
            backfill();
            backfilled = true;
        }
        for (Due due : queue.takeDue(now)) {
            JobStatus job = jobs.get(due.jobId());
            if (job == null) { // removed already
                queue.forgetRemoved(due.jobId(), now);
                continue;
            }
            if (job.getProjectId() == null && requests.get(job.getJobId()) == null) {
                // Results without a request for a retention: of a job removed before (its due entry names the project).
                String owner = due.projectId() == null || due.projectId().isEmpty() ? null : due.projectId();
                purge(job, owner, "it only held results of a job without request", now);
                continue;
            }
            // Reopened by a retry: its next end schedules it again.
            if (!JobChange.isTerminal(job.getStatus())) continue;
            Instant ended = job.getCompletedAt() != null
                    ? job.getCompletedAt()
                    : due.at().minus(retention.after());
            Instant end = ended.plus(retention.after());
            if (end.isAfter(now)) {
                queue.put(job.getJobId(), job.getProjectId(), end); // it finished again since
                continue;
            }
            purge(job, job.getProjectId(), "its retention of " + Durations.format(retention.after()) + " ended", now);
        }
    }

    /**
     * Schedules the finished jobs the store holds without a removal, once a run: those that ended
     * before retention existed. Jobs scheduled already are only looked up.
     */
    private void backfill() {
        Map<String, Integer> added = new TreeMap<>();
        try (KeyValueIterator<String, JobStatus> it = jobs.all()) {
            while (it.hasNext()) {
                JobStatus job = it.next().value;
                if (job == null || !JobChange.isTerminal(job.getStatus()) || job.getCompletedAt() == null) continue;
                Instant end = job.getCompletedAt().plus(retention.after());
                if (queue.putIfAbsent(job.getJobId(), job.getProjectId(), end)) {
                    added.merge(String.valueOf(job.getProjectId()), 1, Integer::sum);
                }
            }
        }
        if (!added.isEmpty())
            log.info("Scheduled the removal of finished jobs kept from before, by project: {}", added);
    }

    /** A {@code PurgeRequested} command: removes the job now if it is the command's project's and finished. */
    void onCommand(String jobId, JobCommand command, Instant now) {
        JobStatus job = jobs.get(jobId);
        if (job == null || !command.getProjectId().equals(job.getProjectId())) {
            log.info("Ignoring a purge of job {} unknown to project {}", jobId, command.getProjectId());
        } else if (!JobChange.isTerminal(job.getStatus())) {
            log.info("Not removing job {} of project {}: it is {}", jobId, job.getProjectId(), job.getStatus());
        } else {
            purge(job, job.getProjectId(), "it was deleted", now);
        }
    }

    /**
     * A job first seen through something other than its request (a result that came first, or one
     * of a job removed too long ago to be known): looked at again a retention later, when a job still
     * without request is removed, its blobs under {@code project}, the project the result named (null:
     * none, the blobs stay).
     */
    void seenWithoutRequest(String jobId, String project, Instant at) {
        queue.put(jobId, project, at.plus(retention.after()));
    }

    /**
     * What comes for a job removed less than a retention ago: a late result of a worker that was still
     * busy with it, or a record left in flight. Nothing makes the job again; a finished item's blobs,
     * written before its result, go as the job's went, under the project it had. Returns false when the
     * job is not one removed.
     */
    boolean tookLate(String jobId, SpecificRecord value, Instant now) {
        Optional<String> project = queue.removedProject(jobId);
        if (project.isEmpty()) return false;
        if (value instanceof ItemResult r && JobItems.isTerminal(r.getStatus())) {
            try (Trace.Scope mdc = Trace.mdc(project.get(), jobId, r.getItemId(), null)) {
                sendRemoval(jobId, project.get(), List.of(r.getItemId()), now);
                log.info("A result of item {} came after job {} was removed: its blobs go too", r.getItemId(), jobId);
            }
        }
        return true;
    }

    /**
     * Removes the job from the stores and writes its tombstone; its blobs are left to the {@link
     * JobBlobRemover}, told on {@code batch.job-removals} in the same transaction (deleting them here
     * would hold every job's status while a big job's blobs go), under {@code owner}, the project they
     * are removed in (null: none known, nothing to tell).
     */
    private void purge(JobStatus job, String owner, String why, Instant now) {
        String jobId = job.getJobId();
        String project = job.getProjectId();
        try (Trace.Scope mdc = Trace.mdc(owner, jobId, null, job.getCorrelationId())) {
            List<KeyValue<String, JobItem>> jobItems = itemsOf(jobId);
            forgetDeadlines(job, jobItems);
            jobItems.forEach(kv -> items.delete(kv.key));
            requests.delete(jobId);
            projectJobs.delete(AggregatorTopology.projectJobKey(project, job.getCreatedAt(), jobId));
            jobs.delete(jobId);
            context.forward(
                    new Record<String, SpecificRecord>(jobId, null, now.toEpochMilli()),
                    Topologies.sinkName(topics.jobStatus));
            if (owner != null) {
                sendRemoval(
                        jobId,
                        owner,
                        jobItems.stream().map(kv -> kv.value.getItemId()).toList(),
                        now);
                // A worker's late result of the job, for a retention: its blobs go too (tookLate).
                queue.markRemoved(jobId, owner, now.plus(retention.after()));
                queue.put(jobId, owner, now.plus(retention.after()));
                log.info(
                        "Removed job {} of project {} ({} items); its blobs go next: {}",
                        jobId,
                        owner,
                        jobItems.size(),
                        why);
            } else {
                log.warn(
                        "Removed job {} ({} items) of no known project: {}; its blobs, if any, stay",
                        jobId,
                        jobItems.size(),
                        why);
            }
        }
    }

    /** Tells the {@link JobBlobRemover} to delete these items' blobs, and then what is the job's as a whole. */
    private void sendRemoval(String jobId, String project, List<String> itemIds, Instant now) {
        for (JobRemoval part : JobRemovals.parts(jobId, project, itemIds, now)) {
            context.forward(
                    new Record<String, SpecificRecord>(jobId, part, now.toEpochMilli()),
                    Topologies.sinkName(topics.jobRemovals));
        }
    }

    /**
     * The watchdog's deadlines of the job: its own, and its items' as {@link JobFold} set them from
     * when they started (one that does not match expires harmlessly).
     */
    private void forgetDeadlines(JobStatus job, List<KeyValue<String, JobItem>> jobItems) {
        deadlines.removeJob(job.getJobId());
        JobConfig config = configOf(requests.get(job.getJobId()));
        for (KeyValue<String, JobItem> kv : jobItems) {
            JobItem item = kv.value;
            if (item.getStartedAt() == null) continue;
            Instant at = watchdog.itemDeadline(item.getStartedAt(), config);
            deadlines.remove(Deadline.item(job.getJobId(), item.getItemId(), item.getAttempt(), at, ""));
        }
    }

    /** The request's config; null when there is none or it does not read (a rejected request's). */
    private static JobConfig configOf(JobRequested request) {
        try {
            return request == null ? null : JobConfigs.of(request);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private List<KeyValue<String, JobItem>> itemsOf(String jobId) {
        List<KeyValue<String, JobItem>> out = new ArrayList<>();
        try (KeyValueIterator<String, JobItem> it = items.prefixScan(jobId + "/", new StringSerializer())) {
            while (it.hasNext()) out.add(it.next());
        }
        return out;
    }
}
