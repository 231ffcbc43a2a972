package dev.batch.worker.parse;

/** More pages failed than {@code page_error_tolerance} allows: the item fails with this message. */
public final class PageFailures extends Exception {
    public PageFailures(String message) {
        super(message);
    }
}
