package dev.batch.aggregator;

import dev.batch.common.blob.BlobStore;
import dev.batch.common.blob.JobBlobs;
import dev.batch.common.config.Setting;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * How long a finished job (completed, failed or cancelled) is kept: {@code after} its end, its
 * records are removed everywhere (status, items, request, the project's index at once, its blobs and
 * cache entries next through {@code blobs}), as a {@code DELETE} of the job does at once.
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

    /**
     * What removes a removed job's blobs, off the aggregator's stream thread ({@link JobBlobRemover}):
     * a part of its items at a time, then what is the job's as a whole. Removing twice is harmless.
     */
    public interface JobBlobCleaner {
        JobBlobCleaner NONE = new JobBlobCleaner() {
            @Override
            public List<String> deleteItems(String projectId, String jobId, List<String> itemIds) {
                return List.of();
            }

            @Override
            public void deleteJob(String projectId, String jobId) {}
        };

        /** Deletes the items' blobs; returns the {@code batch.processing-results} keys whose cache entries it removed. */
        List<String> deleteItems(String projectId, String jobId, List<String> itemIds) throws IOException;

        /** Deletes what is the job's as a whole, once its items' blobs are gone. */
        void deleteJob(String projectId, String jobId) throws IOException;

        /** The cleaner of a blob store: {@link JobBlobs}. */
        static JobBlobCleaner of(BlobStore blobs) {
            return new JobBlobCleaner() {
                @Override
                public List<String> deleteItems(String projectId, String jobId, List<String> itemIds)
                        throws IOException {
                    return JobBlobs.deleteItems(blobs, projectId, jobId, itemIds);
                }

                @Override
                public void deleteJob(String projectId, String jobId) throws IOException {
                    JobBlobs.deleteJob(blobs, jobId);
                }
            };
        }
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
