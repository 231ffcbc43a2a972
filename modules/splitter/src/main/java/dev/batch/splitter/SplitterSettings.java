package dev.batch.splitter;

import dev.batch.common.config.Config;
import dev.batch.common.config.Setting;
import java.time.Duration;
import java.util.List;

/**
 * How the splitter paces jobs: items per transaction, how long it waits for its catalog, and how
 * much of a job may wait in the task topics at once (its window: what the job's observed finish
 * rate gets done in {@code queueTarget}, at least {@code minWindow}).
 */
public record SplitterSettings(
        Duration tick,
        int maxItemsPerTick,
        Duration maxCatalogWait,
        Duration maxItemsWait,
        int minWindow,
        Duration queueTarget,
        Duration sampleEvery) {
    public static final Setting<Integer> MAX_ITEMS_PER_TICK = Setting.integer(
            "BATCH_SPLITTER_ITEMS_PER_TICK",
            5000,
            1,
            1_000_000,
            "Most items the splitter dispatches in one transaction, across jobs.");
    public static final Setting<Duration> MAX_CATALOG_WAIT = Setting.duration(
            "BATCH_SPLITTER_CATALOG_WAIT",
            Duration.ofSeconds(60),
            "How long a directory job waits for the splitter's catalog to reach the job's watermark before it lists what is there.");
    public static final Setting<Duration> MAX_ITEMS_WAIT = Setting.duration(
            "BATCH_SPLITTER_ITEMS_WAIT",
            Duration.ofSeconds(5),
            "How long an item_ids job waits for the splitter's catalog to show each of its items as a file of its project"
                    + " (a file uploaded through another instance a moment ago); then the job fails naming the unknown ids.");
    public static final Setting<Duration> QUEUE_TARGET = Setting.duration(
            "BATCH_JOB_QUEUE_TARGET",
            Duration.ofSeconds(2),
            "How much work of one job may wait in the task topics: the items its observed finish rate gets done in this time."
                    + " Another job's items wait behind about this much of it; longer gives big jobs more slack, shorter makes"
                    + " the service fairer to small ones.");
    public static final Setting<Integer> MIN_WINDOW = Setting.integer(
            "BATCH_JOB_MIN_WINDOW",
            64,
            1,
            100_000,
            "Items of one job that may be dispatched and unfinished at once before its finish rate is known (and at least ever after).");
    public static final List<Setting<?>> ALL =
            List.of(MAX_ITEMS_PER_TICK, MAX_CATALOG_WAIT, MAX_ITEMS_WAIT, QUEUE_TARGET, MIN_WINDOW);

    private static final Duration TICK = Duration.ofMillis(10);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);

    public static SplitterSettings from(Config config) {
        return new SplitterSettings(
                TICK,
                config.get(MAX_ITEMS_PER_TICK),
                config.get(MAX_CATALOG_WAIT),
                config.get(MAX_ITEMS_WAIT),
                config.get(MIN_WINDOW),
                config.get(QUEUE_TARGET),
                SAMPLE_EVERY);
    }

    public static SplitterSettings defaults() {
        return new SplitterSettings(
                TICK,
                MAX_ITEMS_PER_TICK.defaultValue(),
                MAX_CATALOG_WAIT.defaultValue(),
                MAX_ITEMS_WAIT.defaultValue(),
                MIN_WINDOW.defaultValue(),
                QUEUE_TARGET.defaultValue(),
                SAMPLE_EVERY);
    }
}
