package dev.batch.tools.bench;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * When a benchmark's side is warm: after the warm-up time, at the first run during which its JVM's
 * JIT compiled for less than 5% of the run's time; at most four warm-up times. Runs after that all
 * count. The system JVM holds a broker, Streams and Jetty and keeps compiling for minutes: counting
 * from a fixed time measured the JIT, not the system (bench-parse's pipeline, bench-latency's
 * {@code POST}s).
 */
final class JitWarmth {
    private final LongSupplier compiledMillis;
    private final long start = System.nanoTime();
    private final long warmUpNanos;
    private long jitMillis;
    private double lastShare = 1;
    private boolean warm;

    /** For this JVM. */
    JitWarmth(long warmUpNanos) {
        this(warmUpNanos, thisJvm());
    }

    /** This JVM's total JIT milliseconds. */
    static LongSupplier thisJvm() {
        return ManagementFactory.getCompilationMXBean()::getTotalCompilationTime;
    }

    /** For a JVM whose total JIT milliseconds {@code compiledMillis} reports. */
    JitWarmth(long warmUpNanos, LongSupplier compiledMillis) {
        this.warmUpNanos = warmUpNanos;
        this.compiledMillis = compiledMillis;
        this.jitMillis = compiledMillis.getAsLong();
    }

    boolean warm() {
        return warm;
    }

    /** After each run: how long it took; decides whether the runs from now on count. */
    void ran(double seconds) {
        long now = compiledMillis.getAsLong();
        lastShare = (now - jitMillis) / (seconds * 1000);
        jitMillis = now;
        long elapsed = System.nanoTime() - start;
        if (elapsed >= warmUpNanos && lastShare < 0.05 || elapsed >= 4 * warmUpNanos) warm = true;
    }

    double lastJitShare() {
        return lastShare;
    }
}
