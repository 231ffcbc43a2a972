package dev.batch.common.kafka;

import dev.batch.common.kafka.StoreSpec.Kind;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobEvent;
import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import dev.batch.events.JobStatus;
import dev.batch.events.QueuedEvent;
import dev.batch.events.SplitProgress;
import dev.batch.events.WebhookAttempt;
import dev.batch.events.WebhookQueue;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The registry of every state store of every topology: its name, serdes and kind. Nothing else
 * spells a store name. Stores are the same for every namespace: Kafka Streams keeps a store, and
 * names its changelog, under its application id, which {@link Topics} prefixes.
 */
public final class StoreSpecs {
    public static final StoreSpec<String, JobRequested> JOB_REQUESTS = store(
            "job-requests",
            AvroSerdes.serde(JobRequested.class),
            false,
            "The aggregator's request of every job: its config and items.");
    // Cached: a job's status changes with every item; its changelog gets the latest once per commit.
    public static final StoreSpec<String, JobStatus> JOB_STATUS = store(
            "job-status",
            AvroSerdes.serde(JobStatus.class),
            true,
            "The aggregator's status of every job; interactive queries read it.");
    public static final StoreSpec<String, JobItem> JOB_ITEMS = store(
            "job-items",
            AvroSerdes.serde(JobItem.class),
            false,
            "The aggregator's items, keyed '<job id>/<item id>' so a job is one key range.");
    public static final StoreSpec<String, String> JOB_PROJECT_INDEX = store(
            "job-project-index",
            Serdes.String(),
            false,
            "The aggregator's jobs by project, newest first, so a listing reads one project's key range; the value is the job id.");
    public static final StoreSpec<String, String> WATCHDOG = store(
            "watchdog-deadlines",
            Serdes.String(),
            false,
            "The aggregator's watchdog: when it stops waiting for a job or an item.");
    public static final StoreSpec<String, String> JOB_RETENTION = store(
            "job-retention",
            Serdes.String(),
            false,
            "The aggregator's finished jobs by when their retention ends, keyed '<millis>/<job id>'; the value is the"
                    + " project. A removed job is marked 'removed/<job id>' -> '<millis>/<project>' for a retention.");
    public static final StoreSpec<String, SplitProgress> SPLITTER_JOBS = store(
            "splitter-jobs",
            AvroSerdes.serde(SplitProgress.class),
            false,
            "The splitter's progress through each job it is dispatching.");
    public static final StoreSpec<String, Long> SPLITTER_SEEN = store(
            "splitter-seen",
            Serdes.Long(),
            false,
            "Job ids the splitter has read, and when: a request read again is not split twice.");
    public static final StoreSpec<String, ItemsDispatched> SPLITTER_QUEUE = store(
            "splitter-queue",
            AvroSerdes.serde(ItemsDispatched.class),
            false,
            "Pages of tasks waiting for room in their job's window.");
    public static final StoreSpec<String, byte[]> FILES =
            catalogStore("catalog-files", "The catalog's files by id, and each project's index keys.");
    public static final StoreSpec<String, byte[]> DIRECTORIES =
            catalogStore("catalog-directories", "The catalog's directories by id, and each project's index keys.");
    public static final StoreSpec<String, byte[]> DIRECTORY_FILES = catalogStore(
            "catalog-directory-files",
            "The catalog's directory files, keyed '<directory id>/<directory file id>', and an index key per id.");
    public static final StoreSpec<String, byte[]> CONFIGURATIONS = catalogStore(
            "catalog-configurations", "The catalog's saved configurations by id, and each project's index keys.");
    public static final StoreSpec<String, WebhookQueue> WEBHOOK_QUEUES = store(
            "webhook-queues",
            AvroSerdes.serde(WebhookQueue.class),
            false,
            "Each receiver's queue of events for the webhook sink.");
    public static final StoreSpec<String, QueuedEvent> WEBHOOK_EVENTS = store(
            "webhook-events",
            AvroSerdes.serde(QueuedEvent.class),
            false,
            "Each receiver's events, waiting or finished (kept so that they can be re-sent).");
    public static final StoreSpec<String, Long> WEBHOOK_EVENT_IDS = store(
            "webhook-event-ids",
            Serdes.Long(),
            false,
            "The webhook sink's index of queued events by receiver and event id.");
    public static final StoreSpec<String, WebhookAttempt> WEBHOOK_LOG = store(
            "webhook-log",
            AvroSerdes.serde(WebhookAttempt.class),
            false,
            "Every webhook delivery attempt, keyed by job id first; the delivery log the API reads.");
    public static final StoreSpec<String, Integer> WEBHOOK_JOBS = store(
            "webhook-jobs",
            Serdes.Integer(),
            false,
            "Jobs whose request the webhook sink has read, with their number of receivers.");
    public static final StoreSpec<String, JobEvent> WEBHOOK_EARLY = store(
            "webhook-early-events",
            AvroSerdes.serde(JobEvent.class),
            false,
            "Job events that came before their job's request.");

    private static final List<StoreSpec<?, ?>> ALL = List.of(
            JOB_REQUESTS,
            JOB_STATUS,
            JOB_ITEMS,
            JOB_PROJECT_INDEX,
            WATCHDOG,
            JOB_RETENTION,
            SPLITTER_JOBS,
            SPLITTER_SEEN,
            SPLITTER_QUEUE,
            FILES,
            DIRECTORIES,
            DIRECTORY_FILES,
            CONFIGURATIONS,
            WEBHOOK_QUEUES,
            WEBHOOK_EVENTS,
            WEBHOOK_EVENT_IDS,
            WEBHOOK_LOG,
            WEBHOOK_JOBS,
            WEBHOOK_EARLY);

    private StoreSpecs() {}

    /** Every state store of every topology. */
    public static List<StoreSpec<?, ?>> all() {
        return ALL;
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
}
