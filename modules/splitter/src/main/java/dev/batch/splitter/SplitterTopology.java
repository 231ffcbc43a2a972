package dev.batch.splitter;

import static dev.batch.common.kafka.Topologies.processor;
import static dev.batch.common.kafka.Topologies.sink;
import static dev.batch.common.kafka.Topologies.source;

import dev.batch.common.catalog.Catalog;
import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
import dev.batch.events.ItemTask;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The splitter's topology (no I/O here; the catalog is passed in): job requests, job commands and
 * job status (what finished frees a job's window) in, to one {@link SplitProcessor}; one
 * {@code ItemTask} per item out on the task topic of the job's type and priority, and
 * {@code ItemsDispatched} pages on {@code batch.dispatch}, written in exactly-once transactions.
 */
public final class SplitterTopology {
    private SplitterTopology() {}

    public static Topology build(
            Topics topics, Catalog catalog, SplitterSettings settings, JobRequestValidator validator) {
        Topology t = new Topology();
        List<String> inputs =
                List.of(source(t, topics.jobRequests), source(t, topics.jobCommands), source(t, topics.jobStatus));
        String processor = processor(
                t,
                "split",
                () -> new SplitProcessor(topics, catalog, settings, validator),
                inputs,
                List.of(StoreSpecs.SPLITTER_JOBS, StoreSpecs.SPLITTER_SEEN, StoreSpecs.SPLITTER_QUEUE));
        for (TopicSpec<String, ItemTask> tasks : topics.tasks()) {
            sink(t, tasks, new RoundRobin(), processor);
        }
        sink(t, topics.dispatch, processor);
        return t;
    }

    /**
     * Deals a job's tasks out over the partitions in turn rather than by the hash of their keys: each
     * worker loop owns some partitions, so an even deal keeps every loop (and parser JVM) busy to the
     * end of a job, where hashing leaves one loop with a longer queue than the others.
     */
    static final class RoundRobin implements StreamPartitioner<String, ItemTask> {
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, ItemTask task, int partitions) {
            return Optional.of(Set.of(Math.floorMod(next.getAndIncrement(), partitions)));
        }
    }
}
