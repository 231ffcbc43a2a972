package dev.batch.tools.bench;

import dev.batch.app.BatchSystem;
import dev.batch.client.BatchApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code scripts/bench-ocr [rounds 3] [warm-up s 120]}: scanned pages per minute (the parse set's images and the
 * receipts, one page each) (a) through the whole pipeline on the embedded default, one parse job of
 * the set per round ({@code do_not_cache}), from create to completed, every item required to complete;
 * (b) {@code tesseract} run directly on the same images with the pipeline's arguments ({@code -l eng
 * --psm 3}, {@code OMP_THREAD_LIMIT=1}), two processes at a time, every run required to exit 0; rounds of
 * (a) then (b), medians counted; then the ratio (a)/(b). The pipeline is warmed up first: jobs for
 * at least the warm-up time, until its JVMs (the system's and the parser JVMs) compile for less than 5%
 * of a job ({@link JitWarmth}, at most four warm-up times); the direct side once (the images' pages in
 * the file cache). Each run prints where the CPU went: Tesseract's processes, the parser JVMs, the
 * system JVM. Beside them, once each, what the knobs do to
 * the direct side: Tesseract's own threading ({@code OMP_THREAD_LIMIT} unset) and page segmentation 6
 * (one block). Last line: {@code pipeline_pages_per_min=… tesseract_pages_per_min=… ratio_tesseract=…}.
 */
public final class OcrBench {
    private static final List<String> ARGS = List.of("-l", "eng", "--psm", "3");

    private OcrBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        long warmUpNanos = (args.length > 1 ? Long.parseLong(args[1]) : 120) * 1_000_000_000L;
        List<Path> scans = CorpusFiles.scans();
        System.out.printf("scans: %d images, one page each; %s%n", scans.size(), Machine.describe());
        Path data = BenchSystem.scratch("bench-ocr-");
        String key = "llx-bench";
        List<Double> pipeline = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        try (BatchSystem system = BenchSystem.start(data, key)) {
            BatchApiClient api = new BatchApiClient("http://localhost:" + system.httpPort(), key);
            List<String> ids = new ArrayList<>();
            for (Path p : scans) ids.add(api.uploadFile(p));
            String body = "{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"item_ids\": [\""
                    + String.join("\",\"", ids) + "\"]}";
            JitWarmth warmth = new JitWarmth(warmUpNanos, JvmsJit.withThisJvm(new JvmsJit(Machine::childJvms)));
            for (int run = 0; !warmth.warm(); run++) {
                double ppm = pipelineRun(api, body, scans.size());
                warmth.ran(scans.size() * 60 / ppm); // the job's seconds
                System.out.printf(
                        "warm-up %d: pipeline %.0f pages/min (JIT of the system and parser JVMs %.1f%% of the job)%n",
                        run, ppm, warmth.lastJitShare() * 100);
            }
            System.out.printf("warm-up: tesseract x2 %.0f pages/min%n", tesseract(scans, 2, true, ARGS));
            for (int round = 0; round < rounds; round++) {
                pipeline.add(pipelineRun(api, body, scans.size()));
                direct.add(tesseract(scans, 2, true, ARGS));
                System.out.printf(
                        "round %d: pipeline %.0f pages/min, tesseract x2 %.0f pages/min%n",
                        round, pipeline.get(round), direct.get(round));
            }
        }
        double a = median(pipeline);
        double b = median(direct);
        System.out.printf(
                "knobs on the direct side: OMP_THREAD_LIMIT unset %.0f pages/min, --psm 6 %.0f pages/min%n",
                tesseract(scans, 2, false, ARGS), tesseract(scans, 2, true, List.of("-l", "eng", "--psm", "6")));
        System.out.printf(
                "(a) pipeline %.0f pages/min   (b) tesseract x2 %.0f pages/min   ratio %.2f (target 0.9)%n",
                a, b, a / b);
        System.out.printf(
                "pipeline_pages_per_min=%.0f tesseract_pages_per_min=%.0f ratio_tesseract=%.2f%n", a, b, a / b);
    }

    /** One parse job of the set; pages per minute from create to completed. Prints where the CPU went. */
    private static double pipelineRun(BatchApiClient api, String body, int pages) {
        Cpu before = Cpu.now(-1);
        long t0 = System.nanoTime();
        String job = api.createJob(body);
        api.awaitTerminal(job, Duration.ofMinutes(30), Duration.ofMillis(100));
        double seconds = (System.nanoTime() - t0) / 1e9;
        Cpu used = Cpu.now(-1).minus(before);
        Outcomes.requireAllCompleted(api, job);
        System.out.printf(
                "  pipeline: %.1f s; cpu: tesseract %.1f s, parser JVMs %.1f s, system JVM %.1f s, of %.1f s available%n",
                seconds,
                used.parsersOcr(),
                used.parsers(),
                used.system(),
                seconds * Runtime.getRuntime().availableProcessors());
        return pages * 60 / seconds;
    }

    /** {@code tesseract} on every scan, {@code processes} at a time; pages per minute. */
    private static double tesseract(List<Path> scans, int processes, boolean oneThread, List<String> args)
            throws Exception {
        long self = ProcessHandle.current().pid();
        double cpu0 = Machine.finishedChildrenCpuSeconds(self);
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(processes);
        AtomicInteger next = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < processes; t++) {
                futures.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < scans.size(); ) run(scans.get(i), oneThread, args);
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "  tesseract x%d: %.1f s; cpu: tesseract %.1f s, of %.1f s available%n",
                processes,
                seconds,
                Machine.finishedChildrenCpuSeconds(self) - cpu0,
                seconds * Runtime.getRuntime().availableProcessors());
        return scans.size() * 60 / seconds;
    }

    private static void run(Path image, boolean oneThread, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tesseract", image.toString(), "stdout"));
        cmd.addAll(args);
        ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        if (oneThread) env.put("OMP_THREAD_LIMIT", "1");
        else env.remove("OMP_THREAD_LIMIT");
        int exit = pb.start().waitFor();
        if (exit != 0) throw new IllegalStateException("tesseract failed (exit " + exit + ") on " + image);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
