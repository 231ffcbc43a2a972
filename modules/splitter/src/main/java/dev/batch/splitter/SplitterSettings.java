package dev.batch.splitter;

import dev.batch.common.config.Config;
import dev.batch.common.config.Setting;
import java.time.Duration;
import java.util.List;

/** How the splitter paces directory jobs. */
public record SplitterSettings(Duration tick, int maxItemsPerTick, Duration maxCatalogWait) {
    public static final Setting<Integer> MAX_ITEMS_PER_TICK = Setting.integer("BATCH_SPLITTER_ITEMS_PER_TICK", 5000, 1, 1_000_000,
            "Most directory items the splitter dispatches in one transaction, across jobs.");
    public static final Setting<Duration> MAX_CATALOG_WAIT = Setting.duration("BATCH_SPLITTER_CATALOG_WAIT", Duration.ofSeconds(60),
            "How long a directory job waits for the splitter's catalog to reach the job's watermark before it lists what is there.");
    public static final List<Setting<?>> ALL = List.of(MAX_ITEMS_PER_TICK, MAX_CATALOG_WAIT);

    public static SplitterSettings from(Config config) {
        return new SplitterSettings(Duration.ofMillis(10), config.get(MAX_ITEMS_PER_TICK), config.get(MAX_CATALOG_WAIT));
    }

    public static SplitterSettings defaults() {
        return new SplitterSettings(Duration.ofMillis(10), 5000, Duration.ofSeconds(60));
    }
}
