package dev.batch.common.webhooks;

import dev.batch.events.WebhookAttempt;
import java.util.List;

/** Every delivery attempt of a job's webhooks, oldest first (time, receiver, status code or error, duration, outcome). */
public interface DeliveryLog {
    List<WebhookAttempt> attempts(String jobId);
}
