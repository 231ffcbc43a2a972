package dev.batch.worker;

import dev.batch.events.FileRecord;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemTask;
import java.io.IOException;

/**
 * Does the work on one document whose file has been resolved and checked: parse it, classify it.
 * A bad document is a {@code failed} result built on {@code result}; an {@link IOException} is an
 * infrastructure fault (the blob store) that the worker retries.
 */
public interface DocumentProcessor {
    ItemResult process(ItemTask task, FileRecord file, ItemResult.Builder result) throws IOException;
}
