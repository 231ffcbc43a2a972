package dev.batch.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(42 * 1_000 * MS);

    @Test
    void letsABurstThroughThenOneRequestPerRefilledToken() {
        RateLimits limits = new RateLimits(2, 3, now::get);
        for (int i = 0; i < 3; i++)
            assertThat(limits.take("key-a"))
                    .as("request %d of the burst", i + 1)
                    .isZero();
        assertThat(limits.take("key-a")).isEqualTo(1);
        now.addAndGet(499 * MS);
        assertThat(limits.take("key-a")).as("half a token refilled").isEqualTo(1);
        now.addAndGet(MS);
        assertThat(limits.take("key-a"))
                .as("one token after 500 ms at 2 a second")
                .isZero();
        assertThat(limits.take("key-a")).isEqualTo(1);
        now.addAndGet(10_000 * MS);
        for (int i = 0; i < 3; i++)
            assertThat(limits.take("key-a"))
                    .as("refilled up to the burst, not beyond")
                    .isZero();
        assertThat(limits.take("key-a")).isEqualTo(1);
    }

    @Test
    void aRefusedRequestCostsNothingAndTheWaitIsWholeSecondsAtLeastOne() {
        RateLimits limits = new RateLimits(1, 1, now::get);
        assertThat(limits.take("key-a")).isZero();
        now.addAndGet(900 * MS);
        for (int i = 0; i < 5; i++)
            assertThat(limits.take("key-a")).as("0.1 s left, told 1 s").isEqualTo(1);
        now.addAndGet(100 * MS);
        assertThat(limits.take("key-a"))
                .as("the refused requests took no token")
                .isZero();
    }

    @Test
    void eachKeyHasABucketOfItsOwn() {
        RateLimits limits = new RateLimits(1, 2, now::get);
        limits.take("key-a");
        limits.take("key-a");
        assertThat(limits.take("key-a")).isEqualTo(1);
        assertThat(limits.take("key-b")).isZero();
        assertThat(limits.take("key-b")).isZero();
    }

    @Test
    void dropsTheBucketsOfKeysLeftAloneUntilTheirBucketIsFull() {
        RateLimits limits = new RateLimits(10, 20, now::get);
        for (int i = 0; i < 10_000; i++) limits.take("key-" + i);
        assertThat(limits.size()).isEqualTo(10_000);
        now.addAndGet(1_000 * MS);
        for (int i = 0; i < 20; i++) assertThat(limits.take("key-busy")).isZero();
        now.addAndGet(1_500 * MS);
        assertThat(limits.take("key-busy")).as("15 tokens back, one taken").isZero();
        assertThat(limits.size())
                .as("only the key still drawing on its bucket is held")
                .isEqualTo(1);
        for (int i = 0; i < 14; i++) assertThat(limits.take("key-busy")).isZero();
        assertThat(limits.take("key-busy")).as("the kept bucket kept its count").isEqualTo(1);
    }

    @Test
    void zeroPerSecondLimitsNothing() {
        RateLimits limits = new RateLimits(0, 1, now::get);
        for (int i = 0; i < 1_000; i++) assertThat(limits.take("key-a")).isZero();
        assertThat(limits.size()).isZero();
    }
}
