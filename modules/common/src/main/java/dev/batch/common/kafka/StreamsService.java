package dev.batch.common.kafka;

import dev.batch.common.lifecycle.Service;
import dev.batch.common.query.NotAvailableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams application as a {@link Service}: start returns when it is RUNNING, a
 * stream thread that dies of an unexpected error is replaced (bounded by Streams itself), and stop
 * closes within a bound.
 */
public class StreamsService implements Service {
    private static final Logger log = LoggerFactory.getLogger(StreamsService.class);

    private final String name;
    private final Topology topology;
    private final Properties props;
    private final Duration startTimeout;
    private final AtomicReference<KafkaStreams> streams = new AtomicReference<>();

    public StreamsService(String name, Topology topology, Properties props, Duration startTimeout) {
        this.name = name;
        this.topology = topology;
        this.props = props;
        this.startTimeout = startTimeout;
    }

    /** Settings every Streams app here shares: exactly-once v2, read committed, quick commits. */
    public static Properties baseProps(KafkaSettings kafka, String applicationId, Path stateDir) {
        // Quick commits: a read-committed reader sees this app's output only after a commit (the
        // splitter's tasks wait for it).
        return baseProps(kafka, applicationId, stateDir, Duration.ofMillis(100));
    }

    /**
     * The same with another commit interval: apps whose output is off the task path (aggregator,
     * webhook sink) take {@link KafkaSettings#statusCommitInterval()}.
     */
    public static Properties baseProps(
            KafkaSettings kafka, String applicationId, Path stateDir, Duration commitInterval) {
        Properties p = new Properties();
        p.putAll(kafka.security()); // every client of the app: its consumers, producers, admin and restore consumers
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replication());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) commitInterval.toMillis());
        p.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        // A crashed instance's partitions move after 10 s instead of the default 45 s.
        p.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
        p.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 2_000);
        // An undecodable record, or one our processor cannot handle, goes to the dead-letter topic
        // with its original bytes (KIP-1034) and processing goes on: one bad event never stops a job.
        p.put(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                kafka.topics().deadLetters.name());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // The partition assignor builds its own Streams config from the main consumer's settings:
        // without the flag there too, it warns that the handler is off for the global thread.
        p.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        return p;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() throws Exception {
        KafkaStreams ks = new KafkaStreams(topology, props);
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<Throwable> fatal = new AtomicReference<>();
        ks.setStateListener((now, before) -> {
            log.info("{}: {} -> {}", name, before, now);
            if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR) running.countDown();
        });
        ks.setUncaughtExceptionHandler(e -> {
            // Outcomes are data, so an exception here is an infrastructure fault: log it and let
            // Streams replace the thread; it gives up (ERROR) if the fault persists past its own bounds.
            log.error("{}: stream thread failed; replacing it", name, e);
            fatal.set(e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        beforeStart(ks);
        streams.set(ks);
        ks.start();
        if (!running.await(startTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(
                    name + " did not reach RUNNING within " + startTimeout + " (state " + ks.state() + ")");
        }
        if (ks.state() == KafkaStreams.State.ERROR) {
            throw new IllegalStateException(name + " failed to start", fatal.get());
        }
    }

    /** The nodes and stores this application runs, without starting it. */
    public TopologyDescription describe() {
        return topology.describe();
    }

    /** A hook for listeners that must be set before the instance starts. */
    protected void beforeStart(KafkaStreams streams) {}

    /** The running instance, for interactive queries. */
    public KafkaStreams streams() {
        KafkaStreams ks = streams.get();
        if (ks == null) throw new IllegalStateException(name + " is not started");
        return ks;
    }

    /**
     * This instance's part of a key-value store, for interactive queries; {@link NotAvailableException}
     * while the instance is rebalancing, restoring or not running.
     */
    public <K, V> ReadOnlyKeyValueStore<K, V> store(StoreSpec<K, V> store) {
        try {
            return streams()
                    .store(StoreQueryParameters.fromNameAndType(
                            store.name(), QueryableStoreTypes.<K, V>keyValueStore()));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new NotAvailableException(
                    "the " + name + " store " + store.name() + " is not available right now: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean ready() {
        KafkaStreams ks = streams.get();
        return ks != null && ks.state() == KafkaStreams.State.RUNNING;
    }

    @Override
    public void stop() {
        KafkaStreams ks = streams.getAndSet(null);
        if (ks != null) {
            // Leave the group on a clean stop, so a restart does not wait out the old member's session.
            ks.close(CloseOptions.timeout(Duration.ofSeconds(20))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
    }
}
