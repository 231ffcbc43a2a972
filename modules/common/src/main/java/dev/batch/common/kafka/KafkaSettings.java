package dev.batch.common.kafka;

import dev.batch.common.config.Config;
import dev.batch.common.config.ConfigException;
import dev.batch.common.config.Setting;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Connection settings shared by every service, and the client configs built from them. */
public final class KafkaSettings {
    public static final Setting<Optional<String>> BOOTSTRAP = Setting.optional(
            "BATCH_KAFKA_BOOTSTRAP", "Kafka bootstrap servers. When unset, the all-in-one app starts its own broker.");
    public static final Setting<Integer> PARTITIONS = Setting.integer(
            "BATCH_PARTITIONS", 6, 1, 1000, "Partitions of every topic (job-keyed topics must share one count).");
    public static final Setting<Integer> REPLICATION = Setting.integer(
            "BATCH_REPLICATION_FACTOR", 1, 1, 7, "Replication factor of the topics this service creates.");
    public static final Setting<String> NAMESPACE = Setting.string(
            "BATCH_TOPIC_NAMESPACE",
            "",
            "Prefix for every topic and application id, to share a cluster between deployments.");
    public static final Setting<Duration> STATUS_COMMIT_INTERVAL = Setting.duration(
            "BATCH_STATUS_COMMIT_INTERVAL",
            Duration.ofMillis(100),
            "How often the aggregator and the webhook sink commit their exactly-once transactions while they have work. Status"
                    + " records, job events and webhooks reach their topics up to this much later (the status API reads the"
                    + " aggregator's store and sees each result at once). Longer means fewer broker requests for large jobs, but"
                    + " burstier commits that delay job creation under many small jobs.");
    public static final Setting<Optional<String>> PROPERTIES_FILE = Setting.optional(
            "BATCH_KAFKA_PROPERTIES_FILE",
            "A properties file of Kafka client settings for a secured cluster: security.protocol and any sasl.* or ssl.* setting"
                    + " (e.g. SASL_SSL with SCRAM, or mutual TLS). Every client of the service uses them: producers, consumers,"
                    + " Streams apps, the admin client. Only with BATCH_KAFKA_BOOTSTRAP (the embedded broker speaks plaintext on localhost).");
    public static final List<Setting<?>> ALL =
            List.of(BOOTSTRAP, PARTITIONS, REPLICATION, NAMESPACE, STATUS_COMMIT_INTERVAL, PROPERTIES_FILE);
    /** Client settings the properties file may hold: how to authenticate and encrypt, nothing that changes the guarantees. */
    private static final List<String> SECURITY_PREFIXES = List.of("security.", "sasl.", "ssl.");

    private final String bootstrap;
    private final Topics topics;
    private final short replication;
    private final Duration statusCommitInterval;
    private final Map<String, String> security;

    public KafkaSettings(String bootstrap, Topics topics, short replication) {
        this(bootstrap, topics, replication, STATUS_COMMIT_INTERVAL.defaultValue(), Map.of());
    }

    public KafkaSettings(
            String bootstrap,
            Topics topics,
            short replication,
            Duration statusCommitInterval,
            Map<String, String> security) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.replication = replication;
        this.statusCommitInterval = statusCommitInterval;
        this.security = Map.copyOf(security);
    }

    public static KafkaSettings from(Config config, String bootstrap) {
        return new KafkaSettings(
                bootstrap,
                Topics.create(config.get(NAMESPACE), config.get(PARTITIONS)),
                config.get(REPLICATION).shortValue(),
                config.get(STATUS_COMMIT_INTERVAL),
                security(config));
    }

    /** The client security settings of BATCH_KAFKA_PROPERTIES_FILE; fails naming the setting and the key it refuses. */
    static Map<String, String> security(Config config) {
        Optional<String> file = config.get(PROPERTIES_FILE);
        if (file.isEmpty()) return Map.of();
        if (config.get(BOOTSTRAP).isEmpty()) {
            throw new ConfigException(PROPERTIES_FILE.name() + ": applies to a cluster named by " + BOOTSTRAP.name()
                    + "; the embedded broker speaks plaintext on localhost");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(file.get()))) {
            p.load(r);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(PROPERTIES_FILE.name() + ": cannot read '" + file.get() + "': " + e.getMessage());
        }
        Map<String, String> out = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (SECURITY_PREFIXES.stream().noneMatch(key::startsWith)) {
                throw new ConfigException(
                        PROPERTIES_FILE.name() + ": '" + key + "' is not a security setting; only security.protocol,"
                                + " sasl.* and ssl.* are taken (the service sets the rest itself)");
            }
            out.put(key, p.getProperty(key).strip());
        }
        return out;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public Topics topics() {
        return topics;
    }

    public short replication() {
        return replication;
    }
    /** The commit interval of the Streams apps off the task path (aggregator, webhook sink). */
    public Duration statusCommitInterval() {
        return statusCommitInterval;
    }

    /** security.protocol, sasl.* and ssl.* of every client, from BATCH_KAFKA_PROPERTIES_FILE. */
    public Map<String, String> security() {
        return security;
    }

    public Map<String, Object> admin() {
        Map<String, Object> p = new HashMap<>(security);
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int)
                Duration.ofSeconds(30).toMillis());
        return p;
    }

    /** An idempotent producer that waits for all in-sync replicas. */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> p = admin();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
    }

    /** A transactional producer; one transactional id per running instance. */
    public Map<String, Object> transactionalProducer(String clientId, String transactionalId) {
        Map<String, Object> p = producer(clientId);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return p;
    }

    /** A consumer for read-process-write loops: reads only committed records, commits with the transaction. */
    public Map<String, Object> transactionalConsumer(String groupId, String clientId) {
        Map<String, Object> p = admin();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A crashed worker's partitions move after 10 s instead of the default 45 s.
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        return p;
    }
}
