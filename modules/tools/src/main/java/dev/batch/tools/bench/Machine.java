package dev.batch.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The machine a benchmark ran on, and the CPU time of its processes. */
final class Machine {
    private Machine() {}

    /**
     * The machine in a few words, e.g. {@code 2 cores (AMD EPYC)}: figures from different runs may
     * come from different hosts, and the CPU model says so.
     */
    static String describe() {
        String model = "";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            model = lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("");
        } catch (IOException | UncheckedIOException e) {
            // not Linux: the core count alone
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return cores + " cores" + (model.isEmpty() ? "" : " (" + model + ")");
    }

    /**
     * This JVM's child processes that are JVMs (the parser JVMs, and a direct loop's), by pid: the
     * scripts' log filter ({@code > >(quiet_logs)}) is a child too, and no parser.
     */
    static List<ProcessHandle> childJvms() {
        return ProcessHandle.current()
                .children()
                .filter(Machine::isJvm)
                .sorted(Comparator.comparingLong(ProcessHandle::pid))
                .toList();
    }

    /** Every JVM below this one: the processes a benchmark started, and the JVMs they started. */
    static List<ProcessHandle> descendantJvms() {
        return ProcessHandle.current().descendants().filter(Machine::isJvm).toList();
    }

    private static boolean isJvm(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    /** CPU seconds a process has used so far (0 when the system does not say). */
    static double cpuSeconds(ProcessHandle p) {
        return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    /**
     * CPU seconds of the finished child processes a process has waited for ({@code cutime} and
     * {@code cstime} in {@code /proc/<pid>/stat}; 0 where there is none): a parser JVM's Tesseract
     * runs, which {@link #cpuSeconds} leaves out. Counts clock ticks of 10 ms, Linux's USER_HZ.
     */
    static double finishedChildrenCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14]))
                    / 100.0; // fields 16 and 17, counted from the state (field 3)
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
