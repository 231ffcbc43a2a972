package dev.batch.common.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader on a folder whose segments other processes write and compact while it reads them. */
class SegmentBlobStoreReaderTest {
    @TempDir
    Path root;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aListingTakenWhileAnotherProcessCompactsASegmentKeepsTheObjectsItMoved() throws Exception {
        try (SegmentBlobStore reader = new SegmentBlobStore(root)) {
            Path dir = root.resolve("segments");
            Path compacted = writeSegment(dir, 1_000, 0, 10);
            writeSegment(dir, 2_000, 10, 10);
            // Named pipes listed before the segments: the reader blocks opening each until this test
            // opens its other end, which pins the compaction between the reader's listing and its reads.
            Path first = dir.resolve(Segment.name(0, "pause", 1));
            Path second = dir.resolve(Segment.name(0, "pause", 2));
            assertThat(new ProcessBuilder("mkfifo", first.toString(), second.toString())
                            .start()
                            .waitFor())
                    .isZero();

            Future<List<String>> listing = pool.submit(() -> reader.listObjects("results/j"));
            try (FileChannel listed = openForWriting(first)) {
                compactLikeAnotherProcess(compacted);
                openForWriting(second).close();
            }
            assertThat(listing.get(20, TimeUnit.SECONDS)).hasSize(20);
        }
    }

    /** Writes a segment of another writer holding {@code count} objects, numbered from {@code from}. */
    private static Path writeSegment(Path dir, long started, int from, int count) throws IOException {
        Path segment = dir.resolve(Segment.name(started, "other", started));
        List<byte[]> records = new ArrayList<>();
        for (int i = from; i < from + count; i++)
            records.add(new SegmentRecord(started + i, "results/j/" + i + ".json", new byte[200]).encode());
        for (byte[] r : records) Files.write(segment, r, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return segment;
    }

    /** What a compaction does on disk: the copy is moved in under a new name before the old one goes. */
    private static void compactLikeAnotherProcess(Path segment) throws IOException {
        Segment old = Segment.of(segment).orElseThrow();
        Path target = segment.resolveSibling(Segment.name(old.started(), "compactor", 0));
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(segment, part);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(segment);
    }

    /** Opens a named pipe's writing end, which returns once the reader has opened its reading end. */
    private FileChannel openForWriting(Path pipe) throws Exception {
        return pool.submit(() -> FileChannel.open(pipe, StandardOpenOption.WRITE))
                .get(20, TimeUnit.SECONDS);
    }
}
