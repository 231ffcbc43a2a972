package dev.batch.common.blob;

import dev.batch.common.blob.SegmentCompactor.Moved;
import dev.batch.common.blob.SegmentIndex.Entry;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small objects appended to segment files in one folder. Each process appends to a segment of its own
 * (no process ever waits for another), reads everyone's, and a key's record with the newest stamp wins;
 * a delete is a tombstone ({@link Stamps}). Before a read the log looks for what other processes appended
 * (a listing of the folder and the size of each segment), so an object is visible everywhere once its put
 * returned.
 */
final class SegmentLog implements Closeable {
    private final Path dir;
    private final long segmentBytes;
    /** Dead bytes worth a compaction: the open segment is sealed early for it, so deleted objects do not wait for 64 MiB. */
    private final long compactAfter;

    private final SegmentIndex index = new SegmentIndex();
    private final Map<String, Segment> segments = new ConcurrentHashMap<>();
    private final SegmentCompactor compactor;
    private SegmentWriters.Registration writer;
    private RandomAccessFile out;
    private volatile Segment open;
    /** The folder's modification time at a listing that came well after it. */
    private volatile FileTime listed;

    private long openAt;
    private long number;
    private final Stamps stamps = new Stamps();
    private long totalBytes;
    private long liveBytes;
    private long deadScheduled;

    SegmentLog(Path dir, long segmentBytes) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.compactAfter = Math.min(segmentBytes, 1 << 20);
        Files.createDirectories(dir);
        this.compactor = new SegmentCompactor(this);
        refreshLocked();
    }

    Path dir() {
        return dir;
    }

    Path writersDir() {
        return dir.resolve("writers");
    }

    SegmentIndex index() {
        return index;
    }

    SegmentCompactor compactor() {
        return compactor;
    }

    Optional<byte[]> get(String key) throws IOException {
        refresh();
        return retried(() -> {
            Entry e = index.get(key);
            if (e == null || e.tombstone()) return Optional.empty();
            return Optional.of(e.segment().value(e.offset(), e.length(), key));
        });
    }

    List<String> list(String prefix, String namePrefix) throws IOException {
        refresh();
        return retried(() -> index.list(prefix, namePrefix));
    }

    /** A read of records, again when a compaction removed their segment meanwhile: they are in its new one. */
    private <T> T retried(Segment.Read<T> read) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return read.read();
            } catch (NoSuchFileException gone) {
                if (attempt > 1) throw gone;
                refreshLocked();
            }
        }
    }

    /** Appends a tombstone when the key has an object here; returns whether it had. */
    boolean delete(String key) throws IOException {
        refresh();
        synchronized (this) {
            Entry e = index.get(key);
            if (e == null || e.tombstone()) return false;
            put(key, null);
            long dead = totalBytes - liveBytes;
            if (dead > Math.max(compactAfter, liveBytes) && dead >= deadScheduled + compactAfter) {
                deadScheduled = dead; // not again before as much more is dead: the dead bytes may be a live writer's
                compactor.schedule();
            }
        }
        return true;
    }

    /** Appends the key's record: a tombstone when {@code value} is null. */
    synchronized void put(String key, byte[] value) throws IOException {
        if (open == null || openAt >= segmentBytes) rotate();
        long stamp = stamps.next();
        byte[] bytes = new SegmentRecord(stamp, key, value).encode();
        try {
            out.write(bytes); // a RandomAccessFile: an interrupted thread does not close it under the others
        } catch (IOException e) {
            seal(); // what was written of it is a torn tail: the next record goes to a new segment
            throw e;
        }
        Entry entry = new Entry(open, openAt, bytes.length, stamp, value == null);
        openAt += bytes.length;
        account(key, entry);
        open.scanned = openAt; // after the index has it: a compaction that read this size counts the record live
        open.seen = openAt;
    }

    private void rotate() throws IOException {
        if (writer == null) writer = SegmentWriters.register(writersDir());
        boolean sealedOne = out != null;
        if (out != null) out.close();
        Path path = dir.resolve(Segment.name(stamps.next(), writer.id(), ++number));
        Files.createFile(path, LocalBlobStore.OWNER_ONLY);
        out = new RandomAccessFile(path.toFile(), "rw");
        Segment s = Segment.of(path).orElseThrow();
        segments.put(s.name(), s);
        open = s;
        openAt = 0;
        if (sealedOne) compactor.schedule();
    }

    private void seal() { // nothing more is appended to the open segment: the next record starts a new one
        try {
            out.close();
        } catch (IOException ignored) {
            // the segment is sealed either way
        }
        out = null;
        open = null;
    }

    private void account(String key, Entry entry) {
        totalBytes += entry.length();
        Entry replaced = index.apply(key, entry);
        if (replaced == entry) return;
        if (!entry.tombstone()) liveBytes += entry.length();
        if (replaced != null && !replaced.tombstone()) liveBytes -= replaced.length();
    }

    /**
     * Takes in what other processes appended, and forgets segments a compaction removed. The folder is
     * listed only when its modification time moved since a listing that came well after it (the time
     * has the kernel's coarse clock, so a file made in the same tick as the last listing leaves it
     * equal); otherwise the sizes of the known segments tell what was appended.
     */
    private void refresh() throws IOException {
        FileTime modified = Files.getLastModifiedTime(dir);
        boolean sameFolder = modified.equals(listed);
        long listing = System.currentTimeMillis();
        if (sameFolder ? Segment.grown(segments.values(), open) : Segment.changed(Segment.list(dir), segments, open))
            refreshLocked();
        if (!sameFolder && listing - modified.toMillis() > 1000) listed = modified;
    }

    /**
     * Takes in a listing of the folder. A listed segment gone when read was compacted meanwhile, and its records'
     * new segment may be missing from the listing: it is listed again, unless the same names fail again.
     */
    synchronized void refreshLocked() throws IOException {
        Set<String> vanished = takeIn(Segment.list(dir));
        while (!vanished.isEmpty()) {
            Set<String> again = takeIn(Segment.list(dir));
            if (again.equals(vanished)) return;
            vanished = again;
        }
    }

    /** Scans what the listed segments grew by and forgets the unlisted ones; returns the names listed but gone. */
    private Set<String> takeIn(List<Path> listing) throws IOException {
        Set<String> present = new HashSet<>();
        Set<String> vanished = new HashSet<>();
        for (Path p : listing) {
            String name = p.getFileName().toString();
            Segment s = segments.get(name);
            if (s == null) {
                Optional<Segment> parsed = Segment.of(p);
                if (parsed.isEmpty()) continue;
                s = parsed.get();
                segments.put(name, s);
            }
            present.add(name);
            try {
                if (s != open) scanNew(s);
            } catch (NoSuchFileException e) {
                present.remove(name);
                vanished.add(name);
            }
        }
        for (Segment s : List.copyOf(segments.values())) {
            if (!present.contains(s.name()) && s != open) forget(s);
        }
        return vanished;
    }

    private void scanNew(Segment s) throws IOException {
        long size = s.size();
        if (size <= s.seen) return;
        s.scanned = s.scan(s.scanned, (r, offset, length) -> {
            stamps.saw(r.stamp());
            account(r.key(), new Entry(s, offset, length, r.stamp(), r.isTombstone()));
        });
        s.seen = size; // once the records are in: a refresh of another thread meanwhile waits for this one
    }

    private void forget(Segment s) {
        segments.remove(s.name());
        liveBytes -= index.removeAll(s);
        totalBytes -= s.scanned;
        s.forget();
    }

    List<Segment> segments() {
        return List.copyOf(segments.values());
    }

    /** Whether nobody appends to {@code s} any more: an earlier segment of this process, or one of a writer that is gone. */
    synchronized boolean sealed(Segment s) throws IOException {
        if (s == open) return false;
        return (writer != null && writer.id().equals(s.writer())) || !SegmentWriters.alive(writersDir(), s.writer());
    }

    /**
     * Puts a compaction's new segment (none when nothing was left) in place of the ones it read, all
     * under the lock so that no read of this process sees the segment twice: entries that are still
     * what was copied move to it, and the tombstones it left out go (unless the key changed meanwhile).
     */
    synchronized void replace(List<Segment> old, Path part, Path target, List<Moved> moved, List<Moved> dropped)
            throws IOException {
        if (target != null) {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            Segment s = Segment.of(target).orElseThrow();
            s.seen = s.scanned = s.size();
            segments.put(s.name(), s);
            moveInto(s, moved);
        }
        for (Moved d : dropped) index.remove(d.key(), d.was());
        for (Segment o : old) {
            forget(o);
            Files.deleteIfExists(o.path());
        }
        deadScheduled = totalBytes - liveBytes;
    }

    /** Seals a big, mostly dead open segment into this compaction (both maps); what it grew by since counts live. */
    synchronized void sealIfMostlyDead(Map<Segment, Long> live, Map<Segment, Long> scanned) {
        Segment s = open;
        if (s == null || !scanned.containsKey(s)) return;
        long alive = live.getOrDefault(s, 0L) + s.scanned - scanned.get(s);
        if (s.scanned < compactAfter || alive * 2 > s.scanned) return;
        seal();
        scanned.put(s, s.scanned);
        live.put(s, alive);
    }

    private void moveInto(Segment s, List<Moved> moved) {
        for (Moved m : moved) {
            if (m.was().equals(index.get(m.key()))) account(m.key(), m.in(s));
            else totalBytes += m.was().length(); // overwritten meanwhile: the copy is dead already
        }
    }

    @Override
    public synchronized void close() throws IOException {
        compactor.close();
        if (out != null) out.close();
        out = null;
        open = null;
        for (Segment s : segments.values()) s.close();
        if (writer != null) writer.close();
    }
}
