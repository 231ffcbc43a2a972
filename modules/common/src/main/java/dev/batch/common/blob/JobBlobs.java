package dev.batch.common.blob;

import dev.batch.common.Ids;
import dev.batch.events.ProcessingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every object of the blob store that belongs to one batch job, and their removal when the job's
 * retention ends: its results ({@code results/<job>/…}), each item's saved images ({@code
 * images/<parse job>/…}), the result index and {@code already_processed} cache entries whose
 * lineage is the job (an entry another job wrote for the same item or content stays), and the record
 * of a standalone classify or extract job ({@code classify-v2/jobs/<cjb>.json}, {@code
 * extract-v2/jobs/<ejb>.json}), and the record of the idempotency key that created it (named by
 * {@link #keyRecordOf}), so that key creates a new job after. Uploaded files are not the job's: they
 * have their own lifecycle.
 */
public final class JobBlobs {
    /** The records an idempotency key leaves: {@code <folder>/<sha-256 of project and key>.json}. */
    private static final Pattern KEY_RECORD = Pattern.compile("[a-z0-9-]+(/[a-z0-9-]+)*/[0-9a-f]{64}\\.json");

    private JobBlobs() {}

    /**
     * Where the key of the idempotency record that created {@code jobId} is written ({@code
     * job-keys/<job>}, holding that record's key), so the record goes with the job.
     */
    public static String keyRecordOf(String jobId) {
        return "job-keys/" + jobId;
    }

    /**
     * Deletes the job's objects and returns the keys of the {@code batch.processing-results} entries
     * its removed cache entries had ({@code <project>:<content hash>:<parameters hash>}), for
     * tombstones. Deleting twice is harmless.
     */
    public static List<String> delete(BlobStore blobs, String projectId, String jobId, Collection<String> itemIds)
            throws IOException {
        List<String> lineageKeys = deleteItems(blobs, projectId, jobId, itemIds);
        deleteJob(blobs, jobId);
        return lineageKeys;
    }

    /**
     * What {@link #delete} removes of these items (a big job's are removed a part at a time); returns
     * the keys of the removed cache entries' lineage records.
     */
    public static List<String> deleteItems(BlobStore blobs, String projectId, String jobId, Collection<String> itemIds)
            throws IOException {
        List<String> lineageKeys = new ArrayList<>();
        for (String itemId : itemIds) {
            deleteFolder(blobs, "images/" + Ids.parseJob(jobId, itemId));
            blobs.deleteObject("results/" + jobId + "/" + itemId + ".json"); // the folder's listing stays short
            blobs.deleteObject("extract-v2/jobs/" + Ids.extractJob(jobId, itemId) + ".json");
            for (ProcessingResult r : ResultIndex.results(blobs, itemId, projectId)) {
                if (!jobId.equals(r.getJobId())) continue;
                if (deleteCacheEntry(blobs, r)) lineageKeys.add(lineageKey(r));
                Optional<ProcessingResult> earlier = earlierOfTheSameItem(blobs, r);
                if (earlier.isPresent()) ResultIndex.put(blobs, itemId, r.getParametersHash(), earlier.get());
                else blobs.deleteObject(ResultIndex.itemKey(itemId, r.getParametersHash()));
            }
        }
        return lineageKeys;
    }

    /** What {@link #delete} removes of the job as a whole, once its items' objects are gone. */
    public static void deleteJob(BlobStore blobs, String jobId) throws IOException {
        deleteKeyRecord(blobs, jobId);
        deleteFolder(blobs, "results/" + jobId);
        if (jobId.startsWith("bjb-")) blobs.deleteObject("classify-v2/jobs/" + Ids.classifyJob(jobId) + ".json");
    }

    /** The key of a lineage record on {@code batch.processing-results}: one per project, content and parameters. */
    public static String lineageKey(ProcessingResult r) {
        return r.getProjectId() + ":" + r.getContentHash() + ":" + r.getParametersHash();
    }

    /**
     * The result another job still keeps of the same item, content and parameters (the one the cache
     * names, when it is stored): jobs over the same file share the item's index entry, which the
     * later one overwrote, so removing it falls back to the earlier one's rather than to nothing.
     */
    private static Optional<ProcessingResult> earlierOfTheSameItem(BlobStore blobs, ProcessingResult removed)
            throws IOException {
        Optional<ProcessingResult> cached = ResultIndex.cached(
                blobs, removed.getProjectId(), removed.getContentHash(), removed.getParametersHash());
        if (cached.isEmpty()
                || cached.get().getJobId().equals(removed.getJobId())
                || !cached.get().getItemId().equals(removed.getItemId())) return Optional.empty();
        return blobs.getObject(cached.get().getOutputLocation()).isPresent() ? cached : Optional.empty();
    }

    /** Removes the cache entry when it is still this lineage's (a later job may have refreshed it). */
    private static boolean deleteCacheEntry(BlobStore blobs, ProcessingResult r) throws IOException {
        Optional<ProcessingResult> cached =
                ResultIndex.cached(blobs, r.getProjectId(), r.getContentHash(), r.getParametersHash());
        if (cached.isEmpty() || !r.getJobId().equals(cached.get().getJobId())) return false;
        blobs.deleteObject(ResultIndex.cacheKey(r.getProjectId(), r.getContentHash(), r.getParametersHash()));
        return true;
    }

    private static void deleteKeyRecord(BlobStore blobs, String jobId) throws IOException {
        String ref = keyRecordOf(jobId);
        Optional<byte[]> named = blobs.getObject(ref);
        if (named.isEmpty()) return;
        String record = new String(named.get(), StandardCharsets.UTF_8).strip();
        if (KEY_RECORD.matcher(record).matches()) blobs.deleteObject(record);
        blobs.deleteObject(ref);
    }

    private static void deleteFolder(BlobStore blobs, String prefix) throws IOException {
        for (String key : blobs.listObjects(prefix)) blobs.deleteObject(key);
        try {
            // A local store keeps the emptied folder as a directory: deleting its key removes it (no-op in S3).
            blobs.deleteObject(prefix);
        } catch (DirectoryNotEmptyException e) {
            // something was written into it meanwhile: the folder stays
        }
    }
}
