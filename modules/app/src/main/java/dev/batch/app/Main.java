package dev.batch.app;

import dev.batch.common.config.Config;
import dev.batch.common.config.ConfigException;

/** Starts the whole system on the embedded default: {@code ./scripts/run}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("Settings (environment variables, or keys in BATCH_CONFIG_FILE):\n"
                    + Config.describe(AppSettings.all()));
            return;
        }
        long t0 = System.nanoTime();
        BatchSystem system;
        try {
            system = BatchSystem.start(Config.fromEnvironment());
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        system.runner().withShutdownHook("batch-shutdown");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (system.httpPort() < 0) {
            System.out.printf(
                    "%nBatch processing services ready in %d ms (Kafka at %s); no HTTP API in this process.%n",
                    ms, system.bootstrap());
            system.runner().awaitStopped();
            return;
        }
        String base = "http://localhost:" + system.httpPort();
        System.out.printf(
                """

                Batch processing API ready at %s in %d ms (Kafka at %s).
                  project: %s
                  API key: %s

                Try it:
                  export BATCH_API_KEY=%s
                  curl -s -H "Authorization: Bearer $BATCH_API_KEY" -F file=@README.md %s/api/v1/beta/files

                """, base, ms, system.bootstrap(), system.projectId(), system.apiKey(), system.apiKey(), base);
        system.runner().awaitStopped();
    }
}
