package dev.batch.aggregator;

import dev.batch.aggregator.Retention.JobBlobCleaner;
import dev.batch.common.config.Durations;
import dev.batch.common.kafka.DeadLetters;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Trace;
import dev.batch.events.JobRemoval;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the blobs of the jobs the aggregator removed, off its stream thread, so a big job's
 * deletion holds no job's status. Reads {@code batch.job-removals} (committed records only: a
 * removal whose transaction aborted never happened), deletes each part's blobs through the
 * {@link JobBlobCleaner}, and then writes tombstones on {@code batch.processing-results} for the
 * cache entries it deleted: after the deletion, so no tombstone stands while its entry still
 * serves. Offsets are committed once a batch is done, so a crash deletes a part again (harmless). A
 * part that keeps failing is tried {@code retryDelays.size()} more times, then goes to {@code
 * batch.dead-letters} with its error, logged as an error: never dropped in silence. If its thread
 * dies, the aggregator reports itself not ready ({@link #running}).
 */
final class JobBlobRemover implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobBlobRemover.class);
    static final String SERVICE = "job-blob-remover";
    /** The waits before each retry of a part that failed. */
    static final List<Duration> RETRY_DELAYS =
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1));

    private final KafkaSettings kafka;
    private final Topics topics;
    private final JobBlobCleaner cleaner;
    private final List<Duration> retryDelays;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Thread thread;

    JobBlobRemover(KafkaSettings kafka, JobBlobCleaner cleaner, List<Duration> retryDelays) {
        this.kafka = kafka;
        this.topics = kafka.topics();
        this.cleaner = cleaner;
        this.retryDelays = List.copyOf(retryDelays);
    }

    void start() {
        Map<String, Object> settings = kafka.transactionalConsumer(topics.applicationId(SERVICE), SERVICE);
        // A few parts a poll: each may take a while, and retries wait, well within the poll interval.
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4);
        settings.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int)
                Duration.ofMinutes(15).toMillis());
        consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Thread t = new Thread(this::run, SERVICE);
        t.setDaemon(true);
        t.start();
        thread = t;
    }

    private void run() {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(kafka.producer(SERVICE), new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.subscribe(List.of(topics.jobRemovals.name()));
            while (stopping.getCount() > 0) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (!remove(r, producer)) return; // stopping: the part is read again after the restart
                }
                producer.flush();
                if (!records.isEmpty()) consumer.commitSync();
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException | Error e) {
            log.error("The remover of removed jobs' blobs stopped; the aggregator is not ready until a restart", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Whether it was started and its thread still runs: one that died leaves blobs waiting, so the aggregator is not ready. */
    boolean running() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Removes one part, retrying a while; false when stopping cut it short. */
    private boolean remove(ConsumerRecord<byte[], byte[]> r, KafkaProducer<byte[], byte[]> producer) {
        JobRemoval part;
        try {
            part = topics.jobRemovals.valueSerde().deserializer().deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            log.error("A record on {} at offset {} does not read as a job removal", r.topic(), r.offset(), e);
            producer.send(deadLetter(r, e));
            return true;
        }
        try (Trace.Scope mdc = Trace.mdc(part.getProjectId(), part.getJobId(), null, null)) {
            for (int attempt = 0; ; attempt++) {
                try {
                    removeBlobs(part, producer);
                    return true;
                } catch (IOException | RuntimeException e) {
                    if (attempt >= retryDelays.size()) {
                        log.error(
                                "Could not remove the blobs of part {} of job {} after {} attempts;"
                                        + " the part goes to the dead letters",
                                part.getPart(),
                                part.getJobId(),
                                attempt + 1,
                                e);
                        producer.send(deadLetter(r, e));
                        return true;
                    }
                    Duration wait = retryDelays.get(attempt);
                    log.warn(
                            "Could not remove the blobs of part {} of job {} ({}); trying again in {}",
                            part.getPart(),
                            part.getJobId(),
                            e.toString(),
                            Durations.format(wait));
                    if (stopped(wait)) return false;
                }
            }
        }
    }

    private void removeBlobs(JobRemoval part, KafkaProducer<byte[], byte[]> producer) throws IOException {
        List<String> cacheKeys = cleaner.deleteItems(part.getProjectId(), part.getJobId(), part.getItemIds());
        if (part.getLast()) cleaner.deleteJob(part.getProjectId(), part.getJobId());
        String topic = topics.processingResults.name();
        for (String key : cacheKeys) {
            producer.send(new ProducerRecord<>(
                    topic, topics.processingResults.keySerde().serializer().serialize(topic, key), null));
        }
        if (part.getLast()) log.info("Removed the blobs of job {} of project {}", part.getJobId(), part.getProjectId());
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> r, Throwable e) {
        return DeadLetters.of(topics, SERVICE, r.topic(), r.partition(), r.offset(), r.key(), r.value(), e);
    }

    /** Waits {@code d}; true when a stop came meanwhile. */
    private boolean stopped(Duration d) {
        try {
            return stopping.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public void close() {
        stopping.countDown();
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) c.wakeup();
        Thread t = thread;
        if (t == null) return;
        try {
            t.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
