package dev.batch.common.kafka;

import dev.batch.events.FileRecord;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemTask;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobEvent;
import dev.batch.events.JobRequested;
import dev.batch.events.JobStatus;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The registry of every topic, store and application id in the system (DESIGN 3). Nothing else
 * spells a topic name. Instances are immutable; the namespace prefixes every name, so tests (and
 * several deployments sharing a cluster) stay apart. The default namespace is empty, giving the
 * contract's names such as {@code batch.job-requests}.
 */
public final class Topics {
    public static final String JOB_STATUS_STORE = "job-status";
    public static final String JOB_ITEMS_STORE = "job-items";
    public static final String SPLITTER_JOBS_STORE = "splitter-jobs";

    private static final Map<String, String> DELETE = Map.of("cleanup.policy", "delete");
    private static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact");

    private final String namespace;

    public final TopicSpec<String, JobRequested> jobRequests;
    public final TopicSpec<String, ItemsDispatched> dispatch;
    public final TopicSpec<String, ItemTask> tasksParse;
    public final TopicSpec<String, ItemTask> tasksClassify;
    public final TopicSpec<String, ItemResult> itemResults;
    public final TopicSpec<String, JobStatus> jobStatus;
    public final TopicSpec<String, JobEvent> jobEvents;
    public final TopicSpec<String, FileRecord> files;
    public final TopicSpec<byte[], byte[]> deadLetters;
    private final List<TopicSpec<?, ?>> all;

    private Topics(String namespace, int partitions) {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1");
        this.namespace = namespace;
        Serde<String> key = Serdes.String();
        // Everything keyed by job id shares one partition count, so the aggregator's inputs are co-partitioned.
        jobRequests = spec("batch.job-requests", key, AvroSerdes.serde(JobRequested.class), partitions, DELETE,
                "Job requests from the HTTP ingress or any producer; the public input.");
        dispatch = spec("batch.dispatch", key, AvroSerdes.serde(ItemsDispatched.class), partitions, DELETE,
                "Splitter progress: pages of dispatched items, final flag.");
        tasksParse = spec("batch.tasks.parse", key, AvroSerdes.serde(ItemTask.class), partitions, DELETE,
                "One parse task per item, keyed by item id.");
        tasksClassify = spec("batch.tasks.classify", key, AvroSerdes.serde(ItemTask.class), partitions, DELETE,
                "One classify task per item, keyed by item id.");
        itemResults = spec("batch.item-results", key, AvroSerdes.serde(ItemResult.class), partitions, DELETE,
                "Item outcomes, keyed by job id.");
        jobStatus = spec("batch.job-status", key, AvroSerdes.serde(JobStatus.class), partitions, COMPACT,
                "Latest status of every job; the aggregator's output.");
        jobEvents = spec("batch.job-events", key, AvroSerdes.serde(JobEvent.class), partitions, DELETE,
                "Job status transitions for the webhook sink.");
        files = spec("batch.files", key, AvroSerdes.serde(FileRecord.class), partitions, COMPACT,
                "File catalog, keyed by file id.");
        deadLetters = spec("batch.dead-letters", Serdes.ByteArray(), Serdes.ByteArray(), partitions, DELETE,
                "Records that could not be decoded or processed: original key and bytes, error in headers.");
        all = List.of(jobRequests, dispatch, tasksParse, tasksClassify, itemResults, jobStatus, jobEvents, files, deadLetters);
    }

    /** The contract's names, no prefix. */
    public static Topics create(int partitions) {
        return new Topics("", partitions);
    }

    /** Names prefixed with {@code namespace} (tests, shared clusters). */
    public static Topics create(String namespace, int partitions) {
        if (!namespace.isEmpty() && !namespace.matches("[a-zA-Z0-9._-]+")) {
            throw new IllegalArgumentException("namespace may hold only letters, digits, '.', '_' and '-': " + namespace);
        }
        return new Topics(namespace, partitions);
    }

    private <K, V> TopicSpec<K, V> spec(String name, Serde<K> k, Serde<V> v, int partitions, Map<String, String> configs, String doc) {
        return new TopicSpec<>(namespace + name, k, v, partitions, configs, doc);
    }

    public List<TopicSpec<?, ?>> all() {
        return all;
    }

    public String namespace() {
        return namespace;
    }

    /** Kafka Streams application id / consumer group of a service, e.g. {@code batch-aggregator}. */
    public String applicationId(String service) {
        return namespace + "batch-" + service;
    }
}
