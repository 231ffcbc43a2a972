package dev.batch.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;

/** Files that hold secrets: readable by the owner only from the moment they exist, and never seen half written. */
final class PrivateFiles {
    private PrivateFiles() {}

    /**
     * Writes {@code bytes} to a new file beside {@code target}, created mode 600, then moves it over
     * {@code target} atomically: a reader sees the old file or the whole new one, and no one else
     * can open it in between. Where the file system has no POSIX modes it inherits the folder's access.
     */
    static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] nonce = new byte[8];
        new SecureRandom().nextBytes(nonce);
        Path part =
                dir.resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(nonce) + ".part");
        boolean placed = false;
        try {
            try (SeekableByteChannel out = Files.newByteChannel(
                    part,
                    EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC),
                    ownerOnly(dir))) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) out.write(buffer);
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
            placed = true;
        } finally {
            if (!placed) Files.deleteIfExists(part);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                }
                : new FileAttribute<?>[0];
    }
}
