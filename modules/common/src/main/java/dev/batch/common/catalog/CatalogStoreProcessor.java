package dev.batch.common.catalog;

import dev.batch.common.kafka.TopicSpec;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a catalog record to its store (a null value deletes), moves or removes its index key
 * with it, and records the position.
 */
final class CatalogStoreProcessor<V> implements Processor<String, V, Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(CatalogStoreProcessor.class);
    private static final byte[] NOTHING = new byte[0];

    private final String storeName;
    private final TopicSpec<String, V> topic;
    private final Function<V, String> project;
    private final Positions positions;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> store;

    CatalogStoreProcessor(
            String storeName, TopicSpec<String, V> topic, Function<V, String> project, Positions positions) {
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
        if (key != null && CatalogService.recordKey(key)) apply(key, record.value());
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
        V v = CatalogService.decode(topic, bytes);
        return v == null ? null : project.apply(v);
    }

    private static String indexKey(String projectId, String id) {
        return CatalogService.indexPrefix(projectId) + id;
    }
}
