package dev.batch.worker.parse;

import dev.batch.common.jobs.TimeLimit;
import java.time.Duration;

/**
 * How long one parse may take: its time limit, and once its page count is known, the per-page
 * allowance on top. The arithmetic saturates, so a job's absurd limit means "no limit", never an
 * overflow or an exception between a request and its answer.
 */
final class Deadline {
    private final long perPage;
    private long allowed;
    private long start;

    Deadline(TimeLimit limit) {
        this.allowed = nanos(limit.timeout());
        this.perPage = nanos(limit.perPage());
    }

    /** Starts the clock: the request is with the parser. */
    void start() {
        start = System.nanoTime();
    }

    /** Grants the per-page allowance for {@code pages} pages. */
    void extend(long pages) {
        allowed = saturatedAdd(allowed, saturatedMultiply(perPage, Math.max(0, pages)));
    }

    /** Nanoseconds left, never negative. */
    long left() {
        return Math.max(0, allowed - (System.nanoTime() - start));
    }

    /** All the time this parse was given. */
    Duration allowed() {
        return Duration.ofNanos(allowed);
    }

    /** {@code d} in nanoseconds, 0 when negative and {@link Long#MAX_VALUE} when longer than that. */
    static long nanos(Duration d) {
        if (d.isNegative()) return 0;
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }

    static long saturatedMultiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
    }
}
