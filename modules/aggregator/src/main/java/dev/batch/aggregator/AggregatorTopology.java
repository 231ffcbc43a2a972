package dev.batch.aggregator;

import dev.batch.common.kafka.AvroSerdes;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
import dev.batch.events.ItemTask;
import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import dev.batch.events.JobStatus;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The aggregator's topology, built without I/O so that {@code main} and the TopologyTestDriver test
 * use the same one. Four co-partitioned inputs keyed by job id (requests, dispatch pages, item
 * results, commands) feed one {@link JobStatusProcessor}, which owns the job stores (requests,
 * status, items, watchdog deadlines, and an index of each project's jobs). It writes job status to
 * {@code batch.job-status}, every transition to {@code batch.job-events}, and retried items to the
 * task topics.
 */
public final class AggregatorTopology {
    static final String REQUESTS = "job-requests";
    static final String DISPATCH = "dispatch";
    static final String RESULTS = "item-results";
    static final String COMMANDS = "job-commands";
    static final String AGGREGATE = "aggregate";
    static final String STATUS_SINK = "job-status-sink";
    static final String EVENTS_SINK = "job-events-sink";
    static final String PARSE_TASKS_SINK = "parse-tasks-sink";
    static final String PARSE_URGENT_SINK = "parse-urgent-sink";
    static final String CLASSIFY_TASKS_SINK = "classify-tasks-sink";
    static final String CLASSIFY_URGENT_SINK = "classify-urgent-sink";

    private AggregatorTopology() {}

    public static Topology build(Topics topics) {
        return build(topics, Watchdog.DEFAULT);
    }

    public static Topology build(Topics topics, Watchdog watchdog) {
        Topology t = new Topology();
        source(t, REQUESTS, topics.jobRequests);
        source(t, DISPATCH, topics.dispatch);
        source(t, RESULTS, topics.itemResults);
        source(t, COMMANDS, topics.jobCommands);
        t.addProcessor(AGGREGATE, () -> new JobStatusProcessor(topics, watchdog), REQUESTS, DISPATCH, RESULTS, COMMANDS);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.JOB_REQUESTS_STORE),
                Serdes.String(), AvroSerdes.serde(JobRequested.class)), AGGREGATE);
        // Cached: a job's status changes with every item; its changelog gets the latest once per commit.
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.JOB_STATUS_STORE),
                Serdes.String(), AvroSerdes.serde(JobStatus.class)).withCachingEnabled(), AGGREGATE);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.WATCHDOG_STORE),
                Serdes.String(), Serdes.String()), AGGREGATE);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.JOB_ITEMS_STORE),
                Serdes.String(), AvroSerdes.serde(JobItem.class)), AGGREGATE);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.JOB_PROJECT_INDEX_STORE),
                Serdes.String(), Serdes.String()), AGGREGATE);
        t.addSink(STATUS_SINK, topics.jobStatus.name(), topics.jobStatus.keySerde().serializer(),
                topics.jobStatus.valueSerde().serializer(), AGGREGATE);
        t.addSink(EVENTS_SINK, topics.jobEvents.name(), topics.jobEvents.keySerde().serializer(),
                topics.jobEvents.valueSerde().serializer(), AGGREGATE);
        // Retried items go back to the workers from here: the aggregator owns item state.
        taskSink(t, PARSE_TASKS_SINK, topics.tasksParse);
        taskSink(t, PARSE_URGENT_SINK, topics.tasksParseUrgent);
        taskSink(t, CLASSIFY_TASKS_SINK, topics.tasksClassify);
        taskSink(t, CLASSIFY_URGENT_SINK, topics.tasksClassifyUrgent);
        return t;
    }

    private static void taskSink(Topology t, String name, TopicSpec<String, ItemTask> topic) {
        t.addSink(name, topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(), AGGREGATE);
    }

    /** The sink node for a task topic. */
    static String taskSinkFor(Topics topics, TopicSpec<String, ItemTask> topic) {
        if (topic == topics.tasksParseUrgent) return PARSE_URGENT_SINK;
        if (topic == topics.tasksClassify) return CLASSIFY_TASKS_SINK;
        if (topic == topics.tasksClassifyUrgent) return CLASSIFY_URGENT_SINK;
        return PARSE_TASKS_SINK;
    }

    @SuppressWarnings("unchecked")
    private static void source(Topology t, String name, TopicSpec<String, ? extends SpecificRecord> topic) {
        t.addSource(name, topic.keySerde().deserializer(),
                (Deserializer<SpecificRecord>) topic.valueSerde().deserializer(), topic.name());
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
