package dev.batch.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: after each of {@code BATCH_WEBHOOK_RETRY_DELAYS} in turn,
 * plus up to 10% jitter (receivers that failed together are not hit together again); after the
 * last, it is given up. A round is one pass through the schedule; a re-send starts a new one.
 */
final class RetrySchedule {
    private final List<Duration> delays;

    RetrySchedule(List<Duration> delays) {
        this.delays = List.copyOf(delays);
    }

    /** Whether the {@code attempt}-th attempt of a round (from 1) was its last. */
    boolean exhausted(int attempt) {
        return attempt > delays.size();
    }

    /** When the attempt after the {@code attempt}-th of a round, made at {@code at}, is due. */
    Instant next(Instant at, int attempt) {
        Duration wait = delays.get(attempt - 1);
        long jitter =
                (long) (wait.toMillis() * 0.1 * ThreadLocalRandom.current().nextDouble());
        return at.plus(wait).plusMillis(jitter);
    }
}
