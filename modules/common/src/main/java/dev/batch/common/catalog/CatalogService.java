package dev.batch.common.catalog;

import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.StoreSpec;
import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.StreamsService;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Topologies;
import dev.batch.events.ConfigurationRecord;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.FileRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The catalog view: a Kafka Streams application whose only job is a global store per
 * catalog topic, each a complete copy on this instance's disk (RocksDB), so listings and the
 * splitter's directory paging read locally with memory that does not grow with the catalog. It
 * tracks how far it has read each partition, so a writer can wait for its own write.
 *
 * <p>The files, directories and configurations stores hold each record under its id and, beside it, an index key
 * {@code SOH<project>NUL<id>} with no value, so a project's listing reads its own key range and
 * those records, never another project's (a global store's processor writes only its own store).
 * No record id starts with a control character (the processor drops a record whose key does), so
 * the two kinds of key never meet. Values are the topic's bytes, decoded on read.
 *
 * <p>The directory files store, keyed {@code <directory id>/<directory file id>}, holds beside each
 * record an index key {@code STX<directory file id>} whose value is the record's key, so a
 * directory file is found by its id alone ({@link IdIndex}).
 */
public final class CatalogService extends StreamsService implements Catalog {

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
        global(t, StoreSpecs.FILES, topics.files, FileRecord::getProjectId, positions);
        global(t, StoreSpecs.DIRECTORIES, topics.directories, DirectoryRecord::getProjectId, positions);
        // Keyed <directory id>/<directory file id>: a directory is a key range already; an id index finds one file.
        IdIndex<DirectoryFileRecord> ids = new IdIndex<>(DirectoryFileRecord::getId, DirectoryFileRecord::getUpdatedAt);
        Topologies.globalStore(
                t,
                StoreSpecs.DIRECTORY_FILES,
                topics.directoryFiles,
                () -> new CatalogStoreProcessor<>(
                        StoreSpecs.DIRECTORY_FILES.name(), topics.directoryFiles, null, ids, positions));
        global(t, StoreSpecs.CONFIGURATIONS, topics.configurations, ConfigurationRecord::getProjectId, positions);
        return t;
    }

    private static <V> void global(
            Topology t,
            StoreSpec<String, byte[]> store,
            TopicSpec<String, V> topic,
            Function<V, String> project,
            Positions positions) {
        // The processor runs on restore too, so a store rebuilt from the topic gets its index keys.
        Topologies.globalStore(
                t, store, topic, () -> new CatalogStoreProcessor<>(store.name(), topic, project, positions));
    }

    /** The first key of a project's index range. */
    static String indexPrefix(String projectId) {
        return "\u0001" + projectId + "\u0000";
    }

    /** Whether a key can be a record's: index keys start with a control character. */
    static boolean recordKey(String key) {
        return key.isEmpty() || key.charAt(0) >= ' ';
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

    static <V> V decode(TopicSpec<String, V> topic, byte[] bytes) {
        return bytes == null ? null : topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
    }

    /** The record stored under {@code id}, if {@code id} can be a record's key. */
    static <V> Optional<V> record(ReadOnlyKeyValueStore<String, byte[]> s, TopicSpec<String, V> topic, String id) {
        return recordKey(id) ? Optional.ofNullable(decode(topic, s.get(id))) : Optional.empty();
    }

    @Override
    public Optional<FileRecord> file(String fileId) {
        return record(store(StoreSpecs.FILES), topics.files, fileId);
    }

    @Override
    public Optional<DirectoryRecord> directory(String directoryId) {
        return record(store(StoreSpecs.DIRECTORIES), topics.directories, directoryId);
    }

    @Override
    public Optional<DirectoryFileRecord> directoryFile(String directoryId, String directoryFileId) {
        return record(
                store(StoreSpecs.DIRECTORY_FILES),
                topics.directoryFiles,
                Topics.directoryFileKey(directoryId, directoryFileId));
    }

    @Override
    public Optional<DirectoryFileRecord> directoryFile(String directoryFileId) {
        return directoryFileById(store(StoreSpecs.DIRECTORY_FILES), topics.directoryFiles, directoryFileId);
    }

    /** The directory file its id index points at: the record last written for that id, wherever it moved. */
    static Optional<DirectoryFileRecord> directoryFileById(
            ReadOnlyKeyValueStore<String, byte[]> s, TopicSpec<String, DirectoryFileRecord> topic, String id) {
        if (!recordKey(id)) return Optional.empty();
        byte[] key = s.get(IdIndex.key(id));
        if (key == null) return Optional.empty();
        return record(s, topic, new String(key, StandardCharsets.UTF_8))
                .filter(f -> f.getId().equals(id));
    }

    @Override
    public Page<FileRecord> files(String projectId, String afterId, int limit, Predicate<FileRecord> filter) {
        return StorePages.projectPage(
                store(StoreSpecs.FILES),
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
        return StorePages.projectPage(
                store(StoreSpecs.DIRECTORIES),
                topics.directories,
                DirectoryRecord::getProjectId,
                DirectoryRecord::getDirectoryId,
                projectId,
                afterId,
                limit,
                filter);
    }

    @Override
    public Page<DirectoryFileRecord> directoryFiles(
            String directoryId, String afterId, int limit, Predicate<DirectoryFileRecord> filter) {
        ReadOnlyKeyValueStore<String, byte[]> s = store(StoreSpecs.DIRECTORY_FILES);
        String prefix = directoryId + "/";
        String from = afterId == null ? prefix : StorePages.after(prefix + afterId);
        // '0' sorts right after '/', so [prefix, prefix-with-'0') is exactly this directory's keys.
        String to = directoryId + "0";
        return StorePages.scan(
                s.range(from, to),
                limit,
                kv -> decode(topics.directoryFiles, kv.value),
                filter,
                DirectoryFileRecord::getId);
    }

    @Override
    public Optional<ConfigurationRecord> configuration(String configurationId) {
        return record(store(StoreSpecs.CONFIGURATIONS), topics.configurations, configurationId);
    }

    @Override
    public Page<ConfigurationRecord> configurations(
            String projectId, String afterId, int limit, Predicate<ConfigurationRecord> filter) {
        return StorePages.projectPage(
                store(StoreSpecs.CONFIGURATIONS),
                topics.configurations,
                ConfigurationRecord::getProjectId,
                ConfigurationRecord::getConfigurationId,
                projectId,
                afterId,
                limit,
                filter);
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
