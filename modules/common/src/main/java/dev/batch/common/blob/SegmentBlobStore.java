package dev.batch.common.blob;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A blob store in a local folder that keeps small objects (results, index and cache entries, file
 * records: up to {@link #SMALL_OBJECT_BYTES}) in append-only segment files ({@code segments/}), and
 * everything else as {@link LocalBlobStore} does: contents by hash and large objects as files of their
 * own. A file per small object costs an inode, a block and a directory entry to create and as much to
 * delete, and on ext4 the next creations pay again for recently deleted inodes; a record in a segment
 * costs one append. Above the threshold the bytes cost more than the file, and a segment would copy
 * them again at every compaction.
 *
 * <p>Processes on one machine may share the folder: each appends to segments of its own, and each
 * reads what the others appended (see {@link SegmentLog}).
 */
public final class SegmentBlobStore implements BlobStore, Closeable {
    /** Objects up to this size go to the segments. */
    public static final int SMALL_OBJECT_BYTES = 128 * 1024;
    /** A segment is closed and a new one started past this size, so compactions rewrite bounded files. */
    static final long SEGMENT_BYTES = 64L * 1024 * 1024;

    private final LocalBlobStore files;
    private final SegmentLog segments;

    public SegmentBlobStore(Path root) throws IOException {
        this(root, SEGMENT_BYTES);
    }

    SegmentBlobStore(Path root, long segmentBytes) throws IOException {
        this.files = new LocalBlobStore(root);
        this.segments = new SegmentLog(root.toAbsolutePath().normalize().resolve("segments"), segmentBytes);
    }

    @Override
    public StoredContent putContent(InputStream in, long maxBytes) throws IOException, TooLargeException {
        return files.putContent(in, maxBytes);
    }

    @Override
    public InputStream openContent(String sha256) throws IOException {
        return files.openContent(sha256);
    }

    @Override
    public Optional<Path> localContent(String sha256) {
        return files.localContent(sha256);
    }

    @Override
    public Path tempDir() {
        return files.tempDir();
    }

    @Override
    public void putObject(String key, byte[] bytes) throws IOException {
        LocalBlobStore.requireKey(key);
        if (bytes.length <= SMALL_OBJECT_BYTES) {
            segments.put(key, bytes);
            files.deleteObject(key); // a large object of the same key written before
        } else {
            files.putObject(key, bytes);
            segments.delete(key);
        }
    }

    @Override
    public void putObjectFile(String key, Path file) throws IOException {
        LocalBlobStore.requireKey(key);
        if (Files.size(file) <= SMALL_OBJECT_BYTES) {
            putObject(key, Files.readAllBytes(file));
            Files.deleteIfExists(file);
        } else {
            files.putObjectFile(key, file);
            segments.delete(key);
        }
    }

    @Override
    public Optional<byte[]> getObject(String key) throws IOException {
        LocalBlobStore.requireKey(key);
        Optional<byte[]> small = segments.get(key);
        return small.isPresent() ? small : files.getObject(key);
    }

    @Override
    public boolean deleteObject(String key) throws IOException {
        LocalBlobStore.requireKey(key);
        boolean small = segments.delete(key);
        return files.deleteObject(key) || small;
    }

    @Override
    public List<String> listObjects(String prefix) throws IOException {
        return listObjects(prefix, "");
    }

    @Override
    public List<String> listObjects(String prefix, String namePrefix) throws IOException {
        LocalBlobStore.requireKey(prefix);
        List<String> small = segments.list(prefix, namePrefix);
        List<String> large = files.listObjects(prefix, namePrefix);
        if (large.isEmpty()) return small;
        TreeSet<String> all = new TreeSet<>(small);
        all.addAll(large);
        return List.copyOf(all);
    }

    /** Rewrites the segments that are mostly overwritten or deleted objects now (it also happens by itself). */
    public boolean compact() throws IOException {
        return segments.compactor().compact();
    }

    /** The folders the index holds and how many keys (tombstones included) each has: what its heap grows with. */
    Map<String, Integer> indexedFolders() {
        return segments.index().folderSizes();
    }

    @Override
    public void close() throws IOException {
        segments.close();
    }
}
