package dev.batch.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.app.BatchSystem;
import dev.batch.client.ApiPaths;
import dev.batch.client.BatchApiClient;
import dev.batch.common.config.Config;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.testkit.DirectoryFiller;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code scripts/bench-fairness [N] [K]}: how long a one-item job of project B takes while project A
 * runs an N-item job (100,000 tiny text files, a directory, each item parsed), against the same
 * one-item job on the idle system, in one run. B submits K (10) jobs, one a second, once A's job is
 * under way; each is timed from its create request to {@code completed} (polled every 20 ms).
 *
 * <p>Beside B's figures it prints what B would have waited behind A's whole queue without a window
 * per job: A's items not yet finished when B's job was created, divided by A's rate. Every job must
 * complete with every item processed, or it exits non-zero. For each of B's loaded jobs it prints where
 * the wait went, from the job's and the item's own times: create to the splitter's dispatch (the
 * request and the splitter), dispatch to the worker starting the item (the task topic and the worker's
 * lanes), the work itself, and the worker's finish to the status showing {@code completed} (the
 * result's way through the aggregator, and the poll); and beside them how many records waited before
 * each consumer group meanwhile ({@link LagSampler}). The target: B's longest extra wait (its slowest
 * loaded job against its idle median) at most 5 s, a few seconds, whatever A's backlog.
 * Last line: {@code b_idle_p50_s=… b_loaded_p50_s=… b_loaded_max_s=… b_extra_wait_max_s=…
 * a_backlog_wait_s=… extra_wait_vs_backlog=… a_items_per_s=… ok=…}.
 */
public final class FairnessBench {
    private static final String KEY_A = "llx-bench-a";
    private static final String KEY_B = "llx-bench-b";

    private final BatchApiClient a;
    private final BatchApiClient b;
    private final int n;
    private final int k;
    private final List<String> problems;

    private FairnessBench(BatchApiClient a, BatchApiClient b, int n, int k, List<String> problems) {
        this.a = a;
        this.b = b;
        this.n = n;
        this.k = k;
        this.problems = problems;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path data = BenchSystem.scratch("bench-fairness-");
        List<String> problems = new ArrayList<>();
        String figures;
        try (BatchSystem system = BenchSystem.start(data, KEY_A, "BATCH_API_KEYS", KEY_B + "=project-b")) {
            String base = "http://localhost:" + system.httpPort();
            FairnessBench bench =
                    new FairnessBench(new BatchApiClient(base, KEY_A), new BatchApiClient(base, KEY_B), n, k, problems);
            figures = bench.run(bench.fillDirectory(system), system.bootstrap());
        }
        problems.forEach(p -> System.out.println("FAILED: " + p));
        System.out.println(figures);
        if (!problems.isEmpty()) System.exit(1);
    }

    /** A's directory of N entries of one tiny file, written straight to the catalog topics; its id once the API shows it. */
    private String fillDirectory(BatchSystem system) throws Exception {
        String tiny = a.uploadFile(
                "tiny.txt", "A tiny text file, parsed many times over.\n".getBytes(StandardCharsets.UTF_8));
        String dir = "dir-fairness-" + n;
        DirectoryFiller.fill(
                KafkaSettings.from(Config.of(Map.of()), system.bootstrap()), system.projectId(), dir, tiny, n);
        while (!a.get(ApiPaths.path(ApiPaths.DIRECTORY, dir)).path("id").isTextual())
            Thread.sleep(50); // the catalog has read it
        return dir;
    }

    /** B's jobs idle, then beside A's job over {@code dir}; the last line's figures. */
    private String run(String dir, String bootstrap) throws Exception {
        // B alone: its one-item jobs on the idle system (the first warms the parser up and is not counted).
        List<Double> idle = new ArrayList<>();
        for (int i = 0; i <= k; i++) {
            Timing t = oneItemJob(b, "idle-" + i, problems);
            if (i > 0) idle.add(t.seconds());
        }
        long t0 = System.nanoTime();
        String bigJob = startBigJob(dir);
        Loaded loaded;
        try (LagSampler lag = new LagSampler(bootstrap)) {
            loaded = loadedJobs(bigJob, t0);
            System.out.printf(
                    "consumer lag while B's jobs ran, records waiting by group (median / highest): %s%n",
                    lag.summary());
        }
        JsonNode big = a.awaitTerminal(bigJob, Duration.ofMinutes(30), Duration.ofMillis(200));
        double total = (System.nanoTime() - t0) / 1e9;
        if (!big.path("status").asText().equals("completed")
                || big.path("processed_items").asLong() != n
                || big.path("failed_items").asLong() != 0) {
            problems.add("A's job did not complete every item: " + big);
        }
        return report(idle, loaded, total);
    }

    /** A's job over the directory, once under way: some of its items finished, so its window has grown to its rate. */
    private String startBigJob(String dir) throws InterruptedException {
        String bigJob = a.createJob("{\"job_config\": {\"parameters\": {\"do_not_cache\": true}},"
                + " \"directory_id\": \"" + dir + "\", \"page_size\": 1000}");
        JsonNode big;
        do {
            Thread.sleep(200); // polls as a client would
            big = status(a, bigJob);
        } while (big.path("processed_items").asLong() < Math.min(n / 20, 5_000) && !terminal(big));
        return bigJob;
    }

    /** B's seconds per job beside A's, and what each would have waited behind A's whole queue. */
    private record Loaded(List<Double> seconds, List<Double> backlogWait, List<String> where) {}

    /** One job of B a second, each timed on its own thread, so B's K jobs take K seconds of A's job however long each waits. */
    private Loaded loadedJobs(String bigJob, long t0) throws Exception {
        List<Double> loaded = Collections.synchronizedList(new ArrayList<>());
        List<Double> backlogWait = Collections.synchronizedList(new ArrayList<>());
        List<String> where = Collections.synchronizedList(new ArrayList<>());
        List<String> bProblems = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(k);
        List<Future<?>> timed = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (terminal(status(a, bigJob))) {
                problems.add("A's job ended before B's " + k + " jobs were sent (" + i + "); use a larger N");
                break;
            }
            String name = "loaded-" + i;
            timed.add(pool.submit(() -> {
                JsonNode before = status(a, bigJob);
                double elapsed = (System.nanoTime() - t0) / 1e9;
                long done = before.path("processed_items").asLong()
                        + before.path("failed_items").asLong();
                backlogWait.add(
                        (n - done) / (done / elapsed)); // behind all of A's unfinished items, at A's rate so far
                Timing t = oneItemJob(b, name, bProblems);
                loaded.add(t.seconds());
                where.add(name + ": " + t);
                return null;
            }));
            Thread.sleep(1_000); // the benchmark's pace: one job of B a second
        }
        for (Future<?> f : timed) f.get();
        pool.shutdown();
        problems.addAll(bProblems);
        return new Loaded(loaded, backlogWait, where);
    }

    /** Prints B's times, A's rate and the target; the last line's figures. */
    private String report(List<Double> idle, Loaded loaded, double total) {
        Collections.sort(idle);
        List<Double> sortedLoaded = new ArrayList<>(loaded.seconds());
        Collections.sort(sortedLoaded);
        double idleP50 = idle.get(idle.size() / 2);
        double loadedP50 = sortedLoaded.isEmpty() ? Double.NaN : sortedLoaded.get(sortedLoaded.size() / 2);
        double loadedMax = sortedLoaded.isEmpty() ? Double.NaN : sortedLoaded.get(sortedLoaded.size() - 1);
        double backlog = loaded.backlogWait().stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElse(Double.NaN);
        System.out.printf("B alone: %s s%n", fmt(idle));
        System.out.printf("B beside A's %,d-item job: %s s%n", n, fmt(loaded.seconds()));
        loaded.where().stream().sorted().forEach(w -> System.out.println("  " + w));
        System.out.printf(
                "A: %,d items in %.1f s (%.0f items/s); behind A's whole queue B would have waited %.1f s on average; %s%n",
                n, total, n / total, backlog, Machine.describe());
        double extra = loadedMax - idleP50;
        System.out.printf(
                "target: B's longest extra wait %.2f s <= 5 s: %s; it is %.3f of what A's whole queue would have cost it%n",
                extra, extra <= 5 ? "met" : "NOT met", extra / backlog);
        return String.format(
                "b_idle_p50_s=%.2f b_loaded_p50_s=%.2f b_loaded_max_s=%.2f b_extra_wait_max_s=%.2f a_backlog_wait_s=%.1f"
                        + " extra_wait_vs_backlog=%.3f a_items_per_s=%.0f ok=%s",
                idleP50, loadedP50, loadedMax, extra, backlog, extra / backlog, n / total, problems.isEmpty());
    }

    /**
     * A job's seconds from its create request to its completion, and where they went: to the splitter
     * dispatching its item (the job's {@code started_at}: the time on the splitter's dispatch record), on to
     * the worker starting the item, the work, and from the work's end to the status showing it (NaN where
     * the job or item does not say).
     */
    private record Timing(double seconds, double toDispatch, double toStart, double work, double toStatus) {
        @Override
        public String toString() {
            return String.format(
                    "%.2f s: create to dispatch %.2f s, dispatch to the item's start %.2f s, work %.2f s, its end to the"
                            + " status showing it %.2f s",
                    seconds, toDispatch, toStart, work, toStatus);
        }
    }

    /** B's one-item job, timed; a job that does not complete is a problem. */
    private static Timing oneItemJob(BatchApiClient b, String name, List<String> problems) throws Exception {
        String file = b.uploadFile(
                name + ".txt", ("B's own small document " + name + ".\n").getBytes(StandardCharsets.UTF_8));
        long created = System.currentTimeMillis();
        long t0 = System.nanoTime();
        String job = b.createJob(
                "{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"item_ids\": [\"" + file + "\"]}");
        while (true) {
            JsonNode j = status(b, job);
            if (terminal(j)) {
                double s = (System.nanoTime() - t0) / 1e9;
                long seen = System.currentTimeMillis();
                if (!j.path("status").asText().equals("completed")
                        || j.path("processed_items").asLong() != 1) problems.add("B's job " + name + ": " + j);
                JsonNode item = b.get(ApiPaths.path(ApiPaths.JOB_ITEMS, job))
                        .path("items")
                        .path(0);
                double dispatched = millis(j.path("started_at"));
                double started = millis(item.path("started_at"));
                double ended = millis(item.path("completed_at"));
                return new Timing(
                        s,
                        (dispatched - created) / 1e3,
                        (started - dispatched) / 1e3,
                        (ended - started) / 1e3,
                        (seen - ended) / 1e3);
            }
            Thread.sleep(20); // polls as a client would, often enough to time a job of a tenth of a second
        }
    }

    /** An ISO instant's epoch milliseconds; NaN when there is none. */
    private static double millis(JsonNode iso) {
        return iso.isTextual() ? Instant.parse(iso.asText()).toEpochMilli() : Double.NaN;
    }

    /** A job's {@code job} object; missing while the job cannot be read yet. */
    private static JsonNode status(BatchApiClient api, String job) {
        return api.get(ApiPaths.path(ApiPaths.JOB, job)).path("job");
    }

    private static boolean terminal(JsonNode job) {
        return List.of("completed", "failed", "cancelled")
                .contains(job.path("status").asText());
    }

    private static String fmt(List<Double> seconds) {
        return String.join(
                " ", seconds.stream().map(s -> String.format("%.2f", s)).toList());
    }
}
