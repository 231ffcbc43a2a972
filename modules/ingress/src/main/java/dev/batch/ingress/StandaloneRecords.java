package dev.batch.ingress;

import dev.batch.common.blob.BlobStore;
import java.io.IOException;
import java.util.Optional;

/**
 * What standalone v2 jobs of one kind keep beside their batch jobs, in the blob store every instance
 * shares ({@code <folder>/jobs/<id>.json}): the input and configuration as the client gave them (the
 * batch job holds the config it runs). A record is written once its job's request is published, so a
 * record names a job that exists.
 */
final class StandaloneRecords<T extends StandaloneRecords.Owned> {
    /** A record knows its job's id and project. */
    interface Owned {
        String id();

        String projectId();
    }

    private final BlobStore blobs;
    private final String folder;
    private final Class<T> type;

    StandaloneRecords(BlobStore blobs, String folder, Class<T> type) {
        this.blobs = blobs;
        this.folder = folder;
        this.type = type;
    }

    void put(T job) throws IOException {
        blobs.putObject(key(job.id()), Json.MAPPER.writeValueAsBytes(job));
    }

    /** The record of a job of the project; another project's is as absent as a missing one. */
    Optional<T> get(String id, String project) throws IOException {
        Optional<byte[]> bytes = blobs.getObject(key(id));
        if (bytes.isEmpty()) return Optional.empty();
        T job = Json.MAPPER.readValue(bytes.get(), type);
        return project.equals(job.projectId()) ? Optional.of(job) : Optional.empty();
    }

    void delete(T job) throws IOException {
        blobs.deleteObject(key(job.id()));
    }

    private String key(String id) {
        // Ids are looked up only: whatever a client sends names no other folder than a missing record.
        return folder + "/jobs/" + id + ".json";
    }
}
