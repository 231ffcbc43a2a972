package dev.batch.worker;

import dev.batch.events.ItemResult;
import dev.batch.events.ItemTask;

/**
 * Turns one task into its outcome. Never throws for a bad file: a file that cannot be processed is
 * a {@code failed} result with an error code and message. It may throw for infrastructure faults
 * (the blob store is unreachable), which the worker retries.
 */
public interface TaskProcessor {
    ItemResult process(ItemTask task) throws Exception;
}
