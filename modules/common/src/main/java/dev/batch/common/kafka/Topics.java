package dev.batch.common.kafka;

import dev.batch.common.kafka.StoreSpec.Kind;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemTask;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobCommand;
import dev.batch.events.JobEvent;
import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import dev.batch.events.Priority;
import dev.batch.events.ProcessingResult;
import dev.batch.events.QueuedEvent;
import dev.batch.events.SplitProgress;
import dev.batch.events.WebhookAttempt;
import dev.batch.events.WebhookQueue;
import dev.batch.events.WebhookResend;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The registry of every topic, store and application id in the system. Nothing else spells a
 * topic or store name, or says which serdes they take. Instances are immutable; the namespace
 * prefixes every topic name and application id, so tests (and several deployments sharing a
 * cluster) stay apart. The default namespace is empty, giving the contract's names such as
 * {@code batch.job-requests}. Store names need no prefix: Kafka Streams keeps a store, and names
 * its changelog, under its application id.
 */
public final class Topics {
    // Store names, for processors and interactive queries; each store's serdes and kind are its StoreSpec below.
    public static final String JOB_STATUS_STORE = "job-status";
    public static final String JOB_ITEMS_STORE = "job-items";
    public static final String JOB_REQUESTS_STORE = "job-requests";
    public static final String JOB_PROJECT_INDEX_STORE = "job-project-index";
    public static final String WATCHDOG_STORE = "watchdog-deadlines";
    public static final String SPLITTER_JOBS_STORE = "splitter-jobs";
    public static final String SPLITTER_SEEN_STORE = "splitter-seen";
    public static final String SPLITTER_QUEUE_STORE = "splitter-queue";
    public static final String FILES_STORE = "catalog-files";
    public static final String DIRECTORIES_STORE = "catalog-directories";
    public static final String DIRECTORY_FILES_STORE = "catalog-directory-files";
    public static final String WEBHOOK_QUEUES_STORE = "webhook-queues";
    public static final String WEBHOOK_LOG_STORE = "webhook-log";
    public static final String WEBHOOK_JOBS_STORE = "webhook-jobs";
    public static final String WEBHOOK_EARLY_STORE = "webhook-early-events";
    public static final String WEBHOOK_EVENTS_STORE = "webhook-events";
    public static final String WEBHOOK_EVENT_IDS_STORE = "webhook-event-ids";

    private static final Map<String, String> DELETE = Map.of("cleanup.policy", "delete");
    private static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact");

    private final String namespace;

    public final TopicSpec<String, JobRequested> jobRequests;
    public final TopicSpec<String, ItemsDispatched> dispatch;
    public final TopicSpec<String, ItemTask> tasksParse;
    public final TopicSpec<String, ItemTask> tasksClassify;
    public final TopicSpec<String, ItemTask> tasksParseUrgent;
    public final TopicSpec<String, ItemTask> tasksClassifyUrgent;
    public final TopicSpec<String, JobCommand> jobCommands;
    public final TopicSpec<String, DirectoryRecord> directories;
    public final TopicSpec<String, DirectoryFileRecord> directoryFiles;
    public final TopicSpec<String, ProcessingResult> processingResults;
    public final TopicSpec<String, ItemResult> itemResults;
    public final TopicSpec<String, JobStatus> jobStatus;
    public final TopicSpec<String, JobEvent> jobEvents;
    public final TopicSpec<String, WebhookAttempt> webhookAttempts;
    public final TopicSpec<String, WebhookResend> webhookResends;
    public final TopicSpec<String, FileRecord> files;
    public final TopicSpec<byte[], byte[]> deadLetters;
    private final List<TopicSpec<?, ?>> all;

    // Stores: the same for every namespace, since Kafka Streams keeps them under the application id.
    public final StoreSpec<String, JobRequested> jobRequestsStore = store(
            JOB_REQUESTS_STORE,
            AvroSerdes.serde(JobRequested.class),
            false,
            "The aggregator's request of every job: its config and items.");
    // Cached: a job's status changes with every item; its changelog gets the latest once per commit.
    public final StoreSpec<String, JobStatus> jobStatusStore = store(
            JOB_STATUS_STORE,
            AvroSerdes.serde(JobStatus.class),
            true,
            "The aggregator's status of every job; interactive queries read it.");
    public final StoreSpec<String, JobItem> jobItemsStore = store(
            JOB_ITEMS_STORE,
            AvroSerdes.serde(JobItem.class),
            false,
            "The aggregator's items, keyed '<job id>/<item id>' so a job is one key range.");
    public final StoreSpec<String, String> jobProjectIndexStore = store(
            JOB_PROJECT_INDEX_STORE,
            Serdes.String(),
            false,
            "The aggregator's jobs by project, newest first, so a listing reads one project's key range; the value is the job id.");
    public final StoreSpec<String, String> watchdogStore = store(
            WATCHDOG_STORE,
            Serdes.String(),
            false,
            "The aggregator's watchdog: when it stops waiting for a job or an item.");
    public final StoreSpec<String, SplitProgress> splitterJobsStore = store(
            SPLITTER_JOBS_STORE,
            AvroSerdes.serde(SplitProgress.class),
            false,
            "The splitter's progress through each job it is dispatching.");
    public final StoreSpec<String, Long> splitterSeenStore = store(
            SPLITTER_SEEN_STORE,
            Serdes.Long(),
            false,
            "Job ids the splitter has read, and when: a request read again is not split twice.");
    public final StoreSpec<String, ItemsDispatched> splitterQueueStore = store(
            SPLITTER_QUEUE_STORE,
            AvroSerdes.serde(ItemsDispatched.class),
            false,
            "Pages of tasks waiting for room in their job's window.");
    public final StoreSpec<String, byte[]> filesStore =
            catalogStore(FILES_STORE, "The catalog's files by id, and each project's index keys.");
    public final StoreSpec<String, byte[]> directoriesStore =
            catalogStore(DIRECTORIES_STORE, "The catalog's directories by id, and each project's index keys.");
    public final StoreSpec<String, byte[]> directoryFilesStore = catalogStore(
            DIRECTORY_FILES_STORE, "The catalog's directory files, keyed '<directory id>/<directory file id>'.");
    public final StoreSpec<String, WebhookQueue> webhookQueuesStore = store(
            WEBHOOK_QUEUES_STORE,
            AvroSerdes.serde(WebhookQueue.class),
            false,
            "Each receiver's queue of events for the webhook sink.");
    public final StoreSpec<String, QueuedEvent> webhookEventsStore = store(
            WEBHOOK_EVENTS_STORE,
            AvroSerdes.serde(QueuedEvent.class),
            false,
            "Each receiver's events, waiting or finished (kept so that they can be re-sent).");
    public final StoreSpec<String, Long> webhookEventIdsStore = store(
            WEBHOOK_EVENT_IDS_STORE,
            Serdes.Long(),
            false,
            "The webhook sink's index of queued events by receiver and event id.");
    public final StoreSpec<String, WebhookAttempt> webhookLogStore = store(
            WEBHOOK_LOG_STORE,
            AvroSerdes.serde(WebhookAttempt.class),
            false,
            "Every webhook delivery attempt, keyed by job id first; the delivery log the API reads.");
    public final StoreSpec<String, Integer> webhookJobsStore = store(
            WEBHOOK_JOBS_STORE,
            Serdes.Integer(),
            false,
            "Jobs whose request the webhook sink has read, with their number of receivers.");
    public final StoreSpec<String, JobEvent> webhookEarlyStore = store(
            WEBHOOK_EARLY_STORE,
            AvroSerdes.serde(JobEvent.class),
            false,
            "Job events that came before their job's request.");
    private final List<StoreSpec<?, ?>> stores = List.of(
            jobRequestsStore,
            jobStatusStore,
            jobItemsStore,
            jobProjectIndexStore,
            watchdogStore,
            splitterJobsStore,
            splitterSeenStore,
            splitterQueueStore,
            filesStore,
            directoriesStore,
            directoryFilesStore,
            webhookQueuesStore,
            webhookEventsStore,
            webhookEventIdsStore,
            webhookLogStore,
            webhookJobsStore,
            webhookEarlyStore);

    private Topics(String namespace, int partitions) {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1");
        this.namespace = namespace;
        Serde<String> key = Serdes.String();
        // Everything keyed by job id shares one partition count, so the aggregator's inputs are co-partitioned.
        jobRequests = spec(
                "batch.job-requests",
                key,
                AvroSerdes.serde(JobRequested.class),
                partitions,
                DELETE,
                "Job requests from the HTTP ingress or any producer; the public input.");
        dispatch = spec(
                "batch.dispatch",
                key,
                AvroSerdes.serde(ItemsDispatched.class),
                partitions,
                DELETE,
                "Splitter progress: pages of dispatched items, final flag.");
        tasksParse = spec(
                "batch.tasks.parse",
                key,
                AvroSerdes.serde(ItemTask.class),
                partitions,
                DELETE,
                "One parse task per item, keyed by item id.");
        tasksClassify = spec(
                "batch.tasks.classify",
                key,
                AvroSerdes.serde(ItemTask.class),
                partitions,
                DELETE,
                "One classify task per item, keyed by item id.");
        tasksParseUrgent = spec(
                "batch.tasks.parse.urgent",
                key,
                AvroSerdes.serde(ItemTask.class),
                partitions,
                DELETE,
                "The urgent lane: parse tasks of high and critical priority jobs, polled before the others.");
        tasksClassifyUrgent = spec(
                "batch.tasks.classify.urgent",
                key,
                AvroSerdes.serde(ItemTask.class),
                partitions,
                DELETE,
                "The urgent lane for classify tasks.");
        jobCommands = spec(
                "batch.job-commands",
                key,
                AvroSerdes.serde(JobCommand.class),
                partitions,
                DELETE,
                "Cancel and retry commands, keyed by job id (co-partitioned with the job).");
        directories = spec(
                "batch.directories",
                key,
                AvroSerdes.serde(DirectoryRecord.class),
                partitions,
                COMPACT,
                "Directory catalog, keyed by directory id.");
        directoryFiles = spec(
                "batch.directory-files",
                key,
                AvroSerdes.serde(DirectoryFileRecord.class),
                partitions,
                COMPACT,
                "Files in directories, keyed '<directory id>/<directory file id>' so a directory is one key range.");
        processingResults = spec(
                "batch.processing-results",
                key,
                AvroSerdes.serde(ProcessingResult.class),
                partitions,
                COMPACT,
                "Lineage of successful processing, keyed '<project>:<content hash>:<parameters hash>'.");
        itemResults = spec(
                "batch.item-results",
                key,
                AvroSerdes.serde(ItemResult.class),
                partitions,
                DELETE,
                "Item outcomes, keyed by job id.");
        jobStatus = spec(
                "batch.job-status",
                key,
                AvroSerdes.serde(JobStatus.class),
                partitions,
                COMPACT,
                "Latest status of every job; the aggregator's output.");
        jobEvents = spec(
                "batch.job-events",
                key,
                AvroSerdes.serde(JobEvent.class),
                partitions,
                DELETE,
                "Job status transitions for the webhook sink.");
        webhookAttempts = spec(
                "batch.webhook-attempts",
                key,
                AvroSerdes.serde(WebhookAttempt.class),
                partitions,
                DELETE,
                "Webhook delivery attempts, keyed by job id: the sink's delivery threads report them to its topology.");
        webhookResends = spec(
                "batch.webhook-resends",
                key,
                AvroSerdes.serde(WebhookResend.class),
                partitions,
                DELETE,
                "Requests to deliver a job event again, keyed by job id: from the API to the webhook sink.");
        files = spec(
                "batch.files",
                key,
                AvroSerdes.serde(FileRecord.class),
                partitions,
                COMPACT,
                "File catalog, keyed by file id.");
        deadLetters = spec(
                "batch.dead-letters",
                Serdes.ByteArray(),
                Serdes.ByteArray(),
                partitions,
                DELETE,
                "Records that could not be decoded or processed: original key and bytes, error in headers.");
        all = List.of(
                jobRequests,
                jobCommands,
                dispatch,
                tasksParse,
                tasksClassify,
                tasksParseUrgent,
                tasksClassifyUrgent,
                itemResults,
                jobStatus,
                jobEvents,
                webhookAttempts,
                webhookResends,
                files,
                directories,
                directoryFiles,
                processingResults,
                deadLetters);
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

    private <K, V> TopicSpec<K, V> spec(
            String name, Serde<K> k, Serde<V> v, int partitions, Map<String, String> configs, String doc) {
        return new TopicSpec<>(namespace + name, k, v, partitions, configs, doc);
    }

    /** A persistent store keyed by string, with a changelog. */
    private static <V> StoreSpec<String, V> store(String name, Serde<V> value, boolean cached, String doc) {
        return new StoreSpec<>(name, Serdes.String(), value, Kind.PERSISTENT, true, cached, doc);
    }

    /**
     * A catalog view: a global store holding the topic's bytes, decoded on read. A global store is
     * restored from its topic, so it has no changelog.
     */
    private static StoreSpec<String, byte[]> catalogStore(String name, String doc) {
        return new StoreSpec<>(name, Serdes.String(), Serdes.ByteArray(), Kind.PERSISTENT, false, false, doc);
    }

    public List<TopicSpec<?, ?>> all() {
        return all;
    }

    /** Every state store of every topology. */
    public List<StoreSpec<?, ?>> stores() {
        return stores;
    }

    public String namespace() {
        return namespace;
    }

    /** Kafka Streams application id / consumer group of a service, e.g. {@code batch-aggregator}. */
    public String applicationId(String service) {
        return namespace + "batch-" + service;
    }

    /** The task topic for a job type and priority: high and critical go to the urgent lane. */
    public TopicSpec<String, ItemTask> tasksFor(JobType type, Priority priority) {
        boolean urgent = priority == Priority.high || priority == Priority.critical;
        if (type == JobType.classify) return urgent ? tasksClassifyUrgent : tasksClassify;
        return urgent ? tasksParseUrgent : tasksParse;
    }

    /** Key of a directory file on batch.directory-files and in the catalog store. */
    public static String directoryFileKey(String directoryId, String directoryFileId) {
        return directoryId + "/" + directoryFileId;
    }
}
