package dev.batch.common.catalog;

import dev.batch.common.catalog.Catalog.Page;
import dev.batch.common.kafka.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Cursor pages over the catalog's stores: a key range read up to a limit, continued after the last id. */
final class StorePages {
    private StorePages() {}

    /** A project's records in id order after {@code afterId}: its index key range, then each record by its id. */
    static <V> Page<V> projectPage(
            ReadOnlyKeyValueStore<String, byte[]> s,
            TopicSpec<String, V> topic,
            Function<V, String> project,
            Function<V, String> id,
            String projectId,
            String afterId,
            int limit,
            Predicate<V> filter) {
        String prefix = CatalogService.indexPrefix(projectId);
        String from = afterId == null ? prefix : after(prefix + afterId);
        return scan(
                s.range(from, indexEnd(projectId)),
                limit,
                kv -> {
                    V v = CatalogService.decode(topic, s.get(kv.key.substring(prefix.length())));
                    // Moved to another project between reading its index key and reading it.
                    return v != null && projectId.equals(project.apply(v)) ? v : null;
                },
                filter,
                id);
    }

    /** The key just past a project's index range. */
    private static String indexEnd(String projectId) {
        return "\u0001" + projectId + "\u0001";
    }

    /** The smallest key greater than {@code id}; null lists from the start. */
    static String after(String id) {
        return id == null ? null : id + "\u0000";
    }

    /** Up to {@code limit} records that {@code read} finds (null: none) and {@code filter} passes; {@code next} only when another follows. */
    static <V> Page<V> scan(
            KeyValueIterator<String, byte[]> it,
            int limit,
            Function<KeyValue<String, byte[]>, V> read,
            Predicate<V> filter,
            Function<V, String> id) {
        List<V> out = new ArrayList<>(Math.min(limit, 1024));
        try (it) {
            while (it.hasNext()) {
                V v = read.apply(it.next());
                if (v == null || !filter.test(v)) continue;
                if (out.size() == limit) {
                    return new Page<>(out, id.apply(out.get(out.size() - 1)));
                }
                out.add(v);
            }
        }
        return new Page<>(out, null);
    }
}
