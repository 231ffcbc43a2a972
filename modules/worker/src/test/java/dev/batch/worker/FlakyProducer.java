package dev.batch.worker;

import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Kafka's {@link MockProducer} that fails a step of its next transactions as a broker would. */
final class FlakyProducer extends MockProducer<byte[], byte[]> {
    /** Where a transaction fails. */
    enum Step {
        SEND,
        SEND_OFFSETS,
        COMMIT
    }

    private volatile Step step;
    private volatile RuntimeException error;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    FlakyProducer() {
        super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Fails {@code step} of the next {@code times} transactions with {@code e}. */
    FlakyProducer failing(Step at, RuntimeException e, int times) {
        step = at;
        error = e;
        failuresLeft.set(times);
        return this;
    }

    /** How many transactions failed so far. */
    int failures() {
        return failed.get();
    }

    private void maybeFail(Step now) {
        if (now == step && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            failed.incrementAndGet();
            throw error;
        }
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        if (transactionInFlight()) maybeFail(Step.SEND);
        return super.send(record, callback);
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        maybeFail(Step.SEND_OFFSETS);
        super.sendOffsetsToTransaction(offsets, group);
    }

    @Override
    public void commitTransaction() {
        maybeFail(Step.COMMIT);
        super.commitTransaction();
    }
}
