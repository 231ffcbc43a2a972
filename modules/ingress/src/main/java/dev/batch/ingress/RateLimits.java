package dev.batch.ingress;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket per API key (by the key's hash): it holds up to {@code burst} requests and refills
 * at {@code perSecond}; a request takes one token or waits. A bucket left alone until it is full
 * again is the same as a new one, so such buckets are dropped: memory follows the keys used within
 * the last {@code burst / perSecond} seconds, and only keys that authenticated get a bucket.
 */
public final class RateLimits {
    private static final long SECOND = 1_000_000_000L;
    private final int perSecond;
    private final int burst;
    private final LongSupplier nanoTime;
    private final long sweepEvery;
    private final AtomicLong nextSweep;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Tokens as they were at {@code at} (nanoTime); immutable, so a sweep removes only a bucket no request changed meanwhile. */
    private record Bucket(double tokens, long at) {}

    /** {@code perSecond} 0: no limit. */
    public RateLimits(int perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond < 0 || burst < 1)
            throw new IllegalArgumentException("perSecond >= 0 and burst >= 1, got " + perSecond + ", " + burst);
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        // Sweep about as often as an emptied bucket takes to fill: the map holds at most the keys of two such spans.
        this.sweepEvery =
                perSecond == 0 ? SECOND : Math.max(SECOND, (long) Math.ceil((double) burst / perSecond * SECOND));
        this.nextSweep = new AtomicLong(nanoTime.getAsLong() + sweepEvery);
    }

    public static RateLimits off() {
        return new RateLimits(0, 1, System::nanoTime);
    }

    public int perSecond() {
        return perSecond;
    }

    public int burst() {
        return burst;
    }

    /** 0 when the key's request may go ahead now (a token taken); otherwise the whole seconds, at least 1, until it may. */
    public long take(String keyHash) {
        if (perSecond == 0) return 0;
        long now = nanoTime.getAsLong();
        sweep(now);
        long[] waitNanos = {0};
        buckets.compute(keyHash, (k, b) -> {
            double tokens = b == null ? burst : refilled(b, now);
            long at = b == null ? now : Math.max(b.at(), now);
            if (tokens >= 1) return new Bucket(tokens - 1, at);
            waitNanos[0] = (long) Math.ceil((1 - tokens) * SECOND / perSecond);
            return new Bucket(tokens, at);
        });
        return waitNanos[0] == 0 ? 0 : Math.max(1, (waitNanos[0] + SECOND - 1) / SECOND);
    }

    private double refilled(Bucket b, long now) {
        return Math.min(burst, b.tokens() + (double) Math.max(0, now - b.at()) * perSecond / SECOND);
    }

    /** Buckets held now (tests: idle ones go). */
    int size() {
        return buckets.size();
    }

    private void sweep(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + sweepEvery)) return;
        buckets.values().removeIf(b -> refilled(b, now) >= burst);
    }
}
