package dev.batch.common.catalog;

import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.StoreSpec;
import dev.batch.common.kafka.StreamsService;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Topologies;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.FileRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog view: a Kafka Streams application whose only job is three global stores, one per
 * catalog topic, each a complete copy on this instance's disk (RocksDB), so listings and the
 * splitter's directory paging read locally with memory that does not grow with the catalog. It
 * tracks how far it has read each partition, so a writer can wait for its own write.
 *
 * <p>The files and directories stores hold each record under its id and, beside it, an index key
 * {@code SOH<project>NUL<id>} with no value, so a project's listing reads its own key range and
 * those records, never another project's (a global store's processor writes only its own store).
 * No record id starts with a control character (the processor drops a record whose key does), so
 * the two kinds of key never meet. Values are the topic's bytes, decoded on read.
 */
public final class CatalogService extends StreamsService implements Catalog {
    private static final Logger log = LoggerFactory.getLogger(CatalogService.class);
    private static final byte[] NOTHING = new byte[0];

    private final Positions positions;
    private final Topics topics;

    public CatalogService(KafkaSettings kafka, Path stateDir, String role) {
        this(kafka, stateDir, role, new Positions());
    }

    private CatalogService(KafkaSettings kafka, Path stateDir, String role, Positions positions) {
        super(
                "catalog-" + role,
                topology(kafka.topics(), positions),
                props(kafka, stateDir, role),
                Duration.ofSeconds(120));
        this.positions = positions;
        this.topics = kafka.topics();
    }

    private static Properties props(KafkaSettings kafka, Path stateDir, String role) {
        Properties p = baseProps(kafka, kafka.topics().applicationId("catalog-" + role), stateDir);
        // Global stores only: nothing to commit transactionally, and reads need no repartitioning.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        return p;
    }

    static Topology topology(Topics topics, Positions positions) {
        Topology t = new Topology();
        global(t, topics.filesStore, topics.files, FileRecord::getProjectId, positions);
        global(t, topics.directoriesStore, topics.directories, DirectoryRecord::getProjectId, positions);
        // Keyed <directory id>/<directory file id>: a directory is a key range already.
        global(t, topics.directoryFilesStore, topics.directoryFiles, null, positions);
        return t;
    }

    private static <V> void global(
            Topology t,
            StoreSpec<String, byte[]> store,
            TopicSpec<String, V> topic,
            Function<V, String> project,
            Positions positions) {
        // The processor runs on restore too, so a store rebuilt from the topic gets its index keys.
        Topologies.globalStore(t, store, topic, () -> new Apply<>(store.name(), topic, project, positions));
    }

    /** The first key of a project's index range. */
    static String indexPrefix(String projectId) {
        return "\u0001" + projectId + "\u0000";
    }

    /** The key just past a project's index range. */
    private static String indexEnd(String projectId) {
        return "\u0001" + projectId + "\u0001";
    }

    /** Whether a key can be a record's: index keys start with a control character. */
    static boolean recordKey(String key) {
        return key.isEmpty() || key.charAt(0) >= ' ';
    }

    /**
     * Applies a catalog record to its store (a null value deletes), moves or removes its index key
     * with it, and records the position.
     */
    private static final class Apply<V> implements Processor<String, V, Void, Void> {
        private final String storeName;
        private final TopicSpec<String, V> topic;
        private final Function<V, String> project;
        private final Positions positions;
        private ProcessorContext<Void, Void> context;
        private KeyValueStore<String, byte[]> store;

        Apply(String storeName, TopicSpec<String, V> topic, Function<V, String> project, Positions positions) {
            this.storeName = storeName;
            this.topic = topic;
            this.project = project;
            this.positions = positions;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            this.store = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<String, V> record) {
            String key = record.key();
            if (key != null && recordKey(key)) apply(key, record.value());
            else if (key != null)
                log.warn("Ignoring a record on {} whose key starts with a control character", topic.name());
            context.recordMetadata()
                    .ifPresent(m -> positions.advance(new TopicPartition(m.topic(), m.partition()), m.offset() + 1));
        }

        /** In this order, an index key a reader finds always has its record. */
        private void apply(String id, V value) {
            String after = project == null || value == null ? null : project.apply(value);
            if (project != null) {
                String before = projectOf(store.get(id));
                if (before != null && !before.equals(after)) store.delete(indexKey(before, id));
            }
            if (value == null) store.delete(id);
            else store.put(id, topic.valueSerde().serializer().serialize(topic.name(), value));
            // Written again when the project is unchanged: a replay after a crash may find the record without it.
            if (after != null) store.put(indexKey(after, id), NOTHING);
        }

        private String projectOf(byte[] bytes) {
            V v = decode(topic, bytes);
            return v == null ? null : project.apply(v);
        }

        private static String indexKey(String projectId, String id) {
            return indexPrefix(projectId) + id;
        }
    }

    @Override
    protected void beforeStart(KafkaStreams streams) {
        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition tp, String store, long startingOffset, long endingOffset) {
                positions.advance(tp, startingOffset);
            }

            @Override
            public void onBatchRestored(TopicPartition tp, String store, long batchEndOffset, long numRestored) {
                positions.advance(tp, batchEndOffset + 1);
            }

            @Override
            public void onRestoreEnd(TopicPartition tp, String store, long totalRestored) {}
        });
    }

    private static <V> V decode(TopicSpec<String, V> topic, byte[] bytes) {
        return bytes == null ? null : topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
    }

    /** The record stored under {@code id}, if {@code id} can be a record's key. */
    static <V> Optional<V> record(ReadOnlyKeyValueStore<String, byte[]> s, TopicSpec<String, V> topic, String id) {
        return recordKey(id) ? Optional.ofNullable(decode(topic, s.get(id))) : Optional.empty();
    }

    @Override
    public Optional<FileRecord> file(String fileId) {
        return record(store(topics.filesStore), topics.files, fileId);
    }

    @Override
    public Optional<DirectoryRecord> directory(String directoryId) {
        return record(store(topics.directoriesStore), topics.directories, directoryId);
    }

    @Override
    public Optional<DirectoryFileRecord> directoryFile(String directoryId, String directoryFileId) {
        return record(
                store(topics.directoryFilesStore),
                topics.directoryFiles,
                Topics.directoryFileKey(directoryId, directoryFileId));
    }

    @Override
    public Page<FileRecord> files(String projectId, String afterId, int limit, Predicate<FileRecord> filter) {
        return projectPage(
                store(topics.filesStore),
                topics.files,
                FileRecord::getProjectId,
                FileRecord::getFileId,
                projectId,
                afterId,
                limit,
                filter);
    }

    @Override
    public Page<DirectoryRecord> directories(
            String projectId, String afterId, int limit, Predicate<DirectoryRecord> filter) {
        return projectPage(
                store(topics.directoriesStore),
                topics.directories,
                DirectoryRecord::getProjectId,
                DirectoryRecord::getDirectoryId,
                projectId,
                afterId,
                limit,
                filter);
    }

    /** A project's records in id order after {@code afterId}: its index key range, then each record by its id. */
    static <V> Page<V> projectPage(
            ReadOnlyKeyValueStore<String, byte[]> s,
            TopicSpec<String, V> topic,
            Function<V, String> project,
            Function<V, String> id,
            String projectId,
            String afterId,
            int limit,
            Predicate<V> filter) {
        String prefix = indexPrefix(projectId);
        String from = afterId == null ? prefix : after(prefix + afterId);
        return scan(
                s.range(from, indexEnd(projectId)),
                limit,
                kv -> {
                    V v = decode(topic, s.get(kv.key.substring(prefix.length())));
                    // Moved to another project between reading its index key and reading it.
                    return v != null && projectId.equals(project.apply(v)) ? v : null;
                },
                filter,
                id);
    }

    @Override
    public Page<DirectoryFileRecord> directoryFiles(
            String directoryId, String afterId, int limit, Predicate<DirectoryFileRecord> filter) {
        ReadOnlyKeyValueStore<String, byte[]> s = store(topics.directoryFilesStore);
        String prefix = directoryId + "/";
        String from = afterId == null ? prefix : after(prefix + afterId);
        // '0' sorts right after '/', so [prefix, prefix-with-'0') is exactly this directory's keys.
        String to = directoryId + "0";
        return scan(
                s.range(from, to),
                limit,
                kv -> decode(topics.directoryFiles, kv.value),
                filter,
                DirectoryFileRecord::getId);
    }

    /** The smallest key greater than {@code id}; null lists from the start. */
    private static String after(String id) {
        return id == null ? null : id + "\u0000";
    }

    /** Up to {@code limit} records that {@code read} finds (null: none) and {@code filter} passes; {@code next} only when another follows. */
    private static <V> Page<V> scan(
            KeyValueIterator<String, byte[]> it,
            int limit,
            Function<KeyValue<String, byte[]>, V> read,
            Predicate<V> filter,
            Function<V, String> id) {
        List<V> out = new ArrayList<>(Math.min(limit, 1024));
        try (it) {
            while (it.hasNext()) {
                V v = read.apply(it.next());
                if (v == null || !filter.test(v)) continue;
                if (out.size() == limit) {
                    return new Page<>(out, id.apply(out.get(out.size() - 1)));
                }
                out.add(v);
            }
        }
        return new Page<>(out, null);
    }

    @Override
    public Map<Integer, Long> position(String topic) {
        return positions.of(topic);
    }

    @Override
    public boolean awaitApplied(String topic, int partition, long offset, Duration timeout)
            throws InterruptedException {
        return positions.await(new TopicPartition(topic, partition), offset, timeout);
    }
}
