package dev.batch.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM, from
 * the Maven Central jars; no Docker. The data directory is formatted on first start and reused
 * after. Replication factor and min ISR are 1 for the internal topics, or transactions (and so
 * exactly-once Streams) never start on one node.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaRaftServer server;
    private final String bootstrap;
    private volatile boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrap) {
        this.server = server;
        this.bootstrap = bootstrap;
    }

    /**
     * Starts a broker on {@code port} (0 picks a free one) with its controller on {@code controllerPort}
     * (0 likewise). A reused data directory needs the same ports as when it was formatted.
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port, int controllerPort) throws IOException {
        int p = port == 0 ? freePort() : port;
        int c = controllerPort == 0 ? freePort() : controllerPort;
        Path logDir = dataDir.toAbsolutePath().resolve("log");
        return start(dataDir, properties(logDir, p, c), p, null);
    }

    /**
     * A single node with {@code overrides} over its defaults: another listener (SASL, TLS), an
     * authorizer. {@link #bootstrapServers()} stays the plaintext listener.
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port, int controllerPort, Map<String, String> overrides)
            throws IOException {
        Path logDir = dataDir.toAbsolutePath().resolve("log");
        Properties props = properties(logDir, port, controllerPort);
        props.putAll(overrides);
        return start(dataDir, props, port, null);
    }

    /**
     * One node of a cluster on this machine (each node broker and controller): {@code voters} is
     * {@code 1@localhost:9093,2@localhost:9095,…}, the same on every node, and so is {@code clusterId}.
     * The internal topics get three replicas and need two in sync, like the cluster's own topics.
     */
    public static EmbeddedKafkaBroker startClusterNode(
            Path dataDir, int nodeId, int port, int controllerPort, String voters, String clusterId)
            throws IOException {
        Path logDir = dataDir.toAbsolutePath().resolve("log");
        Properties props = properties(logDir, port, controllerPort);
        props.put("node.id", Integer.toString(nodeId));
        props.remove("controller.quorum.bootstrap.servers");
        props.put("controller.quorum.voters", voters);
        for (String k : List.of(
                "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor",
                "share.coordinator.state.topic.replication.factor",
                "default.replication.factor")) {
            props.put(k, "3");
        }
        for (String k : List.of(
                "transaction.state.log.min.isr", "share.coordinator.state.topic.min.isr", "min.insync.replicas")) {
            props.put(k, "2");
        }
        return start(dataDir, props, port, clusterId);
    }

    private static EmbeddedKafkaBroker start(Path dataDir, Properties props, int p, String clusterId)
            throws IOException {
        Path logDir = Path.of(props.getProperty("log.dirs"));
        Files.createDirectories(logDir);
        Path file = dataDir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            props.store(w, "written by EmbeddedKafkaBroker; edits are overwritten");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(file, clusterId);
        }
        long t0 = System.nanoTime();
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        String bootstrap = "localhost:" + p;
        log.info(
                "Kafka broker ready at {} (data {}) in {} ms", bootstrap, logDir, (System.nanoTime() - t0) / 1_000_000);
        return new EmbeddedKafkaBroker(server, bootstrap);
    }

    static Properties properties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        // Tests and the embedded default create and drop many small topics; keep segments small.
        p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return p;
    }

    /** A single node formats itself as a standalone controller; a cluster's nodes share the static voter list. */
    private static void format(Path serverProperties, String clusterId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = clusterId == null
                ? new String[] {
                    "format", "-t", Uuid.randomUuid().toString(), "-c", serverProperties.toString(), "--standalone"
                }
                : new String[] {"format", "-t", clusterId, "-c", serverProperties.toString()};
        int code = StorageTool.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException("formatting the Kafka data directory failed (" + code + "): "
                    + out.toString(StandardCharsets.UTF_8));
        }
    }

    /** A port free right now (for port 0 settings, chosen before the broker starts). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka broker at {} stopped", bootstrap);
    }
}
