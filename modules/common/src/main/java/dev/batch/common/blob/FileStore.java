package dev.batch.common.blob;

import dev.batch.common.kafka.AvroSerdes;
import dev.batch.events.FileRecord;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;

/**
 * File metadata kept beside the contents in the blob store, keyed by file id. It is written before
 * an upload is acknowledged, so a job created right after an upload always finds its files (the
 * {@code batch.files} topic carries the same records for catalog views, which may lag).
 */
public final class FileStore {
    private static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Serde<FileRecord> SERDE = AvroSerdes.serde(FileRecord.class);

    private final BlobStore blobs;

    public FileStore(BlobStore blobs) {
        this.blobs = blobs;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public void put(FileRecord file) throws IOException {
        blobs.putObject(key(file.getFileId()), SERDE.serializer().serialize("file-store", file));
    }

    /** The file, if it exists; a malformed id is simply not found. */
    public Optional<FileRecord> find(String fileId) throws IOException {
        if (fileId == null || !FILE_ID.matcher(fileId).matches()) return Optional.empty();
        return blobs.getObject(key(fileId)).map(b -> SERDE.deserializer().deserialize("file-store", b));
    }

    public void delete(String fileId) throws IOException {
        blobs.deleteObject(key(fileId));
    }

    private static String key(String fileId) {
        return "files/" + fileId + ".avro";
    }
}
