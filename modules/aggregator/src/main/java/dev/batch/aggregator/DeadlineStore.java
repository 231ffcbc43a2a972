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
 * zero-padded to 13 digits. A look for the deadlines passed is one range scan from the start. A job's
 * deadline is also found by its job ({@code job/<job>}, the value its millis; sorted after every
 * deadline), so that a removed job's goes with it.
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

    private static final String BY_JOB = "job/";

    void put(Deadline d) {
        store.put(key(d.at(), what(d)), d.limit());
        if (d.isJob()) store.put(BY_JOB + d.jobId(), Long.toString(millis(d.at())));
    }

    /** Forgets a deadline of an item that finished or is gone (its limit need not match). */
    void remove(Deadline d) {
        store.delete(key(d.at(), what(d)));
    }

    /** Forgets the deadline of a job that is gone. */
    void removeJob(String jobId) {
        String at = store.get(BY_JOB + jobId);
        if (at == null) return;
        store.delete(key(Instant.ofEpochMilli(Long.parseLong(at)), "job/" + jobId));
        store.delete(BY_JOB + jobId);
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
                store.delete(BY_JOB + part[2]);
                taken.add(Deadline.job(part[2], at));
            } else if (part.length == 5 && part[1].equals("item")) {
                taken.add(Deadline.item(part[2], part[3], Integer.parseInt(part[4]), at, d.value));
            }
        }
        return taken;
    }

    static String key(Instant when, String what) {
        return String.format("%013d", millis(when)) + "/" + what;
    }

    private static long millis(Instant when) {
        return Math.max(0, when.toEpochMilli());
    }
}
