package dev.batch.app.bench;

import dev.batch.app.BatchSystem;
import dev.batch.worker.parse.DocumentParser;
import dev.batch.worker.parse.ParseOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code scripts/bench-parse}: pages per minute over the text PDFs of the corpus (a) through the
 * whole pipeline on the embedded default (upload once, then batch jobs; the time from create to
 * completed), (b) in a direct in-process loop over the same parser with the same number of
 * threads, and (c) with {@code pdftotext} (poppler) in as many processes; then the ratios (a)/(b)
 * and (a)/(c), and the RSS of the system (its JVM and its parser JVMs) idle and at its peak under
 * (a). pdftotext also runs twice before (a): its speed before (a) against after (b) shows how far the
 * machine's speed moved between the sides. The last line holds the figures as {@code name=value}.
 * Both sides are warmed up the same way first (runs over the set for at least the warm-up time, see
 * {@link JitWarmth}), then the median of the timed runs counts.
 * Arguments: timed runs (5), copies of the set per run (3), warm-up seconds per side (120: with 60,
 * the cap of four warm-up times let runs count while the system JVM's C2 still took 5–15% of
 * them), parse isolation in child JVMs (true).
 */
public final class ParseBench {
    private ParseBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long warmUpNanos = (args.length > 2 ? Long.parseLong(args[2]) : 120) * 1_000_000_000L;
        String isolation = args.length > 3 ? args[3] : "true"; // false: parse in the worker's JVM, to see what isolation costs
        int threads = 2;
        List<CorpusFiles.Doc> docs = CorpusFiles.textPdfs();
        int pagesPerSet = docs.stream().mapToInt(CorpusFiles.Doc::pages).sum();
        System.out.printf("speed set: %d text PDFs, %d pages; %d copies per run = %d pages a run; %d threads%n",
                docs.size(), pagesPerSet, copies, pagesPerSet * copies, threads);

        // The sides run minutes apart. pdftotext before the pipeline and again after the direct loop shows
        // how far the machine's speed moved meanwhile (the host's other tenants, or work the pipeline left behind).
        List<Double> pdftotextBefore = new ArrayList<>();
        for (int run = 0; run < 2; run++) pdftotextBefore.add(pdftotext(docs, copies, threads, pagesPerSet));

        // (a) the whole pipeline on the embedded default
        Path data = BenchApi.scratch("bench-parse-");
        String key = "llx-bench";
        List<Double> pipeline = new ArrayList<>();
        MemoryPeaks load = new MemoryPeaks();
        long rssIdle;
        try (BatchSystem system = BenchApi.startSystem(data, key, "BATCH_PARSE_PROCESSES", Integer.toString(threads), "BATCH_PARSE_ISOLATION", isolation)) {
            BenchApi api = new BenchApi("http://localhost:" + system.httpPort(), key);
            // Idle: started, parser JVMs warm, nothing submitted. RSS of the system JVM and its parser JVMs together.
            Thread.sleep(5_000); // lets the parser JVMs finish warming up in the background
            rssIdle = totalRss();
            List<String> ids = new ArrayList<>();
            for (int c = 0; c < copies; c++) {
                for (CorpusFiles.Doc d : docs) ids.add(api.upload(d.path()));
            }
            String items = "[\"" + String.join("\",\"", ids) + "\"]";
            JitWarmth warmth = new JitWarmth(warmUpNanos);
            load.start();
            for (int run = 0; pipeline.size() < runs; run++) {
                boolean warming = !warmth.warm();
                long t0 = System.nanoTime();
                double cpu0 = BenchApi.cpuSeconds(ProcessHandle.current()), children0 = childrenCpuSeconds();
                long[] machine0 = machineJiffies();
                String created = api.post("/api/v1/beta/batch-processing",
                        "{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"item_ids\": " + items + "}");
                String job = created.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                String status = api.get("/api/v1/beta/batch-processing/" + job);
                while (!status.contains("\"status\":\"completed\"") && !status.contains("\"status\":\"failed\"")) {
                    // Polls like a client, slowly while much is left and every 10 ms near the end, so the
                    // polling neither takes CPU from the parsers nor adds more than 10 ms to the figure.
                    Thread.sleep(progress(status) < 90 ? 200 : 10);
                    status = api.get("/api/v1/beta/batch-processing/" + job);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double ppm = pagesPerSet * copies * 60.0 / seconds;
                if (!warming) pipeline.add(ppm);
                warmth.ran(seconds);
                // Where the two cores went: the parser JVMs versus everything else (broker, services, HTTP),
                // and how busy the whole machine was (the kernel's own work on files and loopback included).
                long[] machine1 = machineJiffies();
                System.out.printf("pipeline run %d: %8.0f pages/min%s   cpu: parser JVMs %.1f s, system JVM %.1f s (JIT %.0f%% of the run), of %.1f s available;"
                                + " machine %.0f%% busy%n",
                        run, ppm, warming ? " (warm-up)" : "", childrenCpuSeconds() - children0, BenchApi.cpuSeconds(ProcessHandle.current()) - cpu0,
                        warmth.lastJitShare() * 100, seconds * Runtime.getRuntime().availableProcessors(),
                        100.0 * (machine1[0] - machine0[0]) / Math.max(1, machine1[1] - machine0[1]));
            }
            load.stop();
        }

        // (b) direct loop over the same parser, in this JVM
        DocumentParser parser = new DocumentParser();
        List<Double> direct = new ArrayList<>();
        JitWarmth directWarmth = new JitWarmth(warmUpNanos);
        int warmUps = 0;
        for (int run = 0; direct.size() < runs; run++) {
            boolean warming = !directWarmth.warm();
            long t0 = System.nanoTime();
            double ppm = pagesPerMinute(docs, copies, threads, pagesPerSet, doc -> {
                try (InputStream in = Files.newInputStream(doc)) {
                    parser.parse(in, doc.getFileName().toString(), ParseOptions.of("{}"));
                }
            });
            directWarmth.ran((System.nanoTime() - t0) / 1e9);
            if (warming) warmUps++;
            else direct.add(ppm);
            if (!warming || warmUps % 5 == 1) System.out.printf("direct   run %d: %8.0f pages/min%s (JIT %.0f%% of the run)%n",
                    run, ppm, warming ? " (warm-up)" : "", directWarmth.lastJitShare() * 100);
        }

        // (c) pdftotext (poppler, C), two processes over the same files, the practical limit for text extraction here
        List<Double> pdftotext = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            pdftotext.add(pdftotext(docs, copies, threads, pagesPerSet));
        }
        double a = median(pipeline);
        double b = median(direct);
        double c = median(pdftotext);
        double drift = c / median(pdftotextBefore) - 1;
        System.out.printf("%n(a) pipeline: %.0f pages/min   (b) direct: %.0f pages/min   (c) pdftotext x%d: %.0f pages/min%n", a, b, threads, c);
        System.out.printf("pdftotext x%d before (a): %.0f pages/min, after (b): %.0f (%+.0f%%: the machine's speed moved between the sides)%n",
                threads, median(pdftotextBefore), c, drift * 100);
        System.out.printf("ratio (a)/(b): %.2f   ratio (a)/(c): %.2f   RSS idle %d MB, under load %d MB (system JVM %d MB + largest parser JVM %d MB); %d cores%n",
                a / b, a / c, rssIdle >> 20, load.total() >> 20, load.rss() >> 20, load.childRss() >> 20, Runtime.getRuntime().availableProcessors());
        System.out.printf("pipeline_pages_per_min=%.0f direct_pages_per_min=%.0f pdftotext_pages_per_min=%.0f ratio_direct=%.2f ratio_pdftotext=%.2f "
                + "rss_idle_mb=%d rss_load_mb=%d pdftotext_change_pct=%.0f%n", a, b, c, a / b, a / c, rssIdle >> 20, load.total() >> 20, drift * 100);
    }

    /** One timed pass of {@code pdftotext} over the set, {@code processes} at a time; pages per minute. */
    private static double pdftotext(List<CorpusFiles.Doc> docs, int copies, int processes, int pagesPerSet) throws Exception {
        double ppm = pagesPerMinute(docs, copies, processes, pagesPerSet, doc ->
                new ProcessBuilder("pdftotext", "-q", doc.toString(), "-").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor());
        System.out.printf("pdftotext x%d: %8.0f pages/min%n", processes, ppm);
        return ppm;
    }

    @FunctionalInterface
    private interface DocAction {
        void run(Path doc) throws Exception;
    }

    /** Runs {@code action} on each document of {@code copies} copies of the set, {@code threads} at a time; pages per minute. */
    private static double pagesPerMinute(List<CorpusFiles.Doc> docs, int copies, int threads, int pagesPerSet, DocAction action) throws Exception {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < docs.size() * copies) action.run(docs.get(i % docs.size()).path());
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
                + ProcessHandle.current().descendants().mapToLong(p -> MemoryPeaks.rss(p.pid())).sum();
    }

    private static double progress(String status) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"progress_percentage\":([0-9.]+)").matcher(status);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Busy and total clock ticks of all cores since boot, from /proc/stat (zeros where there is none). */
    private static long[] machineJiffies() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) total += Long.parseLong(f[i]);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle, iowait
            return new long[] {total - idle, total};
        } catch (java.io.IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static double childrenCpuSeconds() {
        return ProcessHandle.current().children().mapToDouble(BenchApi::cpuSeconds).sum();
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.isEmpty() ? 0 : s.get(s.size() / 2);
    }
}
