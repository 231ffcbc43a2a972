package dev.batch.aggregator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Finished jobs by when their retention ends, in a store keyed so that they sort by time:
 * {@code <millis>/<job>}, the millis zero-padded to 13 digits; the value is the job's project. A
 * look for the ends passed is one range scan from the start. A removed job is marked under {@code
 * removed/<job>} (outside that range, as a letter sorts after the digits) until a time: {@code
 * <millis>/<project>}.
 */
final class RetentionQueue {
    private static final String REMOVED = "removed/";
    private final KeyValueStore<String, String> store;

    RetentionQueue(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** A job due for removal at {@code at}. */
    record Due(String jobId, String projectId, Instant at) {}

    void put(String jobId, String projectId, Instant at) {
        store.put(key(at, jobId), projectId == null ? "" : projectId);
    }

    /** As {@link #put}, unless the job is there at that time already; returns whether it was added. */
    boolean putIfAbsent(String jobId, String projectId, Instant at) {
        return store.putIfAbsent(key(at, jobId), projectId == null ? "" : projectId) == null;
    }

    /** Removes every entry due at or before {@code now} and returns them, oldest first. */
    List<Due> takeDue(Instant now) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.range(key(Instant.EPOCH, ""), key(now, "~"))) {
            while (it.hasNext()) due.add(it.next());
        }
        List<Due> taken = new ArrayList<>();
        for (KeyValue<String, String> d : due) {
            store.delete(d.key);
            int slash = d.key.indexOf('/');
            if (slash < 0) continue;
            Instant at = Instant.ofEpochMilli(Long.parseLong(d.key.substring(0, slash)));
            taken.add(new Due(d.key.substring(slash + 1), d.value, at));
        }
        return taken;
    }

    /** Marks the job removed until {@code until}: its project, for what a late result of it left. */
    void markRemoved(String jobId, String projectId, Instant until) {
        store.put(REMOVED + jobId, until.toEpochMilli() + "/" + projectId);
    }

    /** The project of a job marked removed, if it is. */
    Optional<String> removedProject(String jobId) {
        String mark = store.get(REMOVED + jobId);
        return mark == null ? Optional.empty() : Optional.of(mark.substring(mark.indexOf('/') + 1));
    }

    /** Forgets the job's mark if it ended by {@code now} (a job's earlier due entries leave it). */
    void forgetRemoved(String jobId, Instant now) {
        String mark = store.get(REMOVED + jobId);
        if (mark != null && Long.parseLong(mark.substring(0, mark.indexOf('/'))) <= now.toEpochMilli()) {
            store.delete(REMOVED + jobId);
        }
    }

    static String key(Instant when, String jobId) {
        return String.format("%013d", Math.max(0, when.toEpochMilli())) + "/" + jobId;
    }
}
