package dev.batch.common.catalog;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The next offset the catalog view will apply, per topic partition. Advanced by the global store
 * processors as records are applied and by the restore listener while stores are rebuilt; waiters
 * are woken on every advance.
 */
final class Positions {
    private final Map<TopicPartition, Long> next = new HashMap<>();

    synchronized void advance(TopicPartition tp, long nextOffset) {
        Long current = next.get(tp);
        if (current == null || nextOffset > current) {
            next.put(tp, nextOffset);
            notifyAll();
        }
    }

    synchronized Map<Integer, Long> of(String topic) {
        Map<Integer, Long> out = new HashMap<>();
        next.forEach((tp, o) -> {
            if (tp.topic().equals(topic)) out.put(tp.partition(), o);
        });
        return out;
    }

    synchronized boolean await(TopicPartition tp, long offset, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (next.getOrDefault(tp, 0L) <= offset) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
