package dev.batch.tools.bench;

import dev.batch.common.jobs.JobConfigs;
import dev.batch.common.jobs.TimeLimit;
import dev.batch.events.JobConfig;
import dev.batch.events.JobType;
import dev.batch.worker.parse.ParserPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code scripts/bench-parser-jvm [timed passes 6] [processes] [jvm flags…]}: parser JVMs as the worker
 * runs them (through {@link ParserPool}, the flags added after its own), {@code processes} of them side
 * by side (1 unless given), each parsing the corpus's text PDFs once a pass; prints pages per minute,
 * each JVM's CPU seconds and their RSS after each pass. Warm-up passes come first: for at least 60 s,
 * until the parser JVMs compile for less than 5% of a pass together ({@link JitWarmth}, at most four
 * times that); the mean of the timed passes after them counts. Every document must parse, or the run
 * fails. For weighing a parser JVM's memory against its speed ({@code scripts/bench-parser-jvm 6
 * -Xms64m}), and for seeing how much JVMs started alike differ with the same work
 * ({@code scripts/bench-parser-jvm 100 2}). Last line: {@code pages_per_min=… cpu_s_per_pass=…
 * rss_mb=…}, the CPU seconds being one JVM's per pass, averaged over the JVMs.
 */
public final class ParserJvmBench {
    private static final long WARM_UP_NANOS = 60_000_000_000L;

    private ParserJvmBench() {}

    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int flagsFrom = args.length > 1 && args[1].matches("\\d+") ? 2 : 1;
        int processes = flagsFrom == 2 ? Integer.parseInt(args[1]) : 1;
        List<String> flags = args.length > flagsFrom ? Arrays.asList(args).subList(flagsFrom, args.length) : List.of();
        List<CorpusFiles.Doc> docs = CorpusFiles.textPdfs();
        int pages = docs.stream().mapToInt(CorpusFiles.Doc::pages).sum();
        System.out.printf(
                "%d text PDFs, %d pages a pass; %d parser JVM(s); flags added: %s; %s%n",
                docs.size(),
                pages,
                processes,
                flags.isEmpty() ? "(none)" : String.join(" ", flags),
                Machine.describe());
        ExecutorService threads = Executors.newFixedThreadPool(processes);
        Path scratch = BenchSystem.scratch("bench-parser-jvm-");
        // One pool of one JVM per thread: every JVM parses the whole set in the same order, so their CPU figures
        // compare.
        List<ParserPool> pools = new ArrayList<>();
        for (int t = 0; t < processes; t++) pools.add(new ParserPool(1, "1g", flags));
        try {
            Passes p = new Passes(threads, pools, docs, scratch, JobConfigs.read("{}", JobType.parse));
            p.run(passes, pages * processes);
            System.out.printf(
                    "pages_per_min=%.0f cpu_s_per_pass=%.2f rss_mb=%d%n", mean(p.speeds), mean(p.cpus), p.rss >> 20);
        } finally {
            pools.forEach(ParserPool::close);
            threads.shutdown();
        }
    }

    /** The passes over the set, warm-up first; the timed passes' speeds and CPU, the JVMs' RSS after the last. */
    private static final class Passes {
        private final ExecutorService threads;
        private final List<ParserPool> pools;
        private final List<CorpusFiles.Doc> docs;
        private final Path scratch;
        private final JobConfig config;
        private final List<Double> speeds = new ArrayList<>();
        private final List<Double> cpus = new ArrayList<>();
        private long rss;

        Passes(
                ExecutorService threads,
                List<ParserPool> pools,
                List<CorpusFiles.Doc> docs,
                Path scratch,
                JobConfig config) {
            this.threads = threads;
            this.pools = pools;
            this.docs = docs;
            this.scratch = scratch;
            this.config = config;
        }

        void run(int timedPasses, int pagesAPass) throws Exception {
            JitWarmth warmth = new JitWarmth(WARM_UP_NANOS, new JvmsJit(Machine::childJvms));
            for (int pass = 0, timed = 0; timed < timedPasses; pass++) {
                boolean warm = warmth.warm();
                List<ProcessHandle> children = Machine.childJvms();
                double[] cpu0 =
                        children.stream().mapToDouble(Machine::cpuSeconds).toArray();
                long t0 = System.nanoTime();
                parsePass(threads, pools, docs, scratch, config);
                long nanos = System.nanoTime() - t0;
                double ppm = pagesAPass * 60e9 / nanos;
                warmth.ran(nanos / 1e9);
                StringBuilder each = new StringBuilder();
                double cpu = 0;
                for (int c = 0; c < children.size(); c++) {
                    double s = Machine.cpuSeconds(children.get(c)) - cpu0[c];
                    cpu += s;
                    each.append(String.format(" %5.2f", s));
                }
                rss = Machine.childJvms().stream()
                        .mapToLong(p -> MemoryPeaks.rss(p.pid()))
                        .sum();
                System.out.printf(
                        "pass %2d%s: %7.0f pages/min   CPU s per JVM:%s   parser JVM RSS %d MB   JIT %.1f%% of the pass%n",
                        pass,
                        warm ? "" : " (warm-up)",
                        ppm,
                        children.isEmpty() ? " (starting)" : each,
                        rss >> 20,
                        warmth.lastJitShare() * 100);
                if (warm) {
                    timed++;
                    speeds.add(ppm);
                    cpus.add(cpu / Math.max(1, children.size()));
                }
            }
        }
    }

    /** One pass: every pool parses the whole set at once, on a thread of its own. */
    private static void parsePass(
            ExecutorService threads, List<ParserPool> pools, List<CorpusFiles.Doc> docs, Path scratch, JobConfig config)
            throws Exception {
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < pools.size(); t++) {
            Path out = scratch.resolve("out-" + t + ".json");
            ParserPool pool = pools.get(t);
            loops.add(threads.submit(() -> {
                parseAll(pool, docs, out, config);
                return null;
            }));
        }
        for (Future<?> f : loops) f.get();
    }

    /** Parses each document in turn; fails naming the documents that did not parse. */
    private static void parseAll(ParserPool pool, List<CorpusFiles.Doc> docs, Path out, JobConfig config)
            throws Exception {
        List<String> failed = new ArrayList<>();
        for (CorpusFiles.Doc d : docs) {
            ParserPool.Outcome o = pool.parse(
                    d.path(),
                    out,
                    null,
                    d.path().getFileName().toString(),
                    config,
                    "job",
                    "item",
                    "file",
                    "project",
                    new TimeLimit(Duration.ofMinutes(5), Duration.ZERO, "the benchmark's limit"));
            if (!o.ok()) failed.add(d.path().getFileName() + ": " + o.code() + " " + o.message());
        }
        if (!failed.isEmpty())
            throw new IllegalStateException(failed.size() + " of " + docs.size() + " documents failed: " + failed);
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
