package dev.batch.common.query;

/**
 * State this instance reads is not there right now: a store is restoring or moving to another
 * instance, the instance that owns a key does not answer, or the cluster does not answer. It
 * passes; the HTTP edge answers 503 with Retry-After, which the SDKs retry.
 */
public class NotAvailableException extends RuntimeException {
    public NotAvailableException(String message) {
        super(message);
    }

    public NotAvailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
