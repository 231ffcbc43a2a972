package dev.batch.client;

import java.time.Duration;

/** How a client waits out a 429: up to {@code maxRetries} times, never longer than {@code maxWait} at once. */
record RateLimitRetry(int maxRetries, Duration maxWait) {
    /** How long to wait before retry number {@code retry} (null: answer the 429 instead). */
    Duration wait(int retry, String retryAfter) {
        Duration wait = Duration.ofSeconds(Math.max(1, seconds(retryAfter)));
        return retry >= maxRetries || wait.compareTo(maxWait) > 0 ? null : wait;
    }

    /** Retry-After in seconds; an HTTP date or anything else counts as one second. */
    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.strip());
        } catch (NumberFormatException httpDate) {
            return 1;
        }
    }
}
