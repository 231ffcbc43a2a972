package dev.batch.worker;

import dev.batch.common.config.Setting;
import java.util.List;

/** Settings of the worker service. */
public final class WorkerSettings {
    public static final Setting<Integer> PARSE_THREADS = Setting.integer("BATCH_PARSE_WORKERS", 2, 0, 64,
            "Parse worker loops in this process (each one consumer in the parse group).");
    public static final Setting<Long> MAX_ITEM_BYTES = Setting.bytes("BATCH_MAX_ITEM_BYTES", 100L * 1024 * 1024,
            "Items larger than this are skipped with skip_reason size_limit_exceeded.");
    public static final List<Setting<?>> ALL = List.of(PARSE_THREADS, MAX_ITEM_BYTES);

    private WorkerSettings() {}
}
