package dev.batch.common.webhooks;

import dev.batch.common.query.NotAvailableException;
import dev.batch.events.WebhookAttempt;
import java.util.List;

/**
 * Every delivery attempt of a job's webhooks, oldest first (time, receiver, status code or error,
 * duration, outcome); {@link NotAvailableException} while the log is moving between instances.
 */
public interface DeliveryLog {
    List<WebhookAttempt> attempts(String jobId);
}
