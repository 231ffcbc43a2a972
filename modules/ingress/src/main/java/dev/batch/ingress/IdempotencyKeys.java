package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.Hashes;
import dev.batch.common.blob.BlobStore;
import dev.batch.common.blob.JobBlobs;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A client's idempotency keys ({@code Idempotency-Key} of a batch job, {@code transaction_id} of a
 * classify job), scoped to the project: the first request under a key creates something and leaves
 * a record in the blob store every instance shares; a later one with the same key is answered from
 * that record, across restarts. One lock per key on this instance keeps two concurrent first requests
 * from both creating.
 */
final class IdempotencyKeys {
    /** What a request under a key got: {@code replayed} when an earlier request had created it. */
    record Outcome<T>(T value, boolean replayed) {}

    /**
     * What a first request created, the record kept for the ones after it, and the batch job it
     * made: the record goes when that job is removed (its retention, a {@code DELETE}), and the key
     * then creates a new job.
     */
    record Created<T>(T value, Object record, String jobId) {}

    @FunctionalInterface
    interface Creation<T> {
        Created<T> create() throws Exception;
    }

    @FunctionalInterface
    interface Replay<T> {
        Optional<T> replay(JsonNode record) throws Exception;
    }

    private final BlobStore blobs;
    private final String folder;
    private final Object[] locks = new Object[64];

    /** {@code folder}: where this kind of key keeps its records in the blob store. */
    IdempotencyKeys(BlobStore blobs, String folder) {
        this.blobs = blobs;
        this.folder = folder;
        for (int i = 0; i < locks.length; i++) locks[i] = new Object();
    }

    /**
     * The answer {@code replay} gives from the record of an earlier request under the project's
     * {@code key}; when there is none, or {@code replay} finds nothing in it, what {@code create}
     * makes now, its record kept.
     */
    <T> Outcome<T> once(String project, String key, Replay<T> replay, Creation<T> create) throws Exception {
        String keyHash = Hashes.sha256Hex(project + "\n" + key);
        String objectKey = folder + "/" + keyHash + ".json";
        synchronized (locks[Math.floorMod(keyHash.hashCode(), locks.length)]) {
            Optional<byte[]> seen = blobs.getObject(objectKey);
            if (seen.isPresent()) {
                Optional<T> earlier = replay.replay(Json.MAPPER.readTree(seen.get()));
                if (earlier.isPresent()) return new Outcome<>(earlier.get(), true);
            }
            Created<T> created = create.create();
            // The job names its record first: a record is never left without a way to its removal.
            blobs.putObject(JobBlobs.keyRecordOf(created.jobId()), objectKey.getBytes(StandardCharsets.UTF_8));
            blobs.putObject(objectKey, Json.MAPPER.writeValueAsBytes(created.record()));
            return new Outcome<>(created.value(), false);
        }
    }
}
