package dev.batch.common.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which segment writers are alive, so that a compaction rewrites only segments nobody appends to: a
 * writer holds a lock on {@code writers/<id>.lock} for as long as it runs, and a lock the kernel
 * grants to someone else means its process is gone. The writers of this JVM are known without asking
 * the file: POSIX locks belong to a process, and closing any channel on the file would drop them.
 */
final class SegmentWriters {
    private static final Set<String> IN_THIS_JVM = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();

    private SegmentWriters() {}

    /** A writer's claim on its id; closing it lets the id's segments be compacted. */
    record Registration(String id, Path file, FileChannel channel) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            IN_THIS_JVM.remove(id);
            channel.close();
            Files.deleteIfExists(file);
        }
    }

    /** A new writer id, locked for this process. */
    static Registration register(Path dir) throws IOException {
        Files.createDirectories(dir);
        while (true) {
            String id = Long.toString(RANDOM.nextLong() >>> 1, 36);
            Path file = dir.resolve(id + ".lock");
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            channel.lock();
            // A compaction that took the lock before us may have deleted the file as a dead writer's.
            if (Files.exists(file)) {
                IN_THIS_JVM.add(id);
                return new Registration(id, file, channel);
            }
            channel.close();
        }
    }

    static boolean alive(Path dir, String id) throws IOException {
        if (IN_THIS_JVM.contains(id)) return true;
        try (FileChannel channel = FileChannel.open(dir.resolve(id + ".lock"), StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) return true;
            lock.release();
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    /** Deletes the lock file of a writer that is gone, once nothing of it is left to compact. */
    static void forget(Path dir, String id) throws IOException {
        if (IN_THIS_JVM.contains(id)) return;
        Path file = dir.resolve(id + ".lock");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) Files.deleteIfExists(file); // still ours while the lock is held
        } catch (NoSuchFileException | OverlappingFileLockException e) {
            // gone already, or alive after all
        }
    }
}
