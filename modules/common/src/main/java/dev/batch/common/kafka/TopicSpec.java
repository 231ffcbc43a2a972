package dev.batch.common.kafka;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic: its name, key and value serdes, partition count and topic configs (cleanup policy and
 * the like). Only {@link Topics} creates these.
 */
public record TopicSpec<K, V>(
        String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions, Map<String, String> configs, String doc) {

    public boolean compacted() {
        return "compact".equals(configs.get("cleanup.policy"));
    }

    /**
     * A record for this topic, key and value in its serdes' bytes: producers send to several topics
     * of different value types through one {@code byte[]} producer (one transaction, one connection).
     */
    public ProducerRecord<byte[], byte[]> record(K key, V value) {
        return record(key, value, null);
    }

    /** The same with record headers (a job's {@link Trace} headers, say). */
    public ProducerRecord<byte[], byte[]> record(K key, V value, Headers headers) {
        return new ProducerRecord<>(
                name,
                null,
                keySerde.serializer().serialize(name, key),
                valueSerde.serializer().serialize(name, value),
                headers);
    }

    @Override
    public String toString() {
        return name;
    }
}
