package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.blob.BlobStore;
import java.io.IOException;
import java.util.Optional;

/**
 * What a standalone extract job keeps beside its batch job, in the blob store every instance shares:
 * the input and configuration as the client gave them (the batch job holds the config it runs). A
 * job's record is written once its request is published, so a record names a job that exists;
 * deleting the job deletes its record, and the job is gone from the API.
 */
final class ExtractV2Records {
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
            String createdAt) {}

    private final BlobStore blobs;

    ExtractV2Records(BlobStore blobs) {
        this.blobs = blobs;
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

    void delete(Job job) throws IOException {
        blobs.deleteObject(jobKey(job.id()));
    }

    private static String jobKey(String id) {
        // The id is base64url after its prefix: safe as a key, whatever the client sent is looked up only.
        return "extract-v2/jobs/" + id + ".json";
    }
}
