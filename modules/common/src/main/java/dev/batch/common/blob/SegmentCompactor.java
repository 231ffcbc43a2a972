package dev.batch.common.blob;

import dev.batch.common.blob.SegmentIndex.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the sealed segments (this process's earlier ones, those of writers that are gone, earlier
 * compactions') into one that keeps each key's current record only, so overwritten and deleted objects
 * stop taking space. A tombstone stays while an older record of its key could be in a segment left out
 * (one started before it). One compaction runs at a time in a folder: a lock file between processes.
 */
final class SegmentCompactor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SegmentCompactor.class);
    private static final Set<Path> IN_THIS_JVM = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PART = ".part";

    /** A record a compaction copied (or left out): the key's entry it was, and where the copy is. */
    record Moved(String key, Entry was, long offset) {
        Entry in(Segment s) {
            return new Entry(s, offset, was.length(), was.stamp(), was.tombstone());
        }
    }

    private final SegmentLog segments;
    private final ExecutorService executor;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SegmentCompactor(SegmentLog segments) {
        this.segments = segments;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "segment-compactor");
            t.setDaemon(true);
            return t;
        });
    }

    /** Compacts in the background, soon; a request while one is waiting is the same request. */
    void schedule() {
        if (!scheduled.compareAndSet(false, true)) return;
        try {
            executor.execute(() -> {
                scheduled.set(false);
                try {
                    compact();
                } catch (IOException | RuntimeException e) {
                    log.warn("Compacting the segments in {}: {}", segments.dir(), e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            scheduled.set(false); // closed
        }
    }

    /** Compacts now, unless another compaction of the folder runs or the sealed segments are mostly live; returns whether it did. */
    boolean compact() throws IOException {
        Path dir = segments.dir();
        if (!IN_THIS_JVM.add(dir)) return false;
        try (FileChannel channel =
                FileChannel.open(dir.resolve("compaction.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            return lock != null && compactLocked();
        } catch (OverlappingFileLockException e) {
            return false;
        } finally {
            IN_THIS_JVM.remove(dir);
        }
    }

    private boolean compactLocked() throws IOException {
        deleteParts(); // of a compaction that died: it never got to replace anything
        segments.refreshLocked();
        // Read before the live bytes: a segment appended to while they are counted is left for later,
        // as its new records would count as dead.
        Map<Segment, Long> scanned = new HashMap<>();
        for (Segment s : segments.segments()) scanned.put(s, s.scanned);
        Map<Segment, Long> live = liveBytes();
        segments.sealIfMostlyDead(live, scanned);
        List<Segment> sealed = new ArrayList<>();
        long keepSince = Long.MAX_VALUE; // no record older than this is outside the segments compacted
        for (Segment s : segments.segments()) {
            // Sealed and mostly overwritten or deleted objects: one mostly live would mostly be copied.
            if (segments.sealed(s)
                    && s.scanned == scanned.getOrDefault(s, -1L)
                    && live.getOrDefault(s, 0L) * 2 <= s.scanned) sealed.add(s);
            else keepSince = Math.min(keepSince, s.started());
        }
        if (sealed.isEmpty()) return false;
        long started = sealed.stream().mapToLong(Segment::started).min().orElseThrow();
        Path target = segments.dir().resolve(Segment.name(started, Long.toString(RANDOM.nextLong() >>> 1, 36), 0));
        Path part = target.resolveSibling(target.getFileName() + PART);
        List<Moved> moved = new ArrayList<>();
        List<Moved> dropped = new ArrayList<>();
        try {
            copy(sealed, part, keepSince, moved, dropped);
            segments.replace(sealed, part, moved.isEmpty() ? null : target, moved, dropped);
        } finally {
            Files.deleteIfExists(part);
        }
        for (Segment s : sealed) SegmentWriters.forget(segments.writersDir(), s.writer());
        log.debug("Compacted {} segments into {}: {} records kept", sealed.size(), target, moved.size());
        return true;
    }

    /** Copies the records of {@code sealed} that are their keys' current ones into {@code part}, but tombstones older than {@code keepSince}. */
    private void copy(List<Segment> sealed, Path part, long keepSince, List<Moved> moved, List<Moved> dropped)
            throws IOException {
        Files.createFile(part, LocalBlobStore.OWNER_ONLY);
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
            long[] at = {0};
            for (Segment s : sealed) {
                s.scan(0, (r, offset, length) -> {
                    Entry e = segments.index().get(r.key());
                    if (e == null || e.segment() != s || e.offset() != offset) return; // overwritten since
                    if (e.tombstone() && e.stamp() < keepSince) {
                        dropped.add(new Moved(r.key(), e, -1));
                        return;
                    }
                    ByteBuffer bytes = s.read(offset, length);
                    moved.add(new Moved(r.key(), e, at[0]));
                    while (bytes.hasRemaining()) at[0] += out.write(bytes, at[0]);
                });
            }
            out.force(true); // on disk before the segments it replaces are deleted
        }
    }

    /** Bytes of the objects in each segment, as the index finds them. */
    private Map<Segment, Long> liveBytes() {
        Map<Segment, Long> live = new HashMap<>();
        segments.index().forEach(e -> {
            if (!e.tombstone()) live.merge(e.segment(), (long) e.length(), Long::sum);
        });
        return live;
    }

    private void deleteParts() throws IOException {
        try (var files = Files.list(segments.dir())) {
            for (Path p : files.filter(p -> p.toString().endsWith(Segment.SUFFIX + PART))
                    .toList()) Files.deleteIfExists(p);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
