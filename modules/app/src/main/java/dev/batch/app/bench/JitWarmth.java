package dev.batch.app.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * When a benchmark's side is warm: after the warm-up time, at the first run during which this JVM's
 * JIT compiled for less than 5% of the run's time; at most four warm-up times. Runs after that all
 * count. The system JVM holds a broker, Streams and Jetty and keeps compiling for minutes: counting
 * from a fixed time measured the JIT, not the system (bench-parse's pipeline, bench-latency's
 * {@code POST}s).
 */
final class JitWarmth {
    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final long start = System.nanoTime();
    private final long warmUpNanos;
    private long jitMillis = jit.getTotalCompilationTime();
    private double lastShare = 1;
    private boolean warm;

    JitWarmth(long warmUpNanos) {
        this.warmUpNanos = warmUpNanos;
    }

    boolean warm() {
        return warm;
    }

    /** After each run: how long it took; decides whether the runs from now on count. */
    void ran(double seconds) {
        long now = jit.getTotalCompilationTime();
        lastShare = (now - jitMillis) / (seconds * 1000);
        jitMillis = now;
        long elapsed = System.nanoTime() - start;
        if (elapsed >= warmUpNanos && lastShare < 0.05 || elapsed >= 4 * warmUpNanos) warm = true;
    }

    double lastJitShare() {
        return lastShare;
    }
}
