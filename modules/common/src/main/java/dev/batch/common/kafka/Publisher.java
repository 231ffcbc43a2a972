package dev.batch.common.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes single events with the topic's own serdes and waits for the broker's acknowledgement
 * (acks=all, idempotent): when {@link #publish} returns, the event is durable. Thread-safe; one per
 * process is enough.
 */
public final class Publisher implements AutoCloseable {
    private final Map<String, Object> props;
    private final Duration timeout;
    /** Made at {@link #start}, once the broker is up: a producer made earlier only logs its failed dials. */
    private volatile KafkaProducer<byte[], byte[]> producer;

    public Publisher(KafkaSettings kafka, String clientId, Duration timeout) {
        this.props = kafka.producer(clientId);
        // A request waits for its own event: lingering only adds to its latency. Concurrent requests
        // still share batches, formed while earlier sends are in flight.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.timeout = timeout;
    }

    /** Connects to the cluster; {@link #publish} needs it done. */
    public synchronized void start() {
        if (producer == null)
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public <K, V> RecordMetadata publish(TopicSpec<K, V> topic, K key, V value) throws PublishException {
        return publish(topic, key, value, null);
    }

    /** Publishes with record headers (a job's {@link Trace} headers, say); waits for the acknowledgement. */
    public <K, V> RecordMetadata publish(TopicSpec<K, V> topic, K key, V value, Headers headers)
            throws PublishException {
        if (producer == null) throw new IllegalStateException("the publisher is not started");
        try {
            return producer.send(topic.record(key, value, headers)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing to " + topic.name(), e);
        } catch (ExecutionException e) {
            throw new PublishException(
                    "Kafka refused the event for " + topic.name() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException(
                    "Kafka did not acknowledge the event for " + topic.name() + " within " + timeout, e);
        }
    }

    @Override
    public void close() {
        if (producer != null) producer.close(Duration.ofSeconds(10));
    }

    /** The event may not have been stored; the caller answers 503 and the client may retry. */
    public static final class PublishException extends Exception {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
