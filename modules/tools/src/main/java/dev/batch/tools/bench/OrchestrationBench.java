package dev.batch.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.app.BatchSystem;
import dev.batch.client.ApiPaths;
import dev.batch.client.BatchApiClient;
import dev.batch.common.config.Config;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.testkit.DirectoryFiller;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code scripts/bench-orchestration [N]}: a directory of N entries (100,000) of a tiny text file,
 * written straight to the catalog topics, as one job through the embedded system with its default
 * workers (each item really parsed: {@code do_not_cache}). Prints the time from submit to
 * {@code dispatched} and to {@code completed}, items per second, and the peaks sampled every 100 ms
 * (heap of the system's JVM, where every service runs, its RSS, and the parser JVMs' RSS), and at every
 * tenth of the job the heap after a full GC and the parser JVMs' RSS, which must stay flat. Last
 * line: {@code items=… dispatched_s=… completed_s=… items_per_s=… heap_peak_mb=… rss_peak_mb=…
 * raw_items_per_s=… ratio_raw=…}: the job's items per second against the engine's own limit, N records
 * through a raw transactional consume→produce loop over the same broker ({@link RawLoop}). The run
 * fails unless every item completed.
 */
public final class OrchestrationBench {
    private OrchestrationBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path data = BenchSystem.scratch("bench-orchestration-");
        String key = "llx-bench";
        MemoryPeaks peaks = new MemoryPeaks();
        String figures;
        try (BatchSystem system = BenchSystem.start(data, key)) {
            BatchApiClient api = new BatchApiClient("http://localhost:" + system.httpPort(), key);
            String file = api.uploadFile(
                    "tiny.txt", "A tiny text file, parsed many times over.\n".getBytes(StandardCharsets.UTF_8));
            String dir = "dir-orchestration-" + n;
            fillDirectory(system, api, dir, file, n);
            peaks.start();
            double cpu0 = Machine.cpuSeconds(ProcessHandle.current());
            double children0 = childrenCpuSeconds();
            long t0 = System.nanoTime();
            String job = api.createJob("{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, "
                    + "\"directory_id\": \"" + dir + "\", \"page_size\": 1000}");
            Watched watched = watch(api, job, n, t0);
            JsonNode status = watched.status();
            double dispatched = watched.dispatched();
            double completed = (System.nanoTime() - t0) / 1e9;
            peaks.stop();
            // Where the cores went: the system's JVM (broker, services, HTTP) versus the parser JVMs.
            System.out.printf(
                    "cpu: system JVM %.1f s, parser JVMs %.1f s, of %.1f s available%n",
                    Machine.cpuSeconds(ProcessHandle.current()) - cpu0,
                    childrenCpuSeconds() - children0,
                    completed * Runtime.getRuntime().availableProcessors());
            System.out.printf(
                    "%,d items: dispatched after %.1f s, %s after %.1f s (processed %d, failed %d, skipped %d); %s%n",
                    n,
                    dispatched,
                    status.get("status").asText(),
                    completed,
                    status.get("processed_items").asLong(),
                    status.get("failed_items").asLong(),
                    status.get("skipped_items").asLong(),
                    Machine.describe());
            figures = String.format(
                    "items=%d dispatched_s=%.1f completed_s=%.1f items_per_s=%.0f heap_peak_mb=%d rss_peak_mb=%d parser_rss_peak_mb=%d",
                    n,
                    dispatched,
                    completed,
                    n / completed,
                    peaks.heap() >> 20,
                    peaks.rss() >> 20,
                    peaks.childRss() >> 20);
            Outcomes.requireAllCompleted(api, job);
            KafkaSettings kafka = KafkaSettings.from(Config.of(Map.of()), system.bootstrap());
            double raw = RawLoop.itemsPerSecond(kafka, n, Config.of(Map.of()).get(KafkaSettings.PARTITIONS));
            System.out.printf(
                    "raw transactional consume->produce loop over the same broker: %.0f records/s; the job %.0f items/s"
                            + " = %.2f of it (target 0.5)%n",
                    raw, n / completed, n / completed / raw);
            figures += String.format(" raw_items_per_s=%.0f ratio_raw=%.2f", raw, n / completed / raw);
        }
        System.out.println(figures); // last, after the shutdown's log lines
    }

    /** A directory {@code dir} of {@code n} entries, all {@code file}, written straight to its topic; returns once the API knows it. */
    private static void fillDirectory(BatchSystem system, BatchApiClient api, String dir, String file, int n)
            throws Exception {
        long f0 = System.nanoTime();
        DirectoryFiller.fill(
                KafkaSettings.from(Config.of(Map.of()), system.bootstrap()), system.projectId(), dir, file, n);
        while (!api.get(ApiPaths.path(ApiPaths.DIRECTORY, dir)).path("id").isTextual())
            Thread.sleep(50); // polls the API until the catalog has read the directory, before the timed job
        System.out.printf("filled a directory of %,d entries in %.1f s%n", n, (System.nanoTime() - f0) / 1e9);
    }

    /** The job's last status and when it was first seen dispatched (seconds after {@code t0}). */
    private record Watched(JsonNode status, double dispatched) {}

    /** Polls the job like a client until it ends, taking the memory figures at each tenth. */
    private static Watched watch(BatchApiClient api, String job, int n, long t0) throws InterruptedException {
        double dispatched = -1;
        int tenths = 0;
        while (true) {
            JsonNode status = api.get(ApiPaths.path(ApiPaths.JOB, job)).path("job");
            String s = status.path("status").asText();
            double at = (System.nanoTime() - t0) / 1e9;
            if (dispatched < 0 && (s.equals("dispatched") || s.equals("completed") || s.equals("failed")))
                dispatched = at;
            if (s.equals("completed") || s.equals("failed") || s.equals("cancelled"))
                return new Watched(status, dispatched);
            long done = status.path("processed_items").asLong()
                    + status.path("failed_items").asLong();
            if (done * 10 >= (long) (tenths + 1) * n) tenths = memoryAt(done, n, at);
            // A benchmark watches the job as a client would, by polling the API; a wait on a condition would
            // hide nothing here, and 100 ms bounds what the interval adds to the figures.
            Thread.sleep(100);
        }
    }

    /**
     * Memory at each tenth of the job, to show it flat: the system JVM's heap after a full GC (every
     * service but the parsers runs in it) and the parser JVMs' RSS. Returns the tenths reached.
     */
    private static int memoryAt(long done, int n, double at) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long parsers = ProcessHandle.current()
                .children()
                .mapToLong(p -> MemoryPeaks.rss(p.pid()))
                .sum();
        int tenths = (int) (done * 10 / n);
        System.out.printf(
                "%3d%% after %6.1f s: heap after GC %4d MB, parser JVMs' RSS %4d MB, %.0f items/s so far%n",
                tenths * 10, at, heap >> 20, parsers >> 20, done / at);
        return tenths;
    }

    /** CPU seconds of this JVM's child processes: the parser JVMs. */
    private static double childrenCpuSeconds() {
        return ProcessHandle.current()
                .children()
                .mapToDouble(Machine::cpuSeconds)
                .sum();
    }
}
