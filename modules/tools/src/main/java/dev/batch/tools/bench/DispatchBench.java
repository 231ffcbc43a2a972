package dev.batch.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.app.BatchSystem;
import dev.batch.client.ApiPaths;
import dev.batch.client.BatchApiClient;
import dev.batch.common.config.Config;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.testkit.DirectoryFiller;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Directory-mode dispatch at scale ({@code scripts/bench-dispatch}): fills directories of growing
 * size straight into the catalog topics, runs one job over each with no workers, and prints the
 * time from create to {@code dispatched} and the heap in use after a full GC, before and after.
 * Flat memory shows as the same heap figure whatever the directory's size.
 */
public final class DispatchBench {
    private DispatchBench() {}

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0
                ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {1_000, 10_000, 100_000};
        Path data = BenchSystem.scratch("bench-dispatch-");
        String key = "llx-bench";
        try (BatchSystem system = BenchSystem.start(data, key, "BATCH_PARSE_WORKERS", "0")) {
            BatchApiClient api = new BatchApiClient("http://localhost:" + system.httpPort(), key);
            KafkaSettings kafka = KafkaSettings.from(Config.of(Map.of()), system.bootstrap());
            System.out.printf(
                    "%-10s %-12s %-14s %-16s %-16s%n",
                    "entries", "dispatch_ms", "entries/s", "heap_before_MB", "heap_after_MB");
            for (int n : sizes) {
                String dir = "dir-bench-" + n;
                DirectoryFiller.fill(kafka, system.projectId(), dir, "file-bench", n);
                long heapBefore = heapAfterGc();
                long t0 = System.nanoTime();
                String job = api.createJob("{\"job_config\": {}, \"directory_id\": \"" + dir
                        + "\", \"page_size\": 1000, \"continue_as_new_threshold\": 5000}");
                while (true) {
                    JsonNode status = api.get(ApiPaths.path(ApiPaths.JOB, job)).path("job");
                    if (status.path("status").asText().equals("dispatched")) break;
                    if (status.path("status").asText().equals("failed"))
                        throw new IllegalStateException(status.toString());
                    Thread.sleep(50); // the benchmark polls like a client; the figure includes at most this interval
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf(
                        "%-10d %-12d %-14d %-16d %-16d%n",
                        n, ms, n * 1000L / Math.max(1, ms), heapBefore, heapAfterGc());
            }
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
    }
}
