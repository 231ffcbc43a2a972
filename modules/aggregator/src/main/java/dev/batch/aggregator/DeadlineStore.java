package dev.batch.aggregator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The watchdog's deadlines, in a store keyed so that they sort by time:
 * {@code <millis>/job/<job>} and {@code <millis>/item/<job>/<item>/<attempt>}, the millis
 * zero-padded to 13 digits. A look for the deadlines passed is one range scan from the start.
 */
final class DeadlineStore {
    private final KeyValueStore<String, String> store;

    DeadlineStore(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /**
     * A deadline the watchdog keeps: a job's ({@code itemId} null) or one attempt of an item's,
     * with the item's time limit in words for the error message ({@code limit}).
     */
    record Deadline(Instant at, String jobId, String itemId, int attempt, String limit) {
        static Deadline job(String jobId, Instant at) {
            return new Deadline(at, jobId, null, 0, "");
        }

        static Deadline item(String jobId, String itemId, int attempt, Instant at, String limit) {
            return new Deadline(at, jobId, itemId, attempt, limit);
        }

        boolean isJob() {
            return itemId == null;
        }
    }

    void put(Deadline d) {
        store.put(key(d.at(), what(d)), d.limit());
    }

    /** Forgets a deadline of a job that is gone (its limit need not match). */
    void remove(Deadline d) {
        store.delete(key(d.at(), what(d)));
    }

    private static String what(Deadline d) {
        return d.isJob() ? "job/" + d.jobId() : "item/" + d.jobId() + "/" + d.itemId() + "/" + d.attempt();
    }

    /**
     * Removes every deadline at or before {@code now} and returns them, oldest first. A key that
     * does not parse (an id with a '/' in it) is removed and not returned.
     */
    List<Deadline> takeDue(Instant now) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.range(key(Instant.EPOCH, ""), key(now, "~"))) {
            while (it.hasNext()) due.add(it.next());
        }
        List<Deadline> taken = new ArrayList<>();
        for (KeyValue<String, String> d : due) {
            store.delete(d.key);
            String[] part = d.key.split("/");
            Instant at = Instant.ofEpochMilli(Long.parseLong(part[0]));
            if (part.length == 3 && part[1].equals("job")) {
                taken.add(Deadline.job(part[2], at));
            } else if (part.length == 5 && part[1].equals("item")) {
                taken.add(Deadline.item(part[2], part[3], Integer.parseInt(part[4]), at, d.value));
            }
        }
        return taken;
    }

    static String key(Instant when, String what) {
        return String.format("%013d", Math.max(0, when.toEpochMilli())) + "/" + what;
    }
}
