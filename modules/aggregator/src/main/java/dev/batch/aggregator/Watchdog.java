package dev.batch.aggregator;

import dev.batch.common.config.Setting;
import dev.batch.common.jobs.TimeLimit;
import dev.batch.events.JobConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When the aggregator stops waiting, so that no job sticks. Workers enforce each item's time
 * limit themselves and report a failure; the watchdog is the backstop for a result that never
 * comes (a worker that dies on an item again and again, a lost task, no worker at all):
 * <ul>
 *   <li>an item shown as processing fails with {@code timeout} once it has run for twice its limit
 *       (the worker's {@link TimeLimit}, ceilings included: {@code job_timeout_in_seconds}, plus the
 *       per-page extra over {@code max_pages} or 1,000 pages) plus {@code grace};</li>
 *   <li>a job not finished {@code jobMaxDuration} after its request has every unfinished item failed
 *       with {@code timeout}, its total fixed at the items known, and ends.</li>
 * </ul>
 */
public record Watchdog(TimeLimit.Policy limits, Duration grace, Duration jobMaxDuration) {
    public static final Setting<Duration> GRACE = Setting.duration(
            "BATCH_WATCHDOG_GRACE",
            Duration.ofMinutes(10),
            "Extra time past twice an item's own time limit before the watchdog fails an item that never reported.");
    public static final Setting<Duration> JOB_MAX_DURATION = Setting.duration(
            "BATCH_JOB_MAX_DURATION",
            Duration.ofHours(24),
            "A job not finished this long after its request has its unfinished items failed (timeout) and ends.");
    public static final List<Setting<?>> ALL = List.of(GRACE, JOB_MAX_DURATION);

    public static final Watchdog DEFAULT = new Watchdog(
            new TimeLimit.Policy(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMinutes(1)),
            GRACE.defaultValue(),
            JOB_MAX_DURATION.defaultValue());

    /**
     * How often the aggregator looks for deadlines passed: a tenth of the shortest a deadline can
     * be (an item's is at least the grace), between 1 s and 30 s. Each look costs a commit.
     */
    Duration checkEvery() {
        Duration shortest = grace.compareTo(jobMaxDuration) < 0 ? grace : jobMaxDuration;
        Duration tenth = shortest.dividedBy(10);
        if (tenth.compareTo(Duration.ofSeconds(1)) < 0) return Duration.ofSeconds(1);
        return tenth.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : tenth;
    }

    /** When an item that started at {@code started} under this job config (null: one that asks nothing) is given up on. */
    Instant itemDeadline(Instant started, JobConfig config) {
        return started.plus(itemLimit(config).multipliedBy(2)).plus(grace);
    }

    /** An item's own time limit, as the worker computes it (a job cannot ask past the ceilings). */
    Duration itemLimit(JobConfig config) {
        TimeLimit limit = limits.of(config);
        Integer max = config == null || config.getParse() == null
                ? null
                : config.getParse().getMaxPages();
        int pages = max == null ? 1000 : Math.min(max, 1000);
        return limit.timeout().plus(limit.perPage().multipliedBy(pages));
    }
}
