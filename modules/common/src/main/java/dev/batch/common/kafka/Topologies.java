package dev.batch.common.kafka;

import java.util.List;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * Adds the nodes of a Processor API topology with the topic's and store's own serdes, under one
 * naming scheme: a topic's source is {@code <topic>-source}, its sink {@code <topic>-sink}, and a
 * processor {@code <name>-processor}. Processors forward to {@link #sinkName} of the topic they write.
 */
public final class Topologies {
    private Topologies() {}

    public static String sourceName(TopicSpec<?, ?> topic) {
        return topic.name() + "-source";
    }

    public static String sinkName(TopicSpec<?, ?> topic) {
        return topic.name() + "-sink";
    }

    public static String processorName(String name) {
        return name + "-processor";
    }

    /** Reads {@code topic} with its serdes; returns the source's name. */
    public static String source(Topology t, TopicSpec<?, ?> topic) {
        String name = sourceName(topic);
        t.addSource(name, topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name());
        return name;
    }

    /** Adds processor {@code <name>-processor} fed by {@code parents}, with the stores it owns; returns its name. */
    public static <KIn, VIn, KOut, VOut> String processor(
            Topology t,
            String name,
            ProcessorSupplier<KIn, VIn, KOut, VOut> supplier,
            List<String> parents,
            List<StoreSpec<?, ?>> stores) {
        String node = processorName(name);
        t.addProcessor(node, supplier, parents.toArray(String[]::new));
        for (StoreSpec<?, ?> store : stores) t.addStateStore(store.builder(), node);
        return node;
    }

    /** Writes {@code topic} with its serdes from {@code parent}; returns the sink's name. */
    public static <K, V> String sink(Topology t, TopicSpec<K, V> topic, String parent) {
        String name = sinkName(topic);
        t.addSink(
                name,
                topic.name(),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer(),
                parent);
        return name;
    }

    /** The same, choosing each record's partition with {@code partitioner}. */
    public static <K, V> String sink(
            Topology t, TopicSpec<K, V> topic, StreamPartitioner<? super K, ? super V> partitioner, String parent) {
        String name = sinkName(topic);
        t.addSink(
                name,
                topic.name(),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer(),
                partitioner,
                parent);
        return name;
    }

    /**
     * A global store: every instance holds all of {@code topic} in {@code store}, written by
     * {@code <store>-processor} (run on restore too, so a rebuilt store is written the same way).
     */
    public static <K, V> void globalStore(
            Topology t, StoreSpec<?, ?> store, TopicSpec<K, V> topic, ProcessorSupplier<K, V, Void, Void> apply) {
        t.addGlobalStore(
                store.builder(),
                sourceName(topic),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer(),
                topic.name(),
                processorName(store.name()),
                apply);
    }
}
