package dev.batch.common.catalog;

import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.StreamsService;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
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
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The catalog view: a Kafka Streams application whose only job is three global stores, one per
 * catalog topic, each a complete copy on this instance's disk (RocksDB), so listings and the
 * splitter's directory paging read locally with memory that does not grow with the catalog. It
 * tracks how far it has read each partition, so a writer can wait for its own write.
 */
public final class CatalogService extends StreamsService implements Catalog {
    private final Positions positions;
    private final Topics topics;

    public CatalogService(KafkaSettings kafka, Path stateDir, String role) {
        this(kafka, stateDir, role, new Positions());
    }

    private CatalogService(KafkaSettings kafka, Path stateDir, String role, Positions positions) {
        super("catalog-" + role, topology(kafka.topics(), positions),
                props(kafka, stateDir, role), Duration.ofSeconds(120));
        this.positions = positions;
        this.topics = kafka.topics();
    }

    private static Properties props(KafkaSettings kafka, Path stateDir, String role) {
        Properties p = baseProps(kafka, kafka.topics().applicationId("catalog-" + role), stateDir);
        // Global stores only: nothing to commit transactionally, and reads need no repartitioning.
        p.put(org.apache.kafka.streams.StreamsConfig.PROCESSING_GUARANTEE_CONFIG, org.apache.kafka.streams.StreamsConfig.AT_LEAST_ONCE);
        p.put(org.apache.kafka.streams.StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        return p;
    }

    static Topology topology(Topics topics, Positions positions) {
        Topology t = new Topology();
        global(t, topics.files, Topics.FILES_STORE, positions);
        global(t, topics.directories, Topics.DIRECTORIES_STORE, positions);
        global(t, topics.directoryFiles, Topics.DIRECTORY_FILES_STORE, positions);
        return t;
    }

    private static <V> void global(Topology t, TopicSpec<String, V> topic, String store, Positions positions) {
        t.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(), topic.valueSerde()).withLoggingDisabled(),
                store + "-source", topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name(),
                store + "-apply", () -> new Apply<>(store, positions));
    }

    /** Applies a catalog record to its store (a null value deletes) and records the position. */
    private static final class Apply<V> implements Processor<String, V, Void, Void> {
        private final String storeName;
        private final Positions positions;
        private ProcessorContext<Void, Void> context;
        private KeyValueStore<String, V> store;

        Apply(String storeName, Positions positions) {
            this.storeName = storeName;
            this.positions = positions;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            this.store = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<String, V> record) {
            if (record.key() != null) {
                if (record.value() == null) store.delete(record.key());
                else store.put(record.key(), record.value());
            }
            context.recordMetadata().ifPresent(m ->
                    positions.advance(new TopicPartition(m.topic(), m.partition()), m.offset() + 1));
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
            public void onRestoreEnd(TopicPartition tp, String store, long totalRestored) {
            }
        });
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return keyValueStore(name, e -> new NotAvailableException("the catalog is not available right now: " + e.getMessage(), e));
    }

    @Override
    public Optional<FileRecord> file(String fileId) {
        return Optional.ofNullable(this.<FileRecord>store(Topics.FILES_STORE).get(fileId));
    }

    @Override
    public Optional<DirectoryRecord> directory(String directoryId) {
        return Optional.ofNullable(this.<DirectoryRecord>store(Topics.DIRECTORIES_STORE).get(directoryId));
    }

    @Override
    public Optional<DirectoryFileRecord> directoryFile(String directoryId, String directoryFileId) {
        return Optional.ofNullable(this.<DirectoryFileRecord>store(Topics.DIRECTORY_FILES_STORE)
                .get(Topics.directoryFileKey(directoryId, directoryFileId)));
    }

    @Override
    public Page<FileRecord> files(String projectId, String afterId, int limit, Predicate<FileRecord> filter) {
        ReadOnlyKeyValueStore<String, FileRecord> s = store(Topics.FILES_STORE);
        return scan(s.range(after(afterId), null), limit, f -> f.getProjectId().equals(projectId) && filter.test(f), FileRecord::getFileId);
    }

    @Override
    public Page<DirectoryRecord> directories(String projectId, String afterId, int limit, Predicate<DirectoryRecord> filter) {
        ReadOnlyKeyValueStore<String, DirectoryRecord> s = store(Topics.DIRECTORIES_STORE);
        return scan(s.range(after(afterId), null), limit, d -> d.getProjectId().equals(projectId) && filter.test(d),
                DirectoryRecord::getDirectoryId);
    }

    @Override
    public Page<DirectoryFileRecord> directoryFiles(String directoryId, String afterId, int limit, Predicate<DirectoryFileRecord> filter) {
        ReadOnlyKeyValueStore<String, DirectoryFileRecord> s = store(Topics.DIRECTORY_FILES_STORE);
        String prefix = directoryId + "/";
        String from = afterId == null ? prefix : after(prefix + afterId);
        // '0' sorts right after '/', so [prefix, prefix-with-'0') is exactly this directory's keys.
        String to = directoryId + "0";
        return scan(s.range(from, to), limit, filter, DirectoryFileRecord::getId);
    }

    /** The smallest key greater than {@code id}; null lists from the start. */
    private static String after(String id) {
        return id == null ? null : id + "\u0000";
    }

    private static <V> Page<V> scan(KeyValueIterator<String, V> it, int limit, Predicate<V> filter, java.util.function.Function<V, String> id) {
        List<V> out = new ArrayList<>(Math.min(limit, 1024));
        try (it) {
            while (it.hasNext()) {
                KeyValue<String, V> kv = it.next();
                if (kv.value == null || !filter.test(kv.value)) continue;
                if (out.size() == limit) {
                    return new Page<>(out, id.apply(out.get(out.size() - 1)));
                }
                out.add(kv.value);
            }
        }
        return new Page<>(out, null);
    }

    @Override
    public Map<Integer, Long> position(String topic) {
        return positions.of(topic);
    }

    @Override
    public boolean awaitApplied(String topic, int partition, long offset, Duration timeout) throws InterruptedException {
        return positions.await(new TopicPartition(topic, partition), offset, timeout);
    }
}
