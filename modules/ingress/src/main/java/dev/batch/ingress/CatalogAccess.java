package dev.batch.ingress;

import dev.batch.common.catalog.Catalog;
import dev.batch.common.kafka.Publisher;
import dev.batch.common.kafka.TopicSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog (files, directories) as the routes use it: reads that catch up once on a miss, so a
 * record written through another instance a moment ago is found, and writes that this instance
 * reads back at once.
 */
final class CatalogAccess {
    private static final Logger log = LoggerFactory.getLogger(CatalogAccess.class);
    private final Catalog catalog;
    private final Publisher publisher;
    private final Function<String, Map<Integer, Long>> endOffsets;

    /** {@code endOffsets}: a topic's end offset by partition. */
    CatalogAccess(Catalog catalog, Publisher publisher, Function<String, Map<Integer, Long>> endOffsets) {
        this.catalog = catalog;
        this.publisher = publisher;
        this.endOffsets = endOffsets;
    }

    Catalog view() {
        return catalog;
    }

    /** A topic's end offset by partition (a directory job's watermark). */
    Map<Integer, Long> endOffsets(TopicSpec<String, ?> topic) {
        return endOffsets.apply(topic.name());
    }

    /** Looks a catalog record up, catching up once on a miss. */
    <T> Optional<T> lookup(TopicSpec<String, ?> topic, Supplier<Optional<T>> find) {
        Optional<T> found = find.get();
        if (found.isPresent()) return found;
        catchUp(topic);
        return find.get();
    }

    /**
     * Waits (bounded) until this instance's catalog has read everything written to {@code topic} so
     * far. Returns at once when the catalog is already caught up, the usual case.
     */
    void catchUp(TopicSpec<String, ?> topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        try {
            for (Map.Entry<Integer, Long> end : endOffsets(topic).entrySet()) {
                if (end.getValue() <= 0) continue;
                long left = Math.max(1, deadline - System.nanoTime());
                if (!catalog.awaitApplied(topic.name(), end.getKey(), end.getValue() - 1, Duration.ofNanos(left))) {
                    log.warn("The catalog is behind {} partition {}", topic.name(), end.getKey());
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Publishes a catalog record ({@code null}: a deletion) and waits until this instance's catalog shows it. */
    <V> void publish(TopicSpec<String, V> topic, String key, V value) throws Publisher.PublishException {
        RecordMetadata at = publisher.publish(topic, key, value);
        try {
            if (!catalog.awaitApplied(topic.name(), at.partition(), at.offset(), Duration.ofSeconds(10))) {
                log.warn("The catalog did not show {} {} within 10 s", topic.name(), key);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
