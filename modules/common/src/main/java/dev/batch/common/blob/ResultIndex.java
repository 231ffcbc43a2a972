package dev.batch.common.blob;

/**
 * Where processing results are indexed in the blob store: by item, one object per parameters hash
 * ({@code processing-results/<item>/<parameters hash>.avro}), and by content and parameters for
 * {@code already_processed} ({@code cache/<content hash>/<parameters hash>.avro}).
 */
public final class ResultIndex {
    private ResultIndex() {}

    public static String prefix(String itemId) {
        return "processing-results/" + itemId;
    }

    public static String itemKey(String itemId, String parametersHash) {
        return prefix(itemId) + "/" + parametersHash + ".avro";
    }

    /** The record of a parse "child job" (what {@code GET /api/v2/parse/{id}} finds). */
    public static String childJobKey(String childJobId) {
        return "parse-jobs/" + childJobId + ".json";
    }

    public static String cacheKey(String contentHash, String parametersHash) {
        return "cache/" + contentHash + "/" + parametersHash + ".avro";
    }
}
