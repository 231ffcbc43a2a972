package dev.batch.tools.bench;

import dev.batch.app.BatchSystem;
import dev.batch.client.ApiPaths;
import dev.batch.client.BatchApiClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code scripts/bench-parse}: pages per minute over the text PDFs of the corpus (a) through the
 * whole pipeline on the embedded default (upload once, then batch jobs; the time from create to
 * completed), (b) in a direct loop over the same parser with the same number of threads, in a JVM of
 * its own with this JVM's flags ({@link DirectLoop}), and (c) with {@code pdftotext} (poppler) in as
 * many processes; then the ratios (a)/(b) and (a)/(c), and the memory of the system (its JVM and its
 * parser JVMs): RSS idle, RSS and PSS at their peak while (a) runs, warm-up and timed rounds. Every
 * job must complete every item ({@link Outcomes}) and every pdftotext run exit 0, or the run fails.
 *
 * <p>Each side is warmed up first: runs over the set for at least the warm-up time, until its JVM
 * compiles for less than 5% of a run ({@link JitWarmth}). Then the timed runs go in rounds of (a),
 * (b), (c), one right after the other: measured minutes apart, the sides met different machines
 * (pdftotext moved by up to ±10% between them), and the ratio moved with it. The medians of the
 * rounds count. Each run prints where the CPU went ({@link Cpu}), the other side's idle JVM included. The last line holds the
 * figures as {@code name=value}. Arguments: timed rounds (5), copies of the set per run (3), warm-up
 * seconds per side (120), parse isolation in child JVMs (true).
 */
public final class ParseBench {
    private ParseBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long warmUpNanos = (args.length > 2 ? Long.parseLong(args[2]) : 120) * 1_000_000_000L;
        String isolation =
                args.length > 3 ? args[3] : "true"; // false: parse in the worker's JVM, to see what isolation costs
        int threads = 2;
        List<CorpusFiles.Doc> docs = CorpusFiles.textPdfs();
        int pagesPerSet = docs.stream().mapToInt(CorpusFiles.Doc::pages).sum();
        System.out.printf(
                "speed set: %d text PDFs, %d pages; %d copies per run = %d pages a run; %d threads%n",
                docs.size(), pagesPerSet, copies, pagesPerSet * copies, threads);

        Path data = BenchSystem.scratch("bench-parse-");
        String key = "llx-bench";
        MemoryPeaks load = new MemoryPeaks();
        long rssIdle;
        Medians medians;
        try (BatchSystem system = BenchSystem.start(
                data, key, "BATCH_PARSE_PROCESSES", Integer.toString(threads), "BATCH_PARSE_ISOLATION", isolation)) {
            BatchApiClient api = new BatchApiClient("http://localhost:" + system.httpPort(), key);
            // Idle: started, parser JVMs warm, nothing submitted. RSS of the system JVM and its parser JVMs together.
            Thread.sleep(5_000); // lets the parser JVMs finish warming up in the background
            rssIdle = totalRss();
            Pipeline side = new Pipeline(api, uploadCopies(api, docs, copies), pagesPerSet * copies);
            // Memory under load: sampled while the pipeline runs, warm-up and timed rounds; the direct loop's JVM is
            // no part of the system, and pdftotext runs while the sampler rests.
            load.start();
            warmUp(side, warmUpNanos);
            load.stop();
            try (DirectLoop loop = DirectLoop.start(copies, threads)) {
                load.exclude(loop.pid());
                warmUp(loop, warmUpNanos); // while the system idles
                medians = timedRounds(runs, side, loop, load, () -> pdftotext(docs, copies, threads, pagesPerSet));
            }
        }
        double a = medians.pipeline();
        double b = medians.direct();
        double c = medians.pdftotext();
        System.out.printf(
                "%n(a) pipeline: %.0f pages/min   (b) direct: %.0f pages/min   (c) pdftotext x%d: %.0f pages/min%n",
                a, b, threads, c);
        System.out.printf(
                "ratio (a)/(b): %.2f   ratio (a)/(c): %.2f   RSS idle %d MB, under load %d MB (system JVM %d MB + largest parser JVM %d MB),"
                        + " PSS under load %d MB (shared pages once; the memory sampler took %.1f s of CPU in all); %s%n",
                a / b,
                a / c,
                rssIdle >> 20,
                load.total() >> 20,
                load.rss() >> 20,
                load.childRss() >> 20,
                load.pss() >> 20,
                load.cpuSeconds(),
                Machine.describe());
        System.out.printf(
                "pipeline_pages_per_min=%.0f direct_pages_per_min=%.0f pdftotext_pages_per_min=%.0f ratio_direct=%.2f ratio_pdftotext=%.2f "
                        + "rss_idle_mb=%d rss_load_mb=%d pss_load_mb=%d%n",
                a, b, c, a / b, a / c, rssIdle >> 20, load.total() >> 20, load.pss() >> 20);
    }

    /** The ids of {@code copies} uploaded copies of the set, as a JSON list. */
    private static String uploadCopies(BatchApiClient api, List<CorpusFiles.Doc> docs, int copies) {
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            for (CorpusFiles.Doc d : docs) ids.add(api.uploadFile(d.path()));
        }
        return "[\"" + String.join("\",\"", ids) + "\"]";
    }

    /** (a) runs until the system JVM is warm. */
    private static void warmUp(Pipeline side, long warmUpNanos) throws Exception {
        JitWarmth warmth = new JitWarmth(warmUpNanos);
        for (int run = 0; !warmth.warm(); run++) {
            Pipeline.Run r = side.run(-1);
            warmth.ran(r.seconds());
            System.out.printf(
                    "pipeline run %d (warm-up): %s (JIT %.0f%% of the run)%n", run, r, warmth.lastJitShare() * 100);
        }
    }

    /** (b) runs until the direct loop's JVM is warm. */
    private static void warmUp(DirectLoop loop, long warmUpNanos) throws IOException {
        JitWarmth warmth = new JitWarmth(warmUpNanos, loop::jitMillis);
        for (int run = 0; !warmth.warm(); run++) {
            DirectLoop.Run r = loop.run();
            warmth.ran(r.seconds());
            if (run % 5 == 0)
                System.out.printf(
                        "direct   run %d: %8.0f pages/min (warm-up) (JIT %.0f%% of the run)%n",
                        run, r.pagesPerMinute(), warmth.lastJitShare() * 100);
        }
    }

    /** The medians of the timed rounds, pages per minute. */
    private record Medians(double pipeline, double direct, double pdftotext) {}

    /** Timed rounds of (a), (b) and (c), one right after the other. */
    private static Medians timedRounds(
            int runs, Pipeline side, DirectLoop loop, MemoryPeaks load, Callable<Double> pdftotext) throws Exception {
        List<Double> pipeline = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        List<Double> pdf = new ArrayList<>();
        for (int round = 0; round < runs; round++) {
            load.start();
            Pipeline.Run p = side.run(loop.pid());
            load.stop();
            pipeline.add(p.pagesPerMinute());
            System.out.printf("round %d: pipeline %s%n", round, p);
            direct.add(timedDirectRun(round, loop));
            pdf.add(pdftotext.call());
            System.out.printf("round %d: ratio (a)/(b) %.2f%n", round, pipeline.get(round) / direct.get(round));
        }
        return new Medians(median(pipeline), median(direct), median(pdf));
    }

    /** One timed run of the direct loop, and where the CPU went meanwhile; pages per minute. */
    private static double timedDirectRun(int round, DirectLoop loop) throws IOException {
        Cpu before = Cpu.now(loop.pid());
        DirectLoop.Run r = loop.run();
        Cpu used = Cpu.now(loop.pid()).minus(before);
        System.out.printf(
                "round %d: direct   %8.0f pages/min   cpu: its JVM %.1f s (+ its Tesseract runs %.1f s), the idle system %.2f s,"
                        + " of %.1f s available%n",
                round,
                r.pagesPerMinute(),
                used.loop(),
                used.loopOcr(),
                used.system() + used.parsers(),
                r.seconds() * Runtime.getRuntime().availableProcessors());
        return r.pagesPerMinute();
    }

    /** The pipeline side: one batch job over the uploaded copies of the set, from create to completed. */
    private record Pipeline(BatchApiClient api, String items, int pages) {
        /** A run's speed and where the cores went meanwhile. */
        record Run(double seconds, double pagesPerMinute, Cpu used) {
            @Override
            public String toString() {
                return String.format(
                                "%8.0f pages/min   cpu: parser JVMs %.1f s (+ their Tesseract runs %.1f s), system JVM %.1f s, of %.1f s available;"
                                        + " machine %.0f%% busy",
                                pagesPerMinute,
                                used.parsers(),
                                used.parsersOcr(),
                                used.system(),
                                seconds * Runtime.getRuntime().availableProcessors(),
                                used.machineBusy() * 100)
                        + (Double.isNaN(used.loop())
                                ? ""
                                : String.format("; the idle direct loop's JVM meanwhile %.2f s", used.loop()));
            }
        }

        /** One job; {@code directLoop} is the direct loop's JVM (-1: none), no parser JVM. */
        Run run(long directLoop) throws Exception {
            long t0 = System.nanoTime();
            Cpu before = Cpu.now(directLoop);
            String job = api.createJob(
                    "{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"item_ids\": " + items + "}");
            String path = ApiPaths.path(ApiPaths.JOB, job);
            String status = api.get(path).raw();
            while (!status.contains("\"status\":\"completed\"") && !status.contains("\"status\":\"failed\"")) {
                // Polls like a client: every 200 ms while much is left, then every 1% of the time so far,
                // so a poll answered late costs the figure at most 1%. Polling every 10 ms cost the system
                // JVM about a tenth of its CPU (request handling on both sides), which the parsers lacked.
                long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
                Thread.sleep(progress(status) < 90 ? 200 : Math.max(10, Math.min(200, elapsedMs / 100)));
                status = api.get(path).raw();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Run run =
                    new Run(seconds, pages * 60.0 / seconds, Cpu.now(directLoop).minus(before));
            Outcomes.requireAllCompleted(api, job);
            return run;
        }
    }

    /** One timed pass of {@code pdftotext} over the set, {@code processes} at a time; pages per minute. */
    private static double pdftotext(List<CorpusFiles.Doc> docs, int copies, int processes, int pagesPerSet)
            throws Exception {
        double ppm = pagesPerMinute(docs, copies, processes, pagesPerSet, doc -> {
            int exit = new ProcessBuilder("pdftotext", "-q", doc.toString(), "-")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
            if (exit != 0) throw new IllegalStateException("pdftotext failed (exit " + exit + ") on " + doc);
        });
        System.out.printf("pdftotext x%d: %8.0f pages/min%n", processes, ppm);
        return ppm;
    }

    @FunctionalInterface
    interface DocAction {
        void run(Path doc) throws Exception;
    }

    /** Runs {@code action} on each document of {@code copies} copies of the set, {@code threads} at a time; pages per minute. */
    static double pagesPerMinute(List<CorpusFiles.Doc> docs, int copies, int threads, int pagesPerSet, DocAction action)
            throws Exception {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < docs.size() * copies)
                        action.run(docs.get(i % docs.size()).path());
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
        }
        return pagesPerSet * copies * 60_000.0 / ((System.nanoTime() - t0) / 1e6);
    }

    private static long totalRss() {
        return MemoryPeaks.rss(ProcessHandle.current().pid())
                + ProcessHandle.current()
                        .descendants()
                        .mapToLong(p -> MemoryPeaks.rss(p.pid()))
                        .sum();
    }

    private static double progress(String status) {
        Matcher m = Pattern.compile("\"progress_percentage\":([0-9.]+)").matcher(status);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.isEmpty() ? 0 : s.get(s.size() / 2);
    }
}
