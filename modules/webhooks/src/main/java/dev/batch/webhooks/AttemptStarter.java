package dev.batch.webhooks;

import dev.batch.events.QueuedEvent;
import dev.batch.events.WebhookQueue;

/**
 * Where the route processor hands the head of a queue for a delivery attempt, made off the stream
 * thread; its outcome comes back as a {@code WebhookAttempt} on {@code batch.webhook-attempts}.
 */
interface AttemptStarter {
    /** Starts the head's next attempt, unless this queue has one in flight (or its project has its share). */
    void submit(String key, WebhookQueue queue, QueuedEvent head);

    /** The outcome of this queue's attempt was read: its next attempt may start. */
    void done(String key);
}
