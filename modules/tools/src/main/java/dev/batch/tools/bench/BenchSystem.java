package dev.batch.tools.bench;

import dev.batch.app.BatchSystem;
import dev.batch.common.FileTrees;
import dev.batch.common.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The embedded system a benchmark measures, and the scratch space it writes to. */
final class BenchSystem {
    private BenchSystem() {}

    /**
     * A new temporary directory that is deleted with everything in it when this JVM exits (normally
     * or on SIGTERM): a benchmark writes gigabytes of broker logs and blobs per run.
     */
    static Path scratch(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                FileTrees.delete(dir);
                            } catch (IOException e) {
                                System.err.println("could not delete " + dir + ": " + e);
                            }
                        },
                        "delete-" + prefix));
        return dir;
    }

    /**
     * The embedded system for a benchmark: its data in {@code data}, free ports, the API key {@code key},
     * and {@code extra} settings as name, value pairs.
     */
    static BatchSystem start(Path data, String key, String... extra) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "BATCH_DATA_DIR",
                data.toString(),
                "BATCH_HTTP_PORT",
                "0",
                "BATCH_API_KEY",
                key,
                "BATCH_KAFKA_PORT",
                "0",
                "BATCH_KAFKA_CONTROLLER_PORT",
                "0"));
        // A benchmark drives one key far harder than a user would (bench-latency: 500 requests a second): no rate
        // limit.
        settings.put("BATCH_RATE_LIMIT_PER_SECOND", "0");
        for (int i = 0; i + 1 < extra.length; i += 2) settings.put(extra[i], extra[i + 1]);
        // Experiments: BATCH_* settings from the environment win (BATCH_PARSE_WORKERS=4 scripts/bench-parse), except
        // the ones the benchmark itself depends on.
        Set<String> fixed = Set.of(
                "BATCH_DATA_DIR",
                "BATCH_HTTP_PORT",
                "BATCH_API_KEY",
                "BATCH_KAFKA_PORT",
                "BATCH_KAFKA_CONTROLLER_PORT",
                "BATCH_KAFKA_BOOTSTRAP",
                "BATCH_JAVA_OPTS");
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("BATCH_") && !fixed.contains(k)) settings.put(k, v);
        });
        return BatchSystem.start(Config.of(settings));
    }
}
