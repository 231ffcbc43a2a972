package dev.batch.common.kafka;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds records for {@code batch.dead-letters}: the original key and bytes untouched, what went
 * wrong and where the record came from in headers. Header names follow Kafka Streams' own
 * dead-letter queue (KIP-1034) so one tool reads both.
 */
public final class DeadLetters {
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";
    public static final String SERVICE = "batch.errors.service";
    public static final String FAILED_AT = "batch.errors.failed_at";

    private DeadLetters() {}

    public static ProducerRecord<byte[], byte[]> of(
            Topics topics,
            String service,
            String topic,
            int partition,
            long offset,
            byte[] key,
            byte[] value,
            Throwable error) {
        RecordHeaders h = new RecordHeaders();
        h.add(EXCEPTION, utf8(error.getClass().getName()));
        h.add(MESSAGE, utf8(String.valueOf(error.getMessage())));
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        h.add(STACKTRACE, utf8(trace.toString()));
        h.add(TOPIC, utf8(topic));
        h.add(PARTITION, utf8(Integer.toString(partition)));
        h.add(OFFSET, utf8(Long.toString(offset)));
        h.add(SERVICE, utf8(service));
        h.add(FAILED_AT, utf8(Instant.now().toString()));
        return topics.deadLetters.record(key, value, h);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
