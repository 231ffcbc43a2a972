package dev.batch.tools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Milliseconds other JVMs (parser JVMs, service processes) have spent in their JIT, summed, for
 * {@link JitWarmth}: the JDK's {@code jstat -compiler} reads each from its performance counters, as
 * this JVM's {@code CompilationMXBean} does for itself. The JVMs are listed anew at each reading; a JVM
 * counts from when it is first seen (its whole compilation if it started since), so one that is
 * replaced neither lowers the sum nor hides its successor's warm-up.
 */
final class JvmsJit implements LongSupplier {
    private static final Path JSTAT = Path.of(System.getProperty("java.home"), "bin", "jstat");

    private final Supplier<List<ProcessHandle>> jvms;
    private final Map<Long, Long> lastMillis = new HashMap<>();
    private long sum;

    JvmsJit(Supplier<List<ProcessHandle>> jvms) {
        this.jvms = jvms;
    }

    /** This JVM's JIT milliseconds and those of the JVMs {@code others} reads. */
    static LongSupplier withThisJvm(LongSupplier others) {
        LongSupplier self = JitWarmth.thisJvm();
        return () -> self.getAsLong() + others.getAsLong();
    }

    @Override
    public synchronized long getAsLong() {
        for (ProcessHandle p : jvms.get()) {
            long ms = compiledMillis(p.pid());
            if (ms < 0) continue; // exited meanwhile
            Long before = lastMillis.put(p.pid(), ms);
            sum += ms - (before == null ? 0 : before);
        }
        return sum;
    }

    /** The JIT's total time of one JVM in ms ({@code jstat}'s 10 ms resolution), -1 when it cannot be read. */
    static long compiledMillis(long pid) {
        try {
            Process jstat = new ProcessBuilder(
                            JSTAT.toString(), "-J-XX:TieredStopAtLevel=1", "-compiler", Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(jstat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jstat.waitFor(30, TimeUnit.SECONDS) || jstat.exitValue() != 0) return -1;
            return parse(out);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * {@code jstat -compiler}'s output: a header line ({@code Compiled Failed Invalid Time …}) and a line of
     * values, Time in seconds; -1 when it is not that.
     */
    static long parse(String out) {
        String[] lines = out.strip().split("\\R");
        if (lines.length < 2) return -1;
        String[] names = lines[0].trim().split("\\s+");
        String[] values = lines[1].trim().split("\\s+");
        for (int i = 0; i < names.length && i < values.length; i++) {
            if (names[i].equals("Time")) {
                try {
                    return Math.round(Double.parseDouble(values[i]) * 1000);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
