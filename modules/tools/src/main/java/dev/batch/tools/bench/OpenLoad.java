package dev.batch.tools.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load at a fixed rate, in a JVM of its own (its heap, GC and JIT apart from the server's;
 * the cores are shared, so it spends as little CPU as it can): request {@code i} is due at {@code start + i / rate} and is sent then
 * whether or not earlier ones have been answered; its latency runs from when it was due to its answer,
 * so a stall counts against every request it held up (coordinated omission corrected). The requests
 * go over keep-alive connections, a new one whenever every open one is busy ({@link KeepAliveLoad}).
 * Latencies go into an HdrHistogram (microseconds, 3 significant digits). A warm-up at the same rate comes first and
 * is not recorded. The last line on standard output is
 * {@code p50_ms p99_ms max_ms count non2xx errors}. Arguments: method, url, API key, body ("-" for
 * none), rate per second, warm-up seconds, measured seconds.
 */
final class OpenLoad {
    private OpenLoad() {}

    /** One phase's figures. */
    record Result(double p50, double p99, double max, long count, long non2xx, long errors) {
        static Result parse(String line) {
            String[] f = line.trim().split(" ");
            return new Result(
                    Double.parseDouble(f[0]),
                    Double.parseDouble(f[1]),
                    Double.parseDouble(f[2]),
                    Long.parseLong(f[3]),
                    Long.parseLong(f[4]),
                    Long.parseLong(f[5]));
        }

        @Override
        public String toString() {
            return String.format(
                    "p50 %.2f ms, p99 %.2f ms, max %.1f ms over %,d requests (%d not 2xx, %d errors)",
                    p50, p99, max, count, non2xx, errors);
        }
    }

    /** Runs the load in a JVM of its own with this JVM's class path; its figures. */
    static Result run(String method, String url, String key, String body, int rate, int warmUp, int seconds)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                OpenLoad.class.getName(),
                method,
                url,
                key,
                body == null ? "-" : body,
                Integer.toString(rate),
                Integer.toString(warmUp),
                Integer.toString(seconds)));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) throw new IllegalStateException("the load generator failed: " + out);
        return Result.parse(out.substring(out.lastIndexOf('\n') + 1));
    }

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        String method = args[0];
        URI url = URI.create(args[1]);
        String key = args[2];
        String body = args[3].equals("-") ? null : args[3];
        int rate = Integer.parseInt(args[4]);
        int warmUp = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);
        KeepAliveLoad load = new KeepAliveLoad(method, url, key, body);
        load.drive(rate, warmUp, false);
        Histogram h = load.drive(rate, seconds, true);
        protocol.printf(
                "%.3f %.3f %.3f %d %d %d%n",
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0,
                h.getTotalCount(),
                load.non2xx.get(),
                load.errors.get());
        System.err.printf(
                "load generator: %s %s at %d/s, its JVM used %.1f s of CPU%n",
                method,
                url.getPath(),
                rate,
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                                .getProcessCpuTime()
                        / 1e9);
    }
}
