package dev.batch.aggregator;

import dev.batch.common.config.Setting;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * How long a finished job (completed, failed or cancelled) is kept: {@code after} its end, its
 * records are removed everywhere (status, items, request, the project's index, its blobs and cache
 * entries through {@code blobs}), as a {@code DELETE} of the job does at once.
 */
public record Retention(Duration after, JobBlobCleaner blobs) {
    public static final Setting<Duration> RETENTION = Setting.duration(
            "BATCH_RETENTION",
            Duration.ofDays(30),
            "A finished (completed, failed or cancelled) job is removed this long after it ended: its status, "
                    + "items, results, images, cache entries and webhook delivery log.");
    public static final List<Setting<?>> ALL = List.of(RETENTION);

    /** The default retention, with no blob store to clean (topology tests). */
    public static final Retention DEFAULT = new Retention(RETENTION.defaultValue(), JobBlobCleaner.NONE);

    /** What removes a job's blobs; returns the {@code batch.processing-results} keys whose cache entries it removed. */
    @FunctionalInterface
    public interface JobBlobCleaner {
        JobBlobCleaner NONE = (projectId, jobId, itemIds) -> List.of();

        List<String> delete(String projectId, String jobId, List<String> itemIds) throws IOException;
    }

    /**
     * How often the aggregator looks for jobs whose retention ended: a tenth of the retention,
     * between 1 s and 1 min. Each look costs a commit.
     */
    Duration checkEvery() {
        Duration tenth = after.dividedBy(10);
        if (tenth.compareTo(Duration.ofSeconds(1)) < 0) return Duration.ofSeconds(1);
        return tenth.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : tenth;
    }
}
