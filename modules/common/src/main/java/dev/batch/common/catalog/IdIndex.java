package dev.batch.common.catalog;

import java.time.Instant;
import java.util.function.Function;

/**
 * A second way to a record kept under a compound key: an index key {@code STX<id>} whose value is
 * the record's key. A record that moves to another key is written there first and its old key is
 * deleted after, and the two may sit on different partitions, so their order in the store is not
 * the order they were written: the index follows the record updated last, and a deletion removes
 * the index key only while it still points at the deleted key.
 */
record IdIndex<V>(Function<V, String> id, Function<V, Instant> updatedAt) {

    /** The index key of {@code id}. */
    static String key(String id) {
        return "\u0002" + id;
    }
}
