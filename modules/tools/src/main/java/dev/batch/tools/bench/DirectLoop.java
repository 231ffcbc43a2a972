package dev.batch.tools.bench;

import dev.batch.worker.parse.DocumentParser;
import dev.batch.worker.parse.ParseOptions;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The direct side of {@code bench-parse}: the parser called in a loop in this JVM, no pipeline around
 * it. {@link ParseBench} starts it as a JVM of its own with the system JVM's flags, so that it can run between
 * pipeline runs without sharing the system JVM's heap. Each line on standard input runs the set
 * {@code copies} times on {@code threads} threads; each answer line is
 * {@code <pages per minute> <seconds> <this JVM's total JIT milliseconds>}.
 */
final class DirectLoop implements AutoCloseable {
    private final Process process;
    private final BufferedReader answers;
    private final PrintStream requests;
    private volatile long jitMillis;

    /** A run's figures. */
    record Run(double pagesPerMinute, double seconds) {}

    private DirectLoop(Process process) throws IOException {
        this.process = process;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.requests = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready = answers.readLine();
        if (ready == null || !ready.startsWith("ready "))
            throw new IOException("the direct loop's JVM did not start: " + ready);
        jitMillis = Long.parseLong(ready.substring("ready ".length()).trim());
    }

    /** Starts the loop's JVM with this JVM's flags and class path. */
    static DirectLoop start(int copies, int threads) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                DirectLoop.class.getName(),
                Integer.toString(copies),
                Integer.toString(threads)));
        return new DirectLoop(new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
    }

    Run run() throws IOException {
        requests.println("run");
        String line = answers.readLine();
        if (line == null) throw new IOException("the direct loop's JVM died");
        String[] f = line.trim().split(" ");
        jitMillis = Long.parseLong(f[2]);
        return new Run(Double.parseDouble(f[0]), Double.parseDouble(f[1]));
    }

    /** The loop JVM's total JIT time as of its last answer. */
    long jitMillis() {
        return jitMillis;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        requests.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }

    public static void main(String[] args) throws Exception {
        // Standard output is the protocol; logging goes to standard error.
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        int copies = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        List<CorpusFiles.Doc> docs = CorpusFiles.textPdfs();
        int pagesPerSet = docs.stream().mapToInt(CorpusFiles.Doc::pages).sum();
        DocumentParser parser = new DocumentParser();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        protocol.println("ready " + jit.getTotalCompilationTime());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            long t0 = System.nanoTime();
            double ppm = ParseBench.pagesPerMinute(docs, copies, threads, pagesPerSet, doc -> {
                try (InputStream content = Files.newInputStream(doc)) {
                    parser.parse(content, doc.getFileName().toString(), ParseOptions.of("{}"));
                }
            });
            protocol.println(ppm + " " + (System.nanoTime() - t0) / 1e9 + " " + jit.getTotalCompilationTime());
        }
    }
}
