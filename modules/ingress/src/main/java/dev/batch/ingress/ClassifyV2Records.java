package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.blob.BlobStore;

/** What a standalone classify job keeps beside its batch job ({@link StandaloneRecords}, {@code classify-v2/}). */
final class ClassifyV2Records {
    private ClassifyV2Records() {}

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
            String transactionId,
            String createdAt)
            implements StandaloneRecords.Owned {}

    static StandaloneRecords<Job> of(BlobStore blobs) {
        return new StandaloneRecords<>(blobs, "classify-v2", Job.class);
    }
}
