package dev.batch.splitter;

import dev.batch.events.ItemsDispatched;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Listed pages whose tasks wait for room in their job's window (the {@code splitter-queue} store),
 * keyed {@code <job>/<page, 10 digits>} so that a job's pages sort in order and form one key range.
 */
final class PageQueue {
    private final KeyValueStore<String, ItemsDispatched> store;

    PageQueue(KeyValueStore<String, ItemsDispatched> store) {
        this.store = store;
    }

    void put(String jobId, int page, ItemsDispatched items) {
        store.put(key(jobId, page), items);
    }

    /** The page, or null when it is not queued (an empty page never is). */
    ItemsDispatched get(String jobId, int page) {
        return store.get(key(jobId, page));
    }

    void delete(String jobId, int page) {
        store.delete(key(jobId, page));
    }

    /** Forgets every page of the job still waiting. */
    void forget(String jobId) {
        List<String> waiting = new ArrayList<>();
        try (KeyValueIterator<String, ItemsDispatched> it =
                store.range(jobId + "/", jobId + "0")) { // '0' sorts right after '/'
            while (it.hasNext()) waiting.add(it.next().key);
        }
        waiting.forEach(store::delete);
    }

    private static String key(String jobId, int page) {
        return jobId + "/" + String.format("%010d", page);
    }
}
