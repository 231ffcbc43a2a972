package dev.batch.worker;

import dev.batch.common.kafka.KafkaSettings;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Where a worker's Kafka clients come from: the cluster of {@link KafkaSettings}, or mocks in tests. */
interface WorkerClients {
    /** A read-committed consumer in {@code group} that commits only through transactions. */
    Consumer<String, byte[]> consumer(String group, String clientId);

    Producer<byte[], byte[]> transactionalProducer(String clientId, String transactionalId);

    Producer<byte[], byte[]> producer(String clientId);

    static WorkerClients of(KafkaSettings kafka) {
        return new WorkerClients() {
            @Override
            public Consumer<String, byte[]> consumer(String group, String clientId) {
                Map<String, Object> cc = kafka.transactionalConsumer(group, clientId);
                // Few records per poll: each is a whole document, and what is fetched but not started could
                // have gone to an idle worker.
                cc.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4);
                return new KafkaConsumer<>(cc, new StringDeserializer(), new ByteArrayDeserializer());
            }

            @Override
            public Producer<byte[], byte[]> transactionalProducer(String clientId, String transactionalId) {
                return new KafkaProducer<>(
                        kafka.transactionalProducer(clientId, transactionalId),
                        new ByteArraySerializer(),
                        new ByteArraySerializer());
            }

            @Override
            public Producer<byte[], byte[]> producer(String clientId) {
                return new KafkaProducer<>(
                        kafka.producer(clientId), new ByteArraySerializer(), new ByteArraySerializer());
            }
        };
    }
}
