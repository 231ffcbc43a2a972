package dev.batch.client;

/**
 * A call the server refused (its status and what it said) or that never got an answer (status 0:
 * the server could not be reached, or the caller was interrupted).
 */
public final class ApiCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiCallException(int status, String message) {
        this(status, message, null);
    }

    public ApiCallException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }
}
