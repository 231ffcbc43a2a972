package dev.batch.common.kafka;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A key-value state store: its name, key and value serdes, where it keeps its data, whether it
 * has a changelog and whether writes are cached. Only {@link StoreSpecs} creates these; topologies add
 * {@link #builder()} and processors and interactive queries find the store by {@link #name()}.
 */
public record StoreSpec<K, V>(
        String name, Serde<K> keySerde, Serde<V> valueSerde, Kind kind, boolean logged, boolean cached, String doc) {

    /** Where a store keeps its data. */
    public enum Kind {
        /** RocksDB on the state directory: survives a restart without replaying the changelog. */
        PERSISTENT,
        /** A map on the heap. */
        IN_MEMORY
    }

    /** The builder a topology adds, as this spec says. */
    public StoreBuilder<KeyValueStore<K, V>> builder() {
        KeyValueBytesStoreSupplier supplier =
                kind == Kind.PERSISTENT ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
        StoreBuilder<KeyValueStore<K, V>> builder = Stores.keyValueStoreBuilder(supplier, keySerde, valueSerde);
        if (!logged) builder = builder.withLoggingDisabled();
        return cached ? builder.withCachingEnabled() : builder.withCachingDisabled();
    }

    /**
     * The same store on the heap with no changelog nor cache, for use outside a topology (a
     * processor's unit test with {@code MockProcessorContext}, which takes no logged store).
     */
    public StoreSpec<K, V> detached() {
        return new StoreSpec<>(name, keySerde, valueSerde, Kind.IN_MEMORY, false, false, doc);
    }

    @Override
    public String toString() {
        return name;
    }
}
