package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.Hashes;
import dev.batch.common.blob.BlobStore;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * What a standalone classify job keeps beside its batch job, in the blob store every instance
 * shares: the input and configuration as the client gave them (the batch job holds the config it
 * runs), and the project's transaction ids. A job's record is written once its request is
 * published, so a record names a job that exists.
 */
final class ClassifyV2Records {
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
            String createdAt) {}

    private final BlobStore blobs;
    private final Object[] transactionLocks = new Object[64];

    ClassifyV2Records(BlobStore blobs) {
        this.blobs = blobs;
        for (int i = 0; i < transactionLocks.length; i++) transactionLocks[i] = new Object();
    }

    void put(Job job) throws IOException {
        blobs.putObject(jobKey(job.id()), Json.MAPPER.writeValueAsBytes(job));
    }

    /** The record of a job of the project; another project's is as absent as a missing one. */
    Optional<Job> get(String id, String project) throws IOException {
        Optional<byte[]> bytes = blobs.getObject(jobKey(id));
        if (bytes.isEmpty()) return Optional.empty();
        Job job = Json.MAPPER.readValue(bytes.get(), Job.class);
        return project.equals(job.projectId()) ? Optional.of(job) : Optional.empty();
    }

    /** Held while a transaction id is looked up and, if new, its job created: one job per id on this instance. */
    Object lock(String project, String transactionId) {
        return transactionLocks[
                Math.floorMod(transactionKey(project, transactionId).hashCode(), transactionLocks.length)];
    }

    /** The job first created under the project's transaction id. */
    Optional<String> transaction(String project, String transactionId) throws IOException {
        Optional<byte[]> bytes = blobs.getObject(transactionKey(project, transactionId));
        if (bytes.isEmpty()) return Optional.empty();
        return Optional.of(Json.MAPPER.readTree(bytes.get()).get("job_id").asText());
    }

    void putTransaction(String project, String transactionId, String jobId) throws IOException {
        blobs.putObject(transactionKey(project, transactionId), Json.MAPPER.writeValueAsBytes(Map.of("job_id", jobId)));
    }

    private static String jobKey(String id) {
        return "classify-v2/jobs/" + id + ".json";
    }

    private static String transactionKey(String project, String transactionId) {
        return "classify-v2/transactions/" + Hashes.sha256Hex(project + "\n" + transactionId) + ".json";
    }
}
