package dev.batch.common.query;

import dev.batch.events.JobStatus;
import java.util.Optional;

/**
 * Reads job status from wherever it is kept (the aggregator's state store, locally or on the
 * instance that owns the key). Throws {@link NotAvailableException} while the store is
 * rebuilding or moving, which the HTTP edge answers with 503 and Retry-After.
 */
public interface JobLookup {
    Optional<JobStatus> job(String jobId);

    final class NotAvailableException extends RuntimeException {
        public NotAvailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
