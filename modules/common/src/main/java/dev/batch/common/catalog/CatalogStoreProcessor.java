package dev.batch.common.catalog;

import dev.batch.common.kafka.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a catalog record to its store (a null value deletes), moves or removes its index keys
 * with it, and records the position.
 */
final class CatalogStoreProcessor<V> implements Processor<String, V, Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(CatalogStoreProcessor.class);
    private static final byte[] NOTHING = new byte[0];

    private final String storeName;
    private final TopicSpec<String, V> topic;
    private final Function<V, String> project;
    private final IdIndex<V> ids;
    private final Positions positions;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> store;

    CatalogStoreProcessor(
            String storeName, TopicSpec<String, V> topic, Function<V, String> project, Positions positions) {
        this(storeName, topic, project, null, positions);
    }

    /** {@code project}: a project index of the records (null: none); {@code ids}: an id index (null: none). */
    CatalogStoreProcessor(
            String storeName,
            TopicSpec<String, V> topic,
            Function<V, String> project,
            IdIndex<V> ids,
            Positions positions) {
        this.storeName = storeName;
        this.topic = topic;
        this.project = project;
        this.ids = ids;
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
        if (key != null && CatalogService.recordKey(key)) apply(key, record.value());
        else if (key != null)
            log.warn("Ignoring a record on {} whose key starts with a control character", topic.name());
        context.recordMetadata()
                .ifPresent(m -> positions.advance(new TopicPartition(m.topic(), m.partition()), m.offset() + 1));
    }

    /** In this order, an index key a reader finds always has its record. */
    private void apply(String key, V value) {
        V before = project == null && ids == null ? null : CatalogService.decode(topic, store.get(key));
        String after = project == null || value == null ? null : project.apply(value);
        if (project != null) {
            String was = before == null ? null : project.apply(before);
            if (was != null && !was.equals(after)) store.delete(indexKey(was, key));
        }
        if (value == null) {
            if (ids != null && before != null) unpoint(ids.id().apply(before), key);
            store.delete(key);
        } else {
            store.put(key, topic.valueSerde().serializer().serialize(topic.name(), value));
            if (ids != null) point(ids.id().apply(value), key, value);
        }
        // Written again when the project is unchanged: a replay after a crash may find the record without it.
        if (after != null) store.put(indexKey(after, key), NOTHING);
    }

    /** Points {@code id} at {@code key}, unless it points at a record of that id updated later (a move read out of order). */
    private void point(String id, String key, V value) {
        String current = text(store.get(IdIndex.key(id)));
        if (current != null && !current.equals(key)) {
            V other = CatalogService.decode(topic, store.get(current));
            if (other != null
                    && id.equals(ids.id().apply(other))
                    && ids.updatedAt().apply(other).isAfter(ids.updatedAt().apply(value))) return;
        }
        store.put(IdIndex.key(id), key.getBytes(StandardCharsets.UTF_8));
    }

    /** Removes {@code id}'s index key if it still points at the deleted {@code key}. */
    private void unpoint(String id, String key) {
        if (key.equals(text(store.get(IdIndex.key(id))))) store.delete(IdIndex.key(id));
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String indexKey(String projectId, String id) {
        return CatalogService.indexPrefix(projectId) + id;
    }
}
