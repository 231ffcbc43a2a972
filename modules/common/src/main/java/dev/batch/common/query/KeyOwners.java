package dev.batch.common.query;

import dev.batch.common.kafka.StoreSpec;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance of a Kafka Streams application holds a key of a store right now: this one, which
 * answers from its own store, or another, to which the question is forwarded over its
 * {@link QueryServer}. While the application is not running or its tasks are moving, there is no
 * answer: {@link NotAvailableException}.
 */
public final class KeyOwners {
    /** Where a key lives: {@code host} as it advertises itself, and whether that is this instance. */
    public record Owner(HostInfo host, boolean local) {}

    private final String service;
    private final Supplier<KafkaStreams> streams;
    private final HostInfo self;

    /**
     * {@code service} names the application in messages; {@code streams} gives the running instance
     * (or throws IllegalStateException before it starts); {@code self} is its {@code application.server}.
     */
    public KeyOwners(String service, Supplier<KafkaStreams> streams, HostInfo self) {
        this.service = service;
        this.streams = streams;
        this.self = self;
    }

    /** The instance holding {@code key} of {@code store}. */
    public <K> Owner owner(StoreSpec<K, ?> store, K key) {
        KeyQueryMetadata meta;
        try {
            meta = streams.get()
                    .queryMetadataForKey(store.name(), key, store.keySerde().serializer());
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new NotAvailableException("the " + service + " is not running: " + e.getMessage(), e);
        }
        return ownerFrom(meta, store);
    }

    /** Every instance holding a part of {@code store}; empty while no instance has it. */
    public List<HostInfo> hosts(StoreSpec<?, ?> store) {
        try {
            return streams.get().streamsMetadataForStore(store.name()).stream()
                    .map(StreamsMetadata::hostInfo)
                    .toList();
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new NotAvailableException("the " + service + " is not running: " + e.getMessage(), e);
        }
    }

    public boolean isSelf(HostInfo host) {
        return self.equals(host);
    }

    Owner ownerFrom(KeyQueryMetadata meta, StoreSpec<?, ?> store) {
        if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE) || meta.activeHost() == null) {
            throw new NotAvailableException(
                    "the " + service + "'s " + store.name() + " store is moving between instances; try again");
        }
        return new Owner(meta.activeHost(), self.equals(meta.activeHost()));
    }
}
