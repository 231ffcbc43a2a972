package dev.batch.common.blob;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where file contents and results live; events carry only keys (the claim-check pattern). Contents
 * are content-addressed by sha256. Objects (results, file metadata) live under plain keys made of
 * {@code [A-Za-z0-9._-]} segments separated by '/'. The default implementation is a local folder;
 * an S3-compatible store implements the same interface.
 */
public interface BlobStore {

    /** Stores a content stream, refusing more than {@code maxBytes}; the same bytes are stored once. */
    StoredContent putContent(InputStream in, long maxBytes) throws IOException, TooLargeException;

    InputStream openContent(String sha256) throws IOException;

    void putObject(String key, byte[] bytes) throws IOException;

    /** Stores a file's bytes under {@code key}; the file is consumed (moved when the store is local). */
    default void putObjectFile(String key, Path file) throws IOException {
        putObject(key, Files.readAllBytes(file));
        Files.deleteIfExists(file);
    }

    /** The content as a local file, when this store keeps it on the local disk. */
    default Optional<Path> localContent(String sha256) {
        return Optional.empty();
    }

    /** A folder for temporary files next to the store (so moves into it are cheap). */
    default Path tempDir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    Optional<byte[]> getObject(String key) throws IOException;

    boolean deleteObject(String key) throws IOException;

    /** Keys of the objects directly under {@code prefix} (a folder-like key ending without '/'). */
    List<String> listObjects(String prefix) throws IOException;

    /** Keys of the objects directly under {@code prefix} whose name (after the folder) starts with {@code namePrefix}, sorted. */
    List<String> listObjects(String prefix, String namePrefix) throws IOException;

    /** Where an object is, for people: {@code s3://bucket/…/objects/<key>} in S3, the key itself in a local folder. */
    default String location(String key) {
        return key;
    }

    /**
     * Whether {@link #putExternal} can write outside the store ({@code output_s3_path_prefix}):
     * only a store that talks to S3 can.
     */
    default boolean writesExternal() {
        return false;
    }

    /** Copies a file to an {@code s3://bucket/key} location outside the store. */
    default void putExternal(URI target, Path file) throws IOException {
        throw new UnsupportedOperationException(
                "this blob store cannot write to " + target + "; use an S3 blob store (BATCH_BLOB_STORE=s3://…)");
    }

    record StoredContent(String sha256, long size) {}

    final class TooLargeException extends Exception {
        private final long limit;

        public TooLargeException(long limit) {
            super("content is larger than the limit of " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }
}
