package dev.batch.splitter;

import dev.batch.common.kafka.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The splitter's topology (no I/O here): job requests in; one {@code ItemTask} per item on the task
 * topic of the job's type, and {@code ItemsDispatched} pages on {@code batch.dispatch}, all written
 * in one exactly-once transaction with the request's offset.
 */
public final class SplitterTopology {
    static final String REQUESTS = "job-requests";
    static final String SPLIT = "split";
    static final String PARSE_TASKS = "parse-tasks-sink";
    static final String CLASSIFY_TASKS = "classify-tasks-sink";
    static final String DISPATCH = "dispatch-sink";

    private SplitterTopology() {}

    public static Topology build(Topics topics) {
        Topology t = new Topology();
        t.addSource(REQUESTS, topics.jobRequests.keySerde().deserializer(), topics.jobRequests.valueSerde().deserializer(),
                topics.jobRequests.name());
        t.addProcessor(SPLIT, Splitter::new, REQUESTS);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.SPLITTER_JOBS_STORE),
                Serdes.String(), Serdes.Long()), SPLIT);
        t.addSink(PARSE_TASKS, topics.tasksParse.name(), topics.tasksParse.keySerde().serializer(),
                topics.tasksParse.valueSerde().serializer(), SPLIT);
        t.addSink(CLASSIFY_TASKS, topics.tasksClassify.name(), topics.tasksClassify.keySerde().serializer(),
                topics.tasksClassify.valueSerde().serializer(), SPLIT);
        t.addSink(DISPATCH, topics.dispatch.name(), topics.dispatch.keySerde().serializer(),
                topics.dispatch.valueSerde().serializer(), SPLIT);
        return t;
    }
}
