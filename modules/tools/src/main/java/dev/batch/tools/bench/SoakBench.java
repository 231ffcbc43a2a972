package dev.batch.tools.bench;

import dev.batch.app.BatchSystem;
import dev.batch.client.ApiPaths;
import dev.batch.client.BatchApiClient;
import dev.batch.common.kafka.StoreSpec;
import dev.batch.common.kafka.StoreSpecs;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code scripts/bench-soak [minutes] [retention]}: many small jobs, one after the other, for that
 * many minutes (2) with a short {@code BATCH_RETENTION} (5s), on the embedded system. Every job must
 * complete every item. Every interval (an eighth of the run, at least 10 s) it prints the data
 * directory's disk use ({@code du}: blobs, Kafka log dir, state stores), the system JVM's heap after
 * a GC, the entries of the aggregator's and webhook sink's state stores, and the jobs the API still
 * lists. The last line gives each figure after the first interval, the highest of the run's first
 * half, and the last, and whether they stayed flat (last at most 1.2 times the first half's
 * highest). The Kafka log dir is shown but not judged: what it keeps is bounded by its topics'
 * segments and retention, not by the jobs'.
 *
 * <p>The jobs reuse the same few uploaded files (files have their own lifecycle) with {@code
 * invalidate_cache}, so every job processes its items and writes results and cache entries again.
 */
public final class SoakBench {
    private static final String KEY = "llx-soak";
    private static final int ITEMS_PER_JOB = 3;
    private static final double FLAT = 1.2;

    private SoakBench() {}

    /** One look at the system: disk use, heap after GC, state store entries, jobs listed. */
    record Sample(
            long seconds,
            long jobs,
            long blobs,
            long kafka,
            long state,
            long heap,
            long entries,
            long listed,
            Map<String, Long> stores) {
        String line() {
            return String.format(
                    "t=%ds jobs=%d blobs_kb=%d kafka_kb=%d state_kb=%d heap_after_gc_mb=%.1f store_entries=%d"
                            + " jobs_kept=%d %s",
                    seconds, jobs, blobs / 1024, kafka / 1024, state / 1024, heap / 1048576.0, entries, listed, stores);
        }
    }

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        String retention = args.length > 1 ? args[1] : "5s";
        Duration run = Duration.ofMillis((long) (minutes * 60_000));
        Duration interval = max(Duration.ofSeconds(10), run.dividedBy(8));
        Path data = BenchSystem.scratch("bench-soak-");
        try (BatchSystem system = BenchSystem.start(data, KEY, "BATCH_RETENTION", retention)) {
            BatchApiClient api = new BatchApiClient("http://localhost:" + system.httpPort(), KEY);
            String body = jobBody(uploadFiles(api));
            System.out.printf(
                    "soak: %s min, BATCH_RETENTION=%s, %d items a job, a sample every %ds%n",
                    minutes, retention, ITEMS_PER_JOB, interval.toSeconds());
            List<Sample> samples = soak(system, api, data, body, run, interval);
            System.out.println(verdict(samples));
        }
    }

    /** Runs jobs one after the other until {@code run} has passed, sampling every {@code interval}. */
    private static List<Sample> soak(
            BatchSystem system, BatchApiClient api, Path data, String body, Duration run, Duration interval)
            throws IOException {
        long start = System.nanoTime();
        long end = start + run.toNanos();
        long nextSample = start + interval.toNanos();
        long jobs = 0;
        List<Sample> samples = new ArrayList<>();
        while (System.nanoTime() < end) {
            String job = api.createJob(body);
            api.awaitTerminal(job, Duration.ofMinutes(2), Duration.ofMillis(20));
            Outcomes.requireAllCompleted(api, job);
            jobs++;
            if (System.nanoTime() >= nextSample) {
                Sample s = sample(system, api, data, (System.nanoTime() - start) / 1_000_000_000L, jobs);
                System.out.println(s.line());
                samples.add(s);
                nextSample += interval.toNanos();
            }
        }
        if (samples.size() < 2) throw new IllegalStateException("the run was too short for two samples");
        return samples;
    }

    private static List<String> uploadFiles(BatchApiClient api) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ITEMS_PER_JOB; i++) {
            String text = "Soak document " + i + "\n\nA few words to parse, again and again.\n";
            ids.add(api.uploadFile("soak-" + i + ".txt", text.getBytes(StandardCharsets.UTF_8)));
        }
        return ids;
    }

    private static String jobBody(List<String> fileIds) {
        String ids =
                String.join(",", fileIds.stream().map(id -> "\"" + id + "\"").toList());
        return "{\"job_config\": {\"parameters\": {\"invalidate_cache\": true}}, \"item_ids\": [" + ids + "]}";
    }

    private static Sample sample(BatchSystem system, BatchApiClient api, Path data, long seconds, long jobs)
            throws IOException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long listed =
                api.get(ApiPaths.JOBS + "?limit=1").json().path("total_size").asLong(-1);
        Map<String, Long> stores = storeEntries(system);
        return new Sample(
                seconds,
                jobs,
                diskUse(data.resolve("blobs")),
                diskUse(data.resolve("kafka")),
                diskUse(data.resolve("state")),
                heap,
                stores.values().stream().mapToLong(Long::longValue).sum(),
                listed,
                stores);
    }

    /** Entries of each of the aggregator's and the webhook sink's stores that has any, counted one by one. */
    static Map<String, Long> storeEntries(BatchSystem system) {
        Map<String, Long> n = new TreeMap<>();
        for (StoreSpec<String, ?> spec : List.of(
                StoreSpecs.JOB_STATUS,
                StoreSpecs.JOB_ITEMS,
                StoreSpecs.JOB_REQUESTS,
                StoreSpecs.JOB_PROJECT_INDEX,
                StoreSpecs.WATCHDOG,
                StoreSpecs.JOB_RETENTION)) {
            n.put(spec.name(), count(system.aggregator().local().store(spec)));
        }
        for (StoreSpec<String, ?> spec : List.of(
                StoreSpecs.WEBHOOK_QUEUES,
                StoreSpecs.WEBHOOK_EVENTS,
                StoreSpecs.WEBHOOK_EVENT_IDS,
                StoreSpecs.WEBHOOK_LOG,
                StoreSpecs.WEBHOOK_JOBS,
                StoreSpecs.WEBHOOK_EARLY)) {
            n.put(spec.name(), count(system.webhookSink().store(spec)));
        }
        n.values().removeIf(v -> v == 0);
        return n;
    }

    private static long count(ReadOnlyKeyValueStore<String, ?> store) {
        long n = 0;
        try (KeyValueIterator<String, ?> it = store.all()) {
            for (; it.hasNext(); it.next()) n++;
        }
        return n;
    }

    /** Bytes the folder takes on disk ({@code du}: a broker's preallocated, sparse index files count as used). */
    static long diskUse(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        Process du = new ProcessBuilder("du", "-sk", dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            du.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        // du may complain of a file that went while it counted; its total stands.
        return out.isEmpty() ? 0 : Long.parseLong(out.split("\\s+")[0]) * 1024;
    }

    /**
     * The last line: the figures after the first interval, the highest of the run's first half and the
     * last, and whether the judged ones stayed flat: the last at most 1.2 times the first half's
     * highest (the first interval alone is still warming up). The Kafka log dir is shown, not judged.
     */
    static String verdict(List<Sample> samples) {
        List<Sample> firstHalf = samples.subList(0, Math.max(1, samples.size() / 2));
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        Sample base = new Sample(
                0,
                0,
                highest(firstHalf, Sample::blobs),
                highest(firstHalf, Sample::kafka),
                highest(firstHalf, Sample::state),
                highest(firstHalf, Sample::heap),
                highest(firstHalf, Sample::entries),
                highest(firstHalf, Sample::listed),
                Map.of());
        boolean flat = flat(base.blobs(), last.blobs())
                && flat(base.state(), last.state())
                && flat(base.heap(), last.heap())
                && flat(base.entries(), last.entries())
                && flat(base.listed(), last.listed());
        return String.format(
                "jobs=%d all_completed=true blobs_kb=%d/%d/%d state_kb=%d/%d/%d heap_after_gc_mb=%.1f/%.1f/%.1f"
                        + " store_entries=%d/%d/%d jobs_kept=%d/%d/%d kafka_kb=%d/%d/%d"
                        + " (first/first-half highest/last) flat=%s",
                last.jobs(),
                first.blobs() / 1024,
                base.blobs() / 1024,
                last.blobs() / 1024,
                first.state() / 1024,
                base.state() / 1024,
                last.state() / 1024,
                first.heap() / 1048576.0,
                base.heap() / 1048576.0,
                last.heap() / 1048576.0,
                first.entries(),
                base.entries(),
                last.entries(),
                first.listed(),
                base.listed(),
                last.listed(),
                first.kafka() / 1024,
                base.kafka() / 1024,
                last.kafka() / 1024,
                flat);
    }

    private static long highest(List<Sample> samples, ToLongFunction<Sample> figure) {
        return samples.stream().mapToLong(figure).max().orElse(0);
    }

    private static boolean flat(long base, long last) {
        return last <= Math.max(1, base) * FLAT;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
