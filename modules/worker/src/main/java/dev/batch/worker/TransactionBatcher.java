package dev.batch.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finished tasks of one lane waiting for their commit, and the transaction that commits them:
 * their output records and the offsets they consumed, together (read-process-write, exactly once).
 * The transaction is only open for the moment of the commit; finished tasks wait at most
 * {@code span} for company. A commit that fails for a reason worth retrying is aborted and the
 * lane rewound to its committed offsets, so its tasks come again; a fenced or unauthorised
 * producer is {@link #fatal fatal}: nothing is aborted or rewound, the worker stops.
 */
final class TransactionBatcher {
    private static final Logger log = LoggerFactory.getLogger(TransactionBatcher.class);

    private final String worker;
    private final Producer<byte[], byte[]> producer;
    private final Duration span;
    private final List<Finished> pending = new ArrayList<>();
    private TaskLane lane;
    private long pendingSince;

    /** A task that is done: what to write, and the offset it consumed. */
    private record Finished(TopicPartition partition, long offset, List<ProducerRecord<byte[], byte[]>> output) {}

    /** Over a producer whose transactions are initialised. */
    TransactionBatcher(String worker, Producer<byte[], byte[]> producer, Duration span) {
        this.worker = worker;
        this.producer = producer;
        this.span = span;
    }

    /** Whether an error means this producer can commit no more: another instance took its transactional id, or it may not write. */
    static boolean fatal(KafkaException e) {
        return e instanceof ProducerFencedException
                || e instanceof InvalidProducerEpochException
                || e instanceof AuthorizationException;
    }

    /** Adds a finished task of {@code from}; one batch holds one lane's tasks, since one transaction holds one group's offsets. */
    void add(TaskLane from, TopicPartition partition, long offset, List<ProducerRecord<byte[], byte[]>> output) {
        if (lane != null && lane != from)
            throw new IllegalStateException("the batch holds another lane's tasks; commit them first");
        if (pending.isEmpty()) pendingSince = System.nanoTime();
        lane = from;
        pending.add(new Finished(partition, offset, output));
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Whether the batch holds tasks of {@code l}. */
    boolean holds(TaskLane l) {
        return lane == l;
    }

    /** Whether the oldest finished task has waited its span. */
    boolean due() {
        return !pending.isEmpty() && System.nanoTime() - pendingSince >= span.toNanos();
    }

    /** Commits every finished task in one short transaction with the offsets it consumed; the batch is empty after, whatever happened. */
    void commit() {
        if (pending.isEmpty()) return;
        TaskLane from = lane;
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Finished f : pending) {
            offsets.merge(
                    f.partition(), new OffsetAndMetadata(f.offset() + 1), (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        try {
            producer.beginTransaction();
            for (Finished f : pending) f.output().forEach(producer::send);
            producer.sendOffsetsToTransaction(offsets, from.groupMetadata());
            producer.commitTransaction();
        } catch (KafkaException e) {
            if (!fatal(e)) {
                abortQuietly();
                from.rewind(offsets.keySet());
            }
            throw e;
        } finally {
            drop();
        }
    }

    /** Forgets the finished tasks without committing them: their partitions went to another worker, which processes them again. */
    void drop() {
        pending.clear();
        lane = null;
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            log.debug("{}: abort failed: {}", worker, e.toString());
        }
    }

    void close() {
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.debug("{}: producer close failed: {}", worker, e.toString());
        }
    }
}
