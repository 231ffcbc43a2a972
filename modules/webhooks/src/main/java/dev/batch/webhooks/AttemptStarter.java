package dev.batch.webhooks;

import dev.batch.events.QueuedEvent;
import dev.batch.events.WebhookQueue;

/**
 * Where the route processor hands the head of a queue for a delivery attempt, made off the stream
 * thread; its outcome comes back as a {@code WebhookAttempt} on {@code batch.webhook-attempts},
 * with the attempt's id in the header {@link #ATTEMPT_ID}.
 */
interface AttemptStarter {
    /** The header naming the attempt a {@code WebhookAttempt} reports, as the starter gave it out. */
    String ATTEMPT_ID = "webhook-attempt-id";

    /** Starts the head's next attempt, unless this queue has one in flight (or its project has its share). */
    void submit(String key, WebhookQueue queue, QueuedEvent head);

    /**
     * The outcome of attempt {@code attemptId} of this queue was read: when it is the one in flight
     * here, the next attempt may start. Another instance's attempt (before a restart or a rebalance)
     * does not free this instance's.
     */
    void done(String key, String attemptId);
}
