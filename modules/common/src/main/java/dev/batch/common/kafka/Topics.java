package dev.batch.common.kafka;

import dev.batch.events.ConfigurationRecord;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemTask;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobCommand;
import dev.batch.events.JobEvent;
import dev.batch.events.JobRemoval;
import dev.batch.events.JobRequested;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import dev.batch.events.Priority;
import dev.batch.events.ProcessingResult;
import dev.batch.events.WebhookAttempt;
import dev.batch.events.WebhookResend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The registry of every topic and application id in the system ({@link StoreSpecs} is the one of
 * stores). Nothing else spells a topic name, or says which serdes it takes. Instances are
 * immutable; the namespace prefixes every topic name and application id, so tests (and several
 * deployments sharing a cluster) stay apart. The default namespace is empty, giving the contract's
 * names such as {@code batch.job-requests}.
 */
public final class Topics {
    private static final Map<String, String> DELETE = Map.of("cleanup.policy", "delete");
    private static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact");

    private final String namespace;
    private final int partitions;

    public final TopicSpec<String, JobRequested> jobRequests;
    public final TopicSpec<String, ItemsDispatched> dispatch;
    public final TopicSpec<String, ItemTask> tasksParse;
    public final TopicSpec<String, ItemTask> tasksClassify;
    public final TopicSpec<String, ItemTask> tasksParseUrgent;
    public final TopicSpec<String, ItemTask> tasksClassifyUrgent;
    public final TopicSpec<String, ItemTask> tasksExtract;
    public final TopicSpec<String, ItemTask> tasksExtractUrgent;
    public final TopicSpec<String, JobCommand> jobCommands;
    public final TopicSpec<String, JobRemoval> jobRemovals;
    public final TopicSpec<String, DirectoryRecord> directories;
    public final TopicSpec<String, DirectoryFileRecord> directoryFiles;
    public final TopicSpec<String, ProcessingResult> processingResults;
    public final TopicSpec<String, ItemResult> itemResults;
    public final TopicSpec<String, JobStatus> jobStatus;
    public final TopicSpec<String, JobEvent> jobEvents;
    public final TopicSpec<String, WebhookAttempt> webhookAttempts;
    public final TopicSpec<String, WebhookResend> webhookResends;
    public final TopicSpec<String, FileRecord> files;
    public final TopicSpec<String, ConfigurationRecord> configurations;
    public final TopicSpec<byte[], byte[]> deadLetters;
    private final List<TopicSpec<?, ?>> all;
    // Every spec the constructor makes, in the order made: the order topics are created in.
    private final List<TopicSpec<?, ?>> created = new ArrayList<>();

    private Topics(String namespace, int partitions) {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1");
        this.namespace = namespace;
        this.partitions = partitions;
        // Everything keyed by job id shares one partition count, so the aggregator's inputs are co-partitioned.
        jobRequests = avro(
                "batch.job-requests",
                JobRequested.class,
                "Job requests from the HTTP ingress or any producer; the public input.");
        jobCommands =
                avro("batch.job-commands", JobCommand.class, "Cancel, retry and purge commands, keyed by job id.");
        jobRemovals =
                avro("batch.job-removals", JobRemoval.class, "Removed jobs' items, keyed by job id: blobs to delete.");
        dispatch = avro(
                "batch.dispatch", ItemsDispatched.class, "Splitter progress: pages of dispatched items, final flag.");
        tasksParse = avro("batch.tasks.parse", ItemTask.class, "One parse task per item, keyed by item id.");
        tasksClassify = avro("batch.tasks.classify", ItemTask.class, "One classify task per item, keyed by item id.");
        tasksParseUrgent = avro(
                "batch.tasks.parse.urgent",
                ItemTask.class,
                "The urgent lane: parse tasks of high and critical priority jobs, polled before the others.");
        tasksClassifyUrgent =
                avro("batch.tasks.classify.urgent", ItemTask.class, "The urgent lane for classify tasks.");
        tasksExtract = avro("batch.tasks.extract", ItemTask.class, "One extract task per item, keyed by item id.");
        tasksExtractUrgent = avro("batch.tasks.extract.urgent", ItemTask.class, "The urgent lane for extract tasks.");
        itemResults = avro("batch.item-results", ItemResult.class, "Item outcomes, keyed by job id.");
        jobStatus =
                compacted("batch.job-status", JobStatus.class, "Latest status of every job; the aggregator's output.");
        jobEvents = avro("batch.job-events", JobEvent.class, "Job status transitions for the webhook sink.");
        webhookAttempts = avro(
                "batch.webhook-attempts",
                WebhookAttempt.class,
                "Webhook delivery attempts, keyed by job id: the sink's delivery threads report them to its topology.");
        webhookResends = avro(
                "batch.webhook-resends",
                WebhookResend.class,
                "Requests to deliver a job event again, keyed by job id: from the API to the webhook sink.");
        files = compacted("batch.files", FileRecord.class, "File catalog, keyed by file id.");
        directories =
                compacted("batch.directories", DirectoryRecord.class, "Directory catalog, keyed by directory id.");
        directoryFiles = compacted(
                "batch.directory-files",
                DirectoryFileRecord.class,
                "Files in directories, keyed '<directory id>/<directory file id>' so a directory is one key range.");
        processingResults = compacted(
                "batch.processing-results",
                ProcessingResult.class,
                "Lineage of successful processing, keyed '<project>:<content hash>:<parameters hash>'.");
        configurations = compacted(
                "batch.configurations",
                ConfigurationRecord.class,
                "Saved product configurations (parse, classify, extract), keyed by configuration id.");
        deadLetters = spec(
                "batch.dead-letters",
                Serdes.ByteArray(),
                Serdes.ByteArray(),
                DELETE,
                "Records that could not be decoded or processed: original key and bytes, error in headers.");
        all = List.copyOf(created);
    }

    /** The contract's names, no prefix. */
    public static Topics create(int partitions) {
        return new Topics("", partitions);
    }

    /** Names prefixed with {@code namespace} (tests, shared clusters). */
    public static Topics create(String namespace, int partitions) {
        if (!namespace.isEmpty() && !namespace.matches("[a-zA-Z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "namespace may hold only letters, digits, '.', '_' and '-': " + namespace);
        }
        return new Topics(namespace, partitions);
    }

    /** A topic keyed by string (a job, item, file or directory id) with Avro values, cleaned by age. */
    private <V extends SpecificRecord> TopicSpec<String, V> avro(String name, Class<V> type, String doc) {
        return spec(name, Serdes.String(), AvroSerdes.serde(type), DELETE, doc);
    }

    /** The same, compacted: the latest value of every key stays. */
    private <V extends SpecificRecord> TopicSpec<String, V> compacted(String name, Class<V> type, String doc) {
        return spec(name, Serdes.String(), AvroSerdes.serde(type), COMPACT, doc);
    }

    private <K, V> TopicSpec<K, V> spec(String name, Serde<K> k, Serde<V> v, Map<String, String> configs, String doc) {
        TopicSpec<K, V> spec = new TopicSpec<>(namespace + name, k, v, partitions, configs, doc);
        created.add(spec);
        return spec;
    }

    public List<TopicSpec<?, ?>> all() {
        return all;
    }

    /** Every state store of every topology: {@link StoreSpecs#all()}. */
    public List<StoreSpec<?, ?>> stores() {
        return StoreSpecs.all();
    }

    public String namespace() {
        return namespace;
    }

    /** Kafka Streams application id / consumer group of a service, e.g. {@code batch-aggregator}. */
    public String applicationId(String service) {
        return namespace + "batch-" + service;
    }

    /** Every task topic, each lane of each job type. */
    public List<TopicSpec<String, ItemTask>> tasks() {
        return List.of(
                tasksParse, tasksParseUrgent, tasksClassify, tasksClassifyUrgent, tasksExtract, tasksExtractUrgent);
    }

    /** The task topic for a job type and priority: high and critical go to the urgent lane. */
    public TopicSpec<String, ItemTask> tasksFor(JobType type, Priority priority) {
        boolean urgent = priority == Priority.high || priority == Priority.critical;
        if (type == JobType.classify) return urgent ? tasksClassifyUrgent : tasksClassify;
        if (type == JobType.extract) return urgent ? tasksExtractUrgent : tasksExtract;
        return urgent ? tasksParseUrgent : tasksParse;
    }

    /** Key of a directory file on batch.directory-files and in the catalog store. */
    public static String directoryFileKey(String directoryId, String directoryFileId) {
        return directoryId + "/" + directoryFileId;
    }
}
