package dev.batch.common.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A blob store in a local folder: {@code content/ab/cd/<sha256>} for contents, {@code objects/<key>}
 * for objects. Writes go to a temporary file first and are moved into place atomically, so a reader
 * never sees half a blob. Keys are checked against a strict pattern: no client-supplied name ever
 * becomes a path.
 */
public final class LocalBlobStore implements BlobStore {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private static final Set<StandardOpenOption> NEW_FILE =
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    /** Readable by the owner only, as {@link Files#createTempFile} makes them (where the file system has POSIX modes). */
    static final FileAttribute<?>[] OWNER_ONLY =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                    }
                    : new FileAttribute<?>[0];

    private static final String PART_NONCE = Long.toHexString(new SecureRandom().nextLong());
    private static final AtomicLong PART_IDS = new AtomicLong();

    private final Path root;
    private final Path tmp;

    public LocalBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve("tmp");
        Files.createDirectories(tmp);
    }

    @Override
    public StoredContent putContent(InputStream in, long maxBytes) throws IOException, TooLargeException {
        Spool spool = Spool.of(in, maxBytes, tmp);
        try {
            Path target = contentPath(spool.sha256());
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                moveIntoPlace(spool.file(), target);
            }
            return new StoredContent(spool.sha256(), spool.size());
        } finally {
            Files.deleteIfExists(spool.file());
        }
    }

    @Override
    public InputStream openContent(String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) throw new NoSuchFileException("not a content hash: " + sha256);
        return Files.newInputStream(contentPath(sha256));
    }

    @Override
    public void putObject(String key, byte[] bytes) throws IOException {
        Path target = objectPath(key);
        Part part = newPart();
        boolean placed = false;
        try {
            try (SeekableByteChannel out = part.channel()) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) out.write(buffer);
            }
            replace(part.path(), target);
            placed = true;
        } finally {
            if (!placed) Files.deleteIfExists(part.path());
        }
    }

    private record Part(Path path, SeekableByteChannel channel) {}

    /**
     * A new part file, open for writing, that only this call knows. A worker writes two or three
     * objects per document: a name from a counter costs one {@code open}, where
     * {@link Files#createTempFile} and then {@link Files#write} cost two. The nonce keeps processes
     * that share the folder apart.
     */
    private Part newPart() throws IOException {
        while (true) {
            Path path = tmp.resolve("object-" + PART_NONCE + "-" + PART_IDS.incrementAndGet() + ".part");
            try {
                return new Part(path, Files.newByteChannel(path, NEW_FILE, OWNER_ONLY));
            } catch (FileAlreadyExistsException e) {
                // left by a process that died with the same nonce: take the next number
            }
        }
    }

    @Override
    public void putObjectFile(String key, Path file) throws IOException {
        replace(file, objectPath(key));
    }

    /**
     * Moves {@code from} over {@code to}, atomically where the file system can. A worker writes two
     * or three objects per document: a stat where the folder exists costs less than the failing
     * {@code mkdir} that {@link Files#createDirectories} tries first.
     */
    private static void replace(Path from, Path to) throws IOException {
        if (!Files.isDirectory(to.getParent())) Files.createDirectories(to.getParent());
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public Optional<Path> localContent(String sha256) {
        if (!SHA256.matcher(sha256).matches()) return Optional.empty();
        Path p = contentPath(sha256);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public Path tempDir() {
        return tmp;
    }

    @Override
    public Optional<byte[]> getObject(String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(objectPath(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean deleteObject(String key) throws IOException {
        return Files.deleteIfExists(objectPath(key));
    }

    @Override
    public List<String> listObjects(String prefix) throws IOException {
        return listObjects(prefix, "");
    }

    @Override
    public List<String> listObjects(String prefix, String namePrefix) throws IOException {
        Path dir = objectPath(prefix);
        if (!Files.isDirectory(dir)) return List.of();
        // Names first: a shard folder holds many items' entries, and only the matching ones cost a stat.
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(namePrefix))
                    .filter(Files::isRegularFile)
                    .map(p -> prefix + "/" + p.getFileName())
                    .sorted()
                    .toList();
        }
    }

    private Path contentPath(String hash) {
        return root.resolve("content")
                .resolve(hash.substring(0, 2))
                .resolve(hash.substring(2, 4))
                .resolve(hash);
    }

    private Path objectPath(String key) {
        requireKey(key);
        return root.resolve("objects").resolve(key);
    }

    static void requireKey(String key) {
        if (!KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("invalid blob key: " + key);
        }
    }

    private static void moveIntoPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // another upload of the same bytes won the race; same content, nothing to do
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
