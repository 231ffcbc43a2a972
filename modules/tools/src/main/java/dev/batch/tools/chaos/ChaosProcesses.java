package dev.batch.tools.chaos;

import dev.batch.app.Main;
import dev.batch.broker.EmbeddedKafkaBroker;
import dev.batch.broker.StandaloneBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.Uuid;

/**
 * The system as processes on this machine, started from one class path: broker processes (one, or
 * a three-node cluster) and the API, splitter and worker processes ({@code BATCH_ROLES}), each with
 * its log under {@code root/logs}; any of them killed and started again by name.
 */
final class ChaosProcesses {
    private final Path root;
    private final String classpath;
    private final String apiKey;
    private final Map<String, ChildProcess> procs = new LinkedHashMap<>();
    private String bootstrap;
    private String namespace;
    private int kills;

    ChaosProcesses(Path root, String classpath, String apiKey) {
        this.root = root;
        this.classpath = classpath;
        this.apiKey = apiKey;
    }

    /** The topic namespace of the services started last. */
    String namespace() {
        return namespace;
    }

    /** How many processes were killed so far. */
    int kills() {
        return kills;
    }

    private List<String> java(String heap, String main, String... args) {
        return ChildProcess.java(classpath, heap, main, args);
    }

    private ChildProcess child(String name, List<String> command, Map<String, String> env, String readyLine) {
        return new ChildProcess(root.resolve("logs"), name, command, env, readyLine);
    }

    /** One broker process. */
    void startSingleBroker() throws Exception {
        int port = EmbeddedKafkaBroker.freePort();
        bootstrap = "localhost:" + port;
        ChildProcess broker = child(
                "broker-1",
                java(
                        "-Xmx512m",
                        StandaloneBroker.class.getName(),
                        root.resolve("broker-1").toString(),
                        Integer.toString(port),
                        Integer.toString(EmbeddedKafkaBroker.freePort())),
                Map.of(),
                "Kafka Server started");
        procs.put(broker.name, broker);
        broker.start();
    }

    /** Three broker processes, one KRaft quorum. */
    void startCluster() throws Exception {
        int[] ports = new int[3];
        int[] controllers = new int[3];
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            ports[i] = EmbeddedKafkaBroker.freePort();
            controllers[i] = EmbeddedKafkaBroker.freePort();
            voters.append(i == 0 ? "" : ",").append(i + 1).append("@localhost:").append(controllers[i]);
        }
        String clusterId = Uuid.randomUuid().toString();
        bootstrap = "localhost:" + ports[0] + ",localhost:" + ports[1] + ",localhost:" + ports[2];
        List<Thread> starting = new ArrayList<>();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            ChildProcess b = child(
                    "broker-" + (i + 1),
                    java(
                            "-Xmx384m",
                            StandaloneBroker.class.getName(),
                            root.resolve("cluster-" + (i + 1)).toString(),
                            Integer.toString(ports[i]),
                            Integer.toString(controllers[i]),
                            Integer.toString(i + 1),
                            voters.toString(),
                            clusterId),
                    Map.of(),
                    "Kafka Server started");
            procs.put(b.name, b);
            // The nodes wait for each other's quorum, so they start side by side.
            Thread t = new Thread(() -> {
                try {
                    b.start();
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            t.start();
            starting.add(t);
        }
        for (Thread t : starting) t.join();
        if (!failures.isEmpty()) throw failures.get(0);
    }

    /** The API, splitter and two worker processes on the brokers, under a new namespace; the API's port. */
    int startServices() throws Exception {
        namespace = "chaos" + UUID.randomUUID().toString().substring(0, 8) + ".";
        int httpPort = EmbeddedKafkaBroker.freePort();
        boolean cluster = bootstrap.contains(",");
        Map<String, String> common = new HashMap<>(Map.of(
                "BATCH_KAFKA_BOOTSTRAP",
                bootstrap,
                "BATCH_TOPIC_NAMESPACE",
                namespace,
                "BATCH_BLOB_DIR",
                root.resolve("blobs").toString(),
                "BATCH_API_KEY",
                apiKey,
                "BATCH_PARTITIONS",
                "6",
                "BATCH_REPLICATION_FACTOR",
                cluster ? "3" : "1"));
        String services = cluster ? "cluster-" : "";
        service(
                "api",
                "api",
                common,
                Map.of(
                        "BATCH_HTTP_PORT",
                        Integer.toString(httpPort),
                        "BATCH_DATA_DIR",
                        root.resolve(services + "api").toString()),
                "Batch processing API ready");
        service(
                "splitter",
                "splitter",
                common,
                Map.of("BATCH_DATA_DIR", root.resolve(services + "splitter").toString()),
                "services ready");
        for (String w : List.of("worker-1", "worker-2")) {
            // In-process parsing: a kill takes the whole worker down at once, mid-item.
            service(
                    w,
                    "worker",
                    common,
                    Map.of(
                            "BATCH_DATA_DIR",
                            root.resolve(services + w).toString(),
                            "BATCH_PARSE_WORKERS",
                            "2",
                            "BATCH_CLASSIFY_WORKERS",
                            "0",
                            "BATCH_EXTRACT_WORKERS",
                            "0",
                            "BATCH_PARSE_ISOLATION",
                            "false"),
                    "services ready");
        }
        return httpPort;
    }

    private void service(String name, String role, Map<String, String> common, Map<String, String> own, String ready)
            throws Exception {
        Map<String, String> env = new HashMap<>(common);
        env.putAll(own);
        env.put("BATCH_ROLES", role);
        ChildProcess p = child(name, java("-Xmx768m", Main.class.getName()), env, ready);
        procs.put(name, p);
        p.start();
    }

    /** Kills a process (SIGTERM when {@code gracefully}, else SIGKILL) and starts it again. */
    void killAndRestart(String name, boolean gracefully) throws Exception {
        ChildProcess p = procs.get(name);
        Chaos.log("  " + (gracefully ? "SIGTERM" : "SIGKILL") + " " + name + " (" + p.pid() + ")");
        p.kill(gracefully);
        kills++;
        p.start();
    }

    /** Kills a process for good. */
    void kill(String name) throws InterruptedException {
        ChildProcess p = procs.get(name);
        Chaos.log("  SIGKILL " + name + " (" + p.pid() + "), not restarted");
        p.kill(false);
        kills++;
    }

    /** Stops every process, the last started first. */
    void stopAll() {
        List<ChildProcess> all = new ArrayList<>(procs.values());
        Collections.reverse(all);
        all.forEach(ChildProcess::stop);
        procs.clear();
    }
}
