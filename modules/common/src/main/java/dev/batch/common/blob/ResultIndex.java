package dev.batch.common.blob;

import dev.batch.common.Hashes;
import dev.batch.common.kafka.AvroSerdes;
import dev.batch.events.ProcessingResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;

/**
 * Where processing results are indexed in the blob store: by item, one object per parameters hash
 * ({@code result-index/<shard>/<item>.<parameters hash>.avro}), and by project, content and parameters
 * for {@code already_processed} ({@code result-cache/<shard>/<content hash>.<parameters hash>.<project digest>.avro}).
 *
 * <p>Entries sit in one of 4,096 shard folders rather than a folder per item or content: that would
 * cost a new directory (an inode and a block) for every document, which is what a local store's file
 * system spends most on when a job has many small items.
 */
public final class ResultIndex {
    private static final Serde<ProcessingResult> SERDE = AvroSerdes.serde(ProcessingResult.class);

    private ResultIndex() {}

    /** An item's entries, one per parameters hash. */
    static List<String> itemKeys(BlobStore blobs, String itemId) throws IOException {
        List<String> keys = new ArrayList<>();
        for (String k : blobs.listObjects(shard(itemId), itemId + ".")) {
            String hashFile = k.substring(k.lastIndexOf('/') + itemId.length() + 2); // "<hash>.avro"
            if (hashFile.indexOf('.') != hashFile.length() - ".avro".length())
                continue; // an item whose id goes on with '.'
            keys.add(k);
        }
        return keys;
    }

    /**
     * Records the result an item has for a parameters hash (a newer one replaces it). For an item
     * skipped as {@code already_processed} it is the result of the item that was processed.
     */
    public static void put(BlobStore blobs, String itemId, String parametersHash, ProcessingResult result)
            throws IOException {
        blobs.putObject(itemKey(itemId, parametersHash), SERDE.serializer().serialize("index", result));
    }

    /** The results an item has in a project: one per parameters hash. */
    public static List<ProcessingResult> results(BlobStore blobs, String itemId, String projectId) throws IOException {
        List<ProcessingResult> out = new ArrayList<>();
        for (String key : itemKeys(blobs, itemId)) {
            Optional<byte[]> bytes = blobs.getObject(key);
            if (bytes.isEmpty()) continue;
            ProcessingResult r = SERDE.deserializer().deserialize("index", bytes.get());
            if (projectId.equals(r.getProjectId())) out.add(r);
        }
        return out;
    }

    static String itemKey(String itemId, String parametersHash) {
        return shard(itemId) + "/" + itemId + "." + parametersHash + ".avro";
    }

    /** String.hashCode is fixed by the language, so every process and version finds the same shard. */
    private static String shard(String folder, String id) {
        return folder + "/"
                + Integer.toHexString(0x1000 | (id.hashCode() & 0xfff))
                        .substring(1); // three hex digits, per item on the worker
    }

    private static String shard(String itemId) {
        return shard("result-index", itemId);
    }

    /**
     * The result the project already has for this content and parameters ({@code already_processed}).
     * Cache entries belong to a project: another project's entry for the same bytes is never found.
     */
    public static Optional<ProcessingResult> cached(
            BlobStore blobs, String projectId, String contentHash, String parametersHash) throws IOException {
        return blobs.getObject(cacheKey(projectId, contentHash, parametersHash))
                .map(bytes -> SERDE.deserializer().deserialize("cache", bytes));
    }

    /** Records a completed result as its project's cache entry for its content and parameters. */
    public static void cache(BlobStore blobs, ProcessingResult result) throws IOException {
        blobs.putObject(
                cacheKey(result.getProjectId(), result.getContentHash(), result.getParametersHash()),
                SERDE.serializer().serialize("cache", result));
    }

    /** {@code result-cache/<shard>/<content hash>.<parameters hash>.<project digest>.avro}. */
    static String cacheKey(String projectId, String contentHash, String parametersHash) {
        return shard("result-cache", contentHash) + "/" + contentHash + "." + parametersHash + "."
                + projectDigest(projectId) + ".avro";
    }

    /** Project ids are the operator's strings: a digest keeps the key a safe, fixed-length name. */
    static String projectDigest(String projectId) {
        return Hashes.sha256Hex(projectId).substring(0, 32);
    }
}
