package dev.batch.app.bench;

import dev.batch.worker.parse.ParserPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code scripts/bench-parser-jvm [passes] [jvm flags…]}: one parser JVM, as the worker runs it
 * (through {@link ParserPool}, the flags added after its own), parses the corpus's text PDFs one
 * after the other, pass after pass; prints pages per minute and the JVM's RSS after each pass. The
 * mean of the second half of the passes counts. For weighing a parser JVM's memory against its
 * speed: {@code scripts/bench-parser-jvm 12 -Xms64m}. Last line: {@code pages_per_min=… rss_mb=…}.
 */
public final class ParserJvmBench {
    private ParserJvmBench() {}

    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        List<String> flags = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of();
        List<CorpusFiles.Doc> docs = CorpusFiles.textPdfs();
        int pages = docs.stream().mapToInt(CorpusFiles.Doc::pages).sum();
        System.out.printf("%d text PDFs, %d pages a pass; parser JVM flags added: %s; %d cores%n", docs.size(), pages,
                flags.isEmpty() ? "(none)" : String.join(" ", flags), Runtime.getRuntime().availableProcessors());
        Path out = Files.createTempFile("bench-parser-jvm-", ".json");
        List<Double> speeds = new ArrayList<>();
        long rss = 0;
        try (ParserPool pool = new ParserPool(1, "1g", flags)) {
            for (int pass = 0; pass < passes; pass++) {
                long t0 = System.nanoTime();
                for (CorpusFiles.Doc d : docs) {
                    ParserPool.Outcome o = pool.parse(d.path(), out, null, d.path().getFileName().toString(), "{}", "job", "item", "file",
                            "project", Duration.ofMinutes(5), Duration.ZERO);
                    if (!o.ok()) System.out.printf("  %s: %s %s%n", d.path().getFileName(), o.code(), o.message());
                }
                double ppm = pages * 60e9 / (System.nanoTime() - t0);
                rss = ProcessHandle.current().children().mapToLong(p -> MemoryPeaks.rss(p.pid())).sum();
                System.out.printf("pass %2d: %7.0f pages/min   parser JVM RSS %d MB%n", pass, ppm, rss >> 20);
                if (pass >= passes / 2) speeds.add(ppm);
            }
        } finally {
            Files.deleteIfExists(out);
        }
        double mean = speeds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        System.out.printf("pages_per_min=%.0f rss_mb=%d%n", mean, rss >> 20);
    }
}
