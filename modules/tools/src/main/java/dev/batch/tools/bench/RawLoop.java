package dev.batch.tools.bench;

import dev.batch.common.kafka.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The engine's own limit for {@code bench-orchestration}: the same number of records through one raw
 * transactional consume→produce loop over the same broker (read committed, each poll's records sent
 * and the offsets committed in one transaction, as the services' loops do), with nothing else done to
 * them. Records of {@value #RECORD_BYTES} bytes, about an item task's size. The records are written
 * first, untimed; the time is the loop's, from its first poll to the last record's commit.
 */
final class RawLoop {
    static final int RECORD_BYTES = 300;

    private RawLoop() {}

    /** Records per second through the loop. */
    static double itemsPerSecond(KafkaSettings kafka, int n, int partitions) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String in = "bench-raw-in-" + run;
        String out = "bench-raw-out-" + run;
        try (Admin admin = Admin.create(kafka.admin())) {
            admin.createTopics(
                            List.of(new NewTopic(in, partitions, (short) 1), new NewTopic(out, partitions, (short) 1)))
                    .all()
                    .get();
        }
        byte[] value = new byte[RECORD_BYTES];
        // The fill is not measured: a plain producer, one request in flight, so a retry after a slow answer
        // cannot meet the broker's sequence checks of an idempotent one.
        Map<String, Object> fill = kafka.producer("bench-raw-fill");
        fill.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        fill.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        fill.put(ProducerConfig.ACKS_CONFIG, "1");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(fill, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) producer.send(new ProducerRecord<>(in, ("item-" + i).getBytes(), value));
            producer.flush();
        }
        Map<String, Object> c = kafka.transactionalConsumer("bench-raw-" + run, "bench-raw-loop");
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        kafka.transactionalProducer("bench-raw-loop", "bench-raw-" + run),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.initTransactions();
            consumer.subscribe(List.of(in));
            long copied = 0;
            long t0 = 0;
            while (copied < n) { // a retried fill may have written a record twice: n copied is the end
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) continue;
                if (t0 == 0) t0 = System.nanoTime();
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    producer.send(new ProducerRecord<>(out, r.key(), r.value()));
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
                copied += records.count();
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            try (Admin admin = Admin.create(kafka.admin())) {
                admin.deleteTopics(List.of(in, out)).all().get();
            }
        }
    }
}
