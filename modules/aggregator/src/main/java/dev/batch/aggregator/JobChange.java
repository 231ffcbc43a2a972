package dev.batch.aggregator;

import dev.batch.aggregator.DeadlineStore.Deadline;
import dev.batch.events.JobEvent;
import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one input does to a job: the status it had and the one it gets, the events that record it,
 * the items a retry sends back to the workers and the deadlines the watchdog is to keep. The fold
 * changes the state only through {@link #moveTo} and {@link #reopen}, so every change of state
 * has its event.
 */
final class JobChange {
    private static final Set<JobState> TERMINAL = EnumSet.of(JobState.completed, JobState.failed, JobState.cancelled);

    private final JobStatus before;
    private final JobStatus job;
    private final Instant at;
    private final List<JobEvent> events = new ArrayList<>();
    private final List<Deadline> deadlines = new ArrayList<>();
    private final List<Deadline> passed = new ArrayList<>();
    private JobRequested retryRequest;
    private List<JobItem> retried = List.of();

    private JobChange(JobStatus before, JobStatus job, Instant at) {
        this.before = before;
        this.job = job;
        this.at = at;
    }

    /** A change to work on: a copy of the job, or a pending placeholder for a job not seen yet. */
    static JobChange of(String jobId, JobStatus before, Instant at) {
        JobStatus job = before != null
                ? JobStatus.newBuilder(before).build()
                : JobStatus.newBuilder()
                        .setJobId(jobId)
                        .setStatus(JobState.pending)
                        .setJobType(JobType.unknown)
                        .setCreatedAt(at)
                        .setEffectiveAt(at)
                        .build();
        return new JobChange(before, job, at);
    }

    /** An input that does nothing to the job, not even create it. */
    static JobChange none(JobStatus before, Instant at) {
        return new JobChange(before, before, at);
    }

    /** Whether a job in this state has ended: only a retry ({@link #reopen}) takes it further. */
    static boolean isTerminal(JobState state) {
        return TERMINAL.contains(state);
    }

    JobStatus before() {
        return before;
    }

    /** The job as it becomes (mutable while the fold works on it); null only for {@link #none} of an unknown job. */
    JobStatus job() {
        return job;
    }

    Instant at() {
        return at;
    }

    boolean changed() {
        return job != null && !job.equals(before);
    }

    /** Whether the state moved (or the job is new), as opposed to only its counters or details. */
    boolean stateChanged() {
        return before == null || before.getStatus() != job.getStatus();
    }

    List<JobEvent> events() {
        return events;
    }

    List<Deadline> deadlines() {
        return deadlines;
    }

    /** Deadlines the watchdog need not keep any more: an item that was processing has finished. */
    List<Deadline> passed() {
        return passed;
    }

    /** The request to build the retried items' tasks from, or null when nothing is retried. */
    JobRequested retryRequest() {
        return retryRequest;
    }

    List<JobItem> retried() {
        return retried;
    }

    /** Moves the job to {@code to} and records the event; a terminal state is left only by {@link #reopen}. */
    void moveTo(JobState to) {
        JobState from = job.getStatus();
        if (from == to) return;
        if (isTerminal(from)) {
            throw new IllegalStateException("job " + job.getJobId() + " cannot go from terminal " + from + " to " + to);
        }
        job.setStatus(to);
        job.setEffectiveAt(at);
        if (isTerminal(to)) {
            job.setCompletedAt(at);
        }
        announce(from);
    }

    /** The only way out of a terminal state: a retry puts the job back to dispatched. */
    void reopen() {
        JobState from = job.getStatus();
        job.setStatus(JobState.dispatched);
        job.setEffectiveAt(at);
        announce(from);
    }

    /** Records the event of the job's current state, entered from {@code from}. */
    void announce(JobState from) {
        events.add(JobEvents.statusChanged(job, from, at));
    }

    void itemFailed(JobItem item) {
        events.add(JobEvents.itemFailed(job, item, at));
    }

    void watch(Deadline deadline) {
        deadlines.add(deadline);
    }

    void unwatch(Deadline deadline) {
        passed.add(deadline);
    }

    void retry(JobRequested request, List<JobItem> items) {
        this.retryRequest = request;
        this.retried = List.copyOf(items);
    }
}
