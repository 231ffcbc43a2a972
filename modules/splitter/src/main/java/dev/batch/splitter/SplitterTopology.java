package dev.batch.splitter;

import dev.batch.common.catalog.Catalog;
import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.common.kafka.AvroSerdes;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
import dev.batch.events.ItemTask;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.SplitProgress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/**
 * The splitter's topology (no I/O here; the catalog is passed in): job requests, job commands and
 * job status (what finished frees a job's window) in, to one {@link SplitProcessor}; one
 * {@code ItemTask} per item out on the task topic of the job's type and priority, and
 * {@code ItemsDispatched} pages on {@code batch.dispatch}, written in exactly-once transactions.
 */
public final class SplitterTopology {
    static final String REQUESTS = "job-requests";
    static final String COMMANDS = "job-commands";
    static final String STATUS = "job-status";
    static final String SPLIT = "split";
    static final String DISPATCH = "dispatch-sink";

    private SplitterTopology() {}

    @SuppressWarnings("unchecked")
    public static Topology build(Topics topics, Catalog catalog, SplitterSettings settings, JobRequestValidator validator) {
        Topology t = new Topology();
        t.addSource(REQUESTS, topics.jobRequests.keySerde().deserializer(),
                (Deserializer<SpecificRecord>) (Deserializer<?>) topics.jobRequests.valueSerde().deserializer(), topics.jobRequests.name());
        t.addSource(COMMANDS, topics.jobCommands.keySerde().deserializer(),
                (Deserializer<SpecificRecord>) (Deserializer<?>) topics.jobCommands.valueSerde().deserializer(), topics.jobCommands.name());
        t.addSource(STATUS, topics.jobStatus.keySerde().deserializer(),
                (Deserializer<SpecificRecord>) (Deserializer<?>) topics.jobStatus.valueSerde().deserializer(), topics.jobStatus.name());
        t.addProcessor(SPLIT, () -> new SplitProcessor(topics, catalog, settings, validator), REQUESTS, COMMANDS, STATUS);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.SPLITTER_JOBS_STORE),
                Serdes.String(), AvroSerdes.serde(SplitProgress.class)), SPLIT);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.SPLITTER_SEEN_STORE),
                Serdes.String(), Serdes.Long()), SPLIT);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.SPLITTER_QUEUE_STORE),
                Serdes.String(), AvroSerdes.serde(ItemsDispatched.class)), SPLIT);
        for (TopicSpec<String, ItemTask> tasks : List.of(topics.tasksParse, topics.tasksParseUrgent, topics.tasksClassify, topics.tasksClassifyUrgent)) {
            t.addSink(sinkName(tasks), tasks.name(), tasks.keySerde().serializer(), tasks.valueSerde().serializer(), new RoundRobin(), SPLIT);
        }
        t.addSink(DISPATCH, topics.dispatch.name(), topics.dispatch.keySerde().serializer(),
                topics.dispatch.valueSerde().serializer(), SPLIT);
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

    static String sinkName(TopicSpec<String, ItemTask> tasks) {
        return tasks.name() + "-sink";
    }
}
