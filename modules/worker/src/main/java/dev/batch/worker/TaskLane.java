package dev.batch.worker;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task topic and the consumer (in a group of its own) that reads it: the normal lane or the
 * urgent one. Before its partitions move away it commits what the batch holds from them, so the
 * next owner starts after what this worker finished; it remembers which partitions moved, so the
 * results of their tasks still running are dropped rather than committed twice.
 */
final class TaskLane implements ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(TaskLane.class);

    private final String worker;
    private final Consumer<String, byte[]> consumer;
    private final TransactionBatcher batch;
    /** Partitions whose position moved (revoked, lost) since {@link #forgetMoves()}: their in-flight results are dropped. */
    private final Set<TopicPartition> moved = new HashSet<>();

    TaskLane(String worker, Consumer<String, byte[]> consumer, TransactionBatcher batch) {
        this.worker = worker;
        this.consumer = consumer;
        this.batch = batch;
    }

    void subscribe(String topic) {
        consumer.subscribe(List.of(topic), this);
    }

    /** Takes records from every partition, resuming those a previous {@link #hold()} paused. */
    ConsumerRecords<String, byte[]> poll(Duration timeout) {
        consumer.resume(consumer.paused());
        return consumer.poll(timeout);
    }

    /** Stays in the group without taking records: every partition paused, and left paused until the next {@link #poll}. */
    void hold() {
        consumer.pause(consumer.assignment());
        ConsumerRecords<String, byte[]> unexpected = consumer.poll(Duration.ZERO);
        // A partition assigned during this very poll was not paused yet: put what it returned back.
        for (TopicPartition tp : unexpected.partitions())
            consumer.seek(tp, unexpected.records(tp).get(0).offset());
    }

    /** Stays in the group (and lets rebalances run) while an item runs; partitions paused before stay paused. */
    void keepAlive() {
        Set<TopicPartition> pausedBefore = new HashSet<>(consumer.paused());
        hold();
        Set<TopicPartition> resume = new HashSet<>(consumer.assignment());
        resume.removeAll(pausedBefore);
        consumer.resume(resume);
    }

    /** After an aborted transaction, go back to the last committed offsets so nothing is skipped. */
    void rewind(Set<TopicPartition> partitions) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
            for (TopicPartition tp : partitions) {
                if (!consumer.assignment().contains(tp)) continue;
                OffsetAndMetadata o = committed.get(tp);
                if (o != null) consumer.seek(tp, o.offset());
                else consumer.seekToBeginning(List.of(tp));
            }
        } catch (KafkaException e) {
            log.warn("{}: could not rewind {}; the next rebalance will: {}", worker, partitions, e.toString());
        }
    }

    boolean moved(TopicPartition tp) {
        return moved.contains(tp);
    }

    void forgetMoves() {
        moved.clear();
    }

    ConsumerGroupMetadata groupMetadata() {
        return consumer.groupMetadata();
    }

    /** Makes a poll under way (or the next one) throw {@link org.apache.kafka.common.errors.WakeupException}. */
    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (batch.holds(this)) {
            try {
                batch.commit();
            } catch (KafkaException e) {
                log.warn(
                        "{}: commit before a rebalance failed; the next owner processes those tasks again: {}",
                        worker,
                        e.toString());
            }
        }
        moved.addAll(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        if (batch.holds(this)) batch.drop(); // not ours to commit any more; the next owner processes them again
        moved.addAll(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

    void close() {
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            log.debug("{}: consumer close failed: {}", worker, e.toString());
        }
    }
}
