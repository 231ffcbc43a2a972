package dev.batch.tools.bench;

import dev.batch.app.Main;
import dev.batch.broker.EmbeddedKafkaBroker;
import dev.batch.broker.StandaloneBroker;
import dev.batch.client.BatchApiClient;
import dev.batch.tools.chaos.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/bench-scale-out [runs 3] [copies 3] [warm-up seconds 60]}: the parse pipeline as
 * separate processes on this machine (a broker, one process with the API, aggregator and splitter,
 * and worker processes), first with one worker process, then with two, over the corpus's text PDFs
 * (timed runs after a warm-up: jobs for at least the warm-up time, until every JVM of the machine, parser
 * JVMs included, compiles for less than 5% of a job together, {@link JitWarmth}; at most four warm-up
 * times). Prints pages per minute for each, and how busy the cores were (CPU seconds
 * of every process, parser JVMs included, over the time available). Last line:
 * {@code workers_1_pages_per_min=… workers_2_pages_per_min=… cpu_busy_1=… cpu_busy_2=…}.
 */
public final class ScaleOutBench {
    private ScaleOutBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long warmUpSeconds = args.length > 2 ? Long.parseLong(args[2]) : 60;
        String classpath = System.getProperty("java.class.path");
        Path root = BenchSystem.scratch("bench-scale-out-");
        Path logs = root.resolve("logs");
        List<CorpusFiles.Doc> docs = CorpusFiles.textPdfs();
        int pages = docs.stream().mapToInt(CorpusFiles.Doc::pages).sum() * copies;
        List<ChildProcess> started = new ArrayList<>();
        double[] ppm = new double[3];
        double[] busy = new double[3];
        try {
            int port = startBroker(classpath, root, logs, started);
            int http = EmbeddedKafkaBroker.freePort();
            String key = "llx-bench";
            Map<String, String> common = commonEnv(port, root, key);
            ChildProcess api = service(
                    classpath,
                    logs,
                    root,
                    "api",
                    "api,splitter",
                    common,
                    Map.of("BATCH_HTTP_PORT", Integer.toString(http)),
                    "Batch processing API ready");
            started.add(api);
            api.start();
            BatchApiClient client = new BatchApiClient("http://localhost:" + http, key);
            String body = jobOverCopies(client, docs, copies);
            for (int workers = 1; workers <= 2; workers++) {
                ChildProcess w = service(
                        classpath,
                        logs,
                        root,
                        "worker-" + workers,
                        "worker",
                        common,
                        Map.of("BATCH_CLASSIFY_WORKERS", "0", "BATCH_EXTRACT_WORKERS", "0"),
                        "services ready");
                started.add(w);
                w.start();
                Speed speed = measure(client, body, pages, workers, runs, warmUpSeconds);
                ppm[workers] = speed.pagesPerMinute();
                busy[workers] = speed.cpuBusy();
            }
        } finally {
            Collections.reverse(started);
            started.forEach(ChildProcess::stop);
        }
        System.out.printf(
                "%d text PDFs x %d = %d pages a run; %s; logs in %s%n",
                docs.size(), copies, pages, Machine.describe(), logs);
        System.out.printf(
                "workers_1_pages_per_min=%.0f workers_2_pages_per_min=%.0f cpu_busy_1=%.2f cpu_busy_2=%.2f%n",
                ppm[1], ppm[2], busy[1], busy[2]);
    }

    /** The settings every service process shares. */
    private static Map<String, String> commonEnv(int port, Path root, String key) {
        return Map.of(
                "BATCH_KAFKA_BOOTSTRAP",
                "localhost:" + port,
                "BATCH_BLOB_DIR",
                root.resolve("blobs").toString(),
                "BATCH_API_KEY",
                key,
                "BATCH_PARTITIONS",
                "6",
                "BATCH_RATE_LIMIT_PER_SECOND",
                "0");
    }

    /** A broker process, added to {@code started}; its port. */
    private static int startBroker(String classpath, Path root, Path logs, List<ChildProcess> started)
            throws Exception {
        int port = EmbeddedKafkaBroker.freePort();
        ChildProcess broker = new ChildProcess(
                logs,
                "broker",
                ChildProcess.java(
                        classpath,
                        "-Xmx512m",
                        StandaloneBroker.class.getName(),
                        root.resolve("broker").toString(),
                        Integer.toString(port),
                        Integer.toString(EmbeddedKafkaBroker.freePort())),
                Map.of(),
                "Kafka Server started");
        started.add(broker);
        broker.start();
        return port;
    }

    /** A job over {@code copies} uploaded copies of the set. */
    private static String jobOverCopies(BatchApiClient client, List<CorpusFiles.Doc> docs, int copies) {
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            for (CorpusFiles.Doc d : docs) ids.add(client.uploadFile(d.path()));
        }
        return "{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"item_ids\": [\""
                + String.join("\",\"", ids) + "\"]}";
    }

    /** The medians of the timed runs: pages per minute, and the share of the cores busy. */
    private record Speed(double pagesPerMinute, double cpuBusy) {}

    /** Warm-up, then {@code runs} timed runs of the job {@code body} over {@code pages} pages with {@code workers} worker processes. */
    private static Speed measure(
            BatchApiClient client, String body, int pages, int workers, int runs, long warmUpSeconds) {
        // A second worker process brings JVMs of its own: the warm-up starts over, for all of them.
        JitWarmth warmth = new JitWarmth(warmUpSeconds * 1_000_000_000L, new JvmsJit(Machine::descendantJvms));
        for (int run = 0; !warmth.warm(); run++) {
            double seconds = run(client, body);
            warmth.ran(seconds);
            System.out.printf(
                    "%d worker process(es), warm-up %d: %8.0f pages/min (JIT of every JVM %.1f%% of the job)%n",
                    workers, run, pages * 60.0 / seconds, warmth.lastJitShare() * 100);
        }
        List<Double> timed = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            double cpu0 = cpuOfAll();
            double seconds = run(client, body);
            timed.add(pages * 60.0 / seconds);
            cpu.add((cpuOfAll() - cpu0) / (seconds * Runtime.getRuntime().availableProcessors()));
            System.out.printf(
                    "%d worker process(es), run %d: %8.0f pages/min, cores %.0f%% busy%n",
                    workers, i, timed.get(timed.size() - 1), 100 * cpu.get(cpu.size() - 1));
        }
        return new Speed(median(timed), median(cpu));
    }

    private static ChildProcess service(
            String classpath,
            Path logs,
            Path root,
            String name,
            String roles,
            Map<String, String> common,
            Map<String, String> own,
            String ready) {
        Map<String, String> env = new HashMap<>(common);
        env.putAll(own);
        env.put("BATCH_ROLES", roles);
        env.put("BATCH_DATA_DIR", root.resolve(name).toString());
        return new ChildProcess(logs, name, ChildProcess.java(classpath, "-Xmx1g", Main.class.getName()), env, ready);
    }

    /** One job over the set; seconds from create to completed. It fails unless every item completed. */
    private static double run(BatchApiClient client, String body) {
        long t0 = System.nanoTime();
        String job = client.createJob(body);
        client.awaitTerminal(job, Duration.ofMinutes(10), Duration.ofMillis(200));
        double seconds = (System.nanoTime() - t0) / 1e9;
        Outcomes.requireAllCompleted(client, job);
        return seconds;
    }

    /** CPU seconds of every process below this one (the services, their parser JVMs). */
    private static double cpuOfAll() {
        return ProcessHandle.current()
                .descendants()
                .mapToDouble(Machine::cpuSeconds)
                .sum();
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
