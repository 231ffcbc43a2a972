package dev.batch.common.kafka;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic: its name, key and value serdes, partition count and topic configs (cleanup policy and
 * the like). Only {@link Topics} creates these.
 */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
                              Map<String, String> configs, String doc) {

    public boolean compacted() {
        return "compact".equals(configs.get("cleanup.policy"));
    }

    @Override
    public String toString() {
        return name;
    }
}
