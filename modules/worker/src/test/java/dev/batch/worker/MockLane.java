package dev.batch.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * A lane's consumer as a broker would serve it, on Kafka's {@link MockConsumer}: the records stay
 * in a log ({@link MockLane.Log}), so a seek back or a reassignment delivers them again; the group's
 * committed offsets are those the worker's transactions committed ({@code transactions}); it is
 * assigned {@code partitions} when the worker subscribes; and a poll with a timeout waits for records
 * as a real one does, instead of spinning.
 */
final class MockLane extends MockConsumer<String, byte[]> {
    private final String group;
    private final List<TopicPartition> partitions;
    private final Log log;
    private final MockProducer<byte[], byte[]> transactions;
    /** Set while a seek finds the position it moves from: the mock resolves a missing position by seeking. */
    private boolean resolving;

    /** The records of the task topics, shared by the lanes of successive workers. */
    static final class Log {
        private final Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records = new HashMap<>();

        synchronized ConsumerRecord<String, byte[]> append(TopicPartition tp, String key, byte[] value) {
            List<ConsumerRecord<String, byte[]>> partition = records.computeIfAbsent(tp, p -> new ArrayList<>());
            ConsumerRecord<String, byte[]> r =
                    new ConsumerRecord<>(tp.topic(), tp.partition(), partition.size(), key, value);
            partition.add(r);
            return r;
        }

        synchronized List<ConsumerRecord<String, byte[]>> from(TopicPartition tp, long offset, long until) {
            return records.getOrDefault(tp, List.of()).stream()
                    .filter(r -> r.offset() >= offset && r.offset() < until)
                    .toList();
        }
    }

    MockLane(String group, List<TopicPartition> partitions, Log log, MockProducer<byte[], byte[]> transactions) {
        super("earliest");
        this.group = group;
        this.partitions = List.copyOf(partitions);
        this.log = log;
        this.transactions = transactions;
        Map<TopicPartition, Long> beginning = new HashMap<>();
        partitions.forEach(tp -> beginning.put(tp, 0L));
        updateBeginningOffsets(beginning);
    }

    /** Appends a record to the log; an assigned lane gets it at its next poll. */
    synchronized ConsumerRecord<String, byte[]> append(TopicPartition tp, String key, byte[] value) {
        ConsumerRecord<String, byte[]> r = log.append(tp, key, value);
        if (assignment().contains(tp)) addRecord(r);
        return r;
    }

    /** A rebalance as the group coordinator runs it: a partition newly assigned starts at the group's committed offset. */
    synchronized void rebalanceTo(Collection<TopicPartition> assignment) {
        commitSync(committed(Set.copyOf(partitions))); // where the mock starts a newly assigned partition
        Set<TopicPartition> revoked = new HashSet<>(assignment());
        revoked.removeAll(assignment);
        forgetPaused(revoked);
        rebalance(assignment); // the mock drops every record it holds: refetch from each position
        for (TopicPartition tp : assignment())
            log.from(tp, position(tp), Long.MAX_VALUE).forEach(super::addRecord);
        notifyAll();
    }

    @Override
    public synchronized void losePartitions(Collection<TopicPartition> lost) {
        forgetPaused(lost);
        super.losePartitions(lost);
    }

    /** The mock remembers a paused partition after it moved away; a real consumer forgets it. */
    private void forgetPaused(Collection<TopicPartition> leaving) {
        resume(leaving);
    }

    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        super.subscribe(topics, listener);
        rebalanceTo(partitions);
    }

    @Override
    public synchronized Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> asked) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (Map<String, Map<TopicPartition, OffsetAndMetadata>> commit : transactions.consumerGroupOffsetsHistory()) {
            commit.getOrDefault(group, Map.of()).forEach((tp, o) -> {
                if (asked.contains(tp)) out.put(tp, o);
            });
        }
        return out;
    }

    @Override
    public ConsumerGroupMetadata groupMetadata() {
        return new ConsumerGroupMetadata(group);
    }

    @Override
    public synchronized void seek(TopicPartition tp, long offset) {
        if (resolving) {
            super.seek(tp, offset);
            return;
        }
        long from;
        resolving = true;
        try {
            from = position(tp);
        } finally {
            resolving = false;
        }
        super.seek(tp, offset);
        // The mock forgets what it delivered: give back what the position moved back over.
        log.from(tp, offset, from).forEach(super::addRecord);
        notifyAll();
    }

    @Override
    public synchronized void seekToBeginning(Collection<TopicPartition> tps) {
        tps.forEach(tp -> seek(tp, 0));
    }

    @Override
    public synchronized ConsumerRecords<String, byte[]> poll(Duration timeout) {
        ConsumerRecords<String, byte[]> records = super.poll(timeout);
        if (records.isEmpty() && !timeout.isZero()) {
            try {
                wait(timeout.toMillis()); // until a record, a poll task or a wakeup comes, as a real poll would
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return records;
    }

    @Override
    public synchronized void addRecord(ConsumerRecord<String, byte[]> record) {
        super.addRecord(record);
        notifyAll();
    }

    @Override
    public synchronized void schedulePollTask(Runnable task) {
        super.schedulePollTask(task);
        notifyAll();
    }

    @Override
    public synchronized void wakeup() {
        super.wakeup();
        notifyAll();
    }
}
