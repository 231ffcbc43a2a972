package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.blob.BlobStore;

/**
 * What a standalone extract job keeps beside its batch job ({@link StandaloneRecords},
 * {@code extract-v2/}); deleting the job deletes its record, and the job is gone from the API.
 */
final class ExtractV2Records {
    private ExtractV2Records() {}

    /** One job's record; {@code itemId} is the batch job's one item, {@code fileInput} what the client named. */
    record Job(
            String id,
            String batchJobId,
            String projectId,
            String itemId,
            String fileInput,
            String documentInputType,
            String parseJobId,
            JsonNode configuration,
            String configurationId,
            String createdAt)
            implements StandaloneRecords.Owned {}

    static StandaloneRecords<Job> of(BlobStore blobs) {
        return new StandaloneRecords<>(blobs, "extract-v2", Job.class);
    }
}
