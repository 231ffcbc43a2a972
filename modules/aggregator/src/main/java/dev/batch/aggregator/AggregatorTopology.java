package dev.batch.aggregator;

import static dev.batch.common.kafka.Topologies.processor;
import static dev.batch.common.kafka.Topologies.sink;
import static dev.batch.common.kafka.Topologies.source;

import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
import dev.batch.events.ItemTask;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.Topology;

/**
 * The aggregator's topology, built without I/O so that {@code main} and the TopologyTestDriver test
 * use the same one. Four co-partitioned inputs keyed by job id (requests, dispatch pages, item
 * results, commands) feed one {@link JobStatusProcessor}, which owns the job stores (requests,
 * status, items, watchdog deadlines, finished jobs by retention end, and an index of each project's
 * jobs). It writes job status to {@code batch.job-status}, every transition to {@code
 * batch.job-events}, retried items to the task topics, and removed jobs to {@code
 * batch.job-removals}.
 */
public final class AggregatorTopology {
    private AggregatorTopology() {}

    public static Topology build(Topics topics) {
        return build(topics, Watchdog.DEFAULT);
    }

    public static Topology build(Topics topics, Watchdog watchdog) {
        return build(topics, watchdog, Retention.DEFAULT);
    }

    public static Topology build(Topics topics, Watchdog watchdog, Retention retention) {
        Topology t = new Topology();
        List<String> inputs = List.of(
                source(t, topics.jobRequests),
                source(t, topics.dispatch),
                source(t, topics.itemResults),
                source(t, topics.jobCommands));
        String processor = processor(
                t,
                "job-status",
                () -> new JobStatusProcessor(topics, watchdog, retention),
                inputs,
                List.of(
                        StoreSpecs.JOB_REQUESTS,
                        StoreSpecs.JOB_STATUS,
                        StoreSpecs.WATCHDOG,
                        StoreSpecs.JOB_RETENTION,
                        StoreSpecs.JOB_ITEMS,
                        StoreSpecs.JOB_PROJECT_INDEX));
        sink(t, topics.jobStatus, processor);
        sink(t, topics.jobEvents, processor);
        // Removed jobs, whose blobs the JobBlobRemover deletes off the stream thread.
        sink(t, topics.jobRemovals, processor);
        // Retried items go back to the workers from here: the aggregator owns item state.
        for (TopicSpec<String, ItemTask> tasks : topics.tasks()) {
            sink(t, tasks, processor);
        }
        return t;
    }

    /**
     * Key of a job in the project index, whose value is the job id. A project's jobs are one key
     * range, newest first and then by job id (the listing's order). The project ends with a NUL, so
     * no project's range holds another's whatever characters a project id has.
     */
    public static String projectJobKey(String projectId, Instant createdAt, String jobId) {
        long millis = createdAt == null ? 0 : createdAt.toEpochMilli();
        // Read as unsigned, MAX_VALUE - millis falls as millis rises over every long; 20 digits hold any of them.
        String inverted = Long.toUnsignedString(Long.MAX_VALUE - millis);
        return projectJobsPrefix(projectId) + "0".repeat(20 - inverted.length()) + inverted + "/" + jobId;
    }

    /** The prefix of every key of a project's jobs in the project index. */
    public static String projectJobsPrefix(String projectId) {
        return projectId + "\u0000";
    }

    /** Key of an item in the job-items store; job ids hold no '/', so a prefix scan on "job/" lists a job's items. */
    public static String itemKey(String jobId, String itemId) {
        return jobId + "/" + itemId;
    }
}
