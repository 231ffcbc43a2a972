package dev.batch.common.blob;

import dev.batch.common.blob.SegmentIndex.Entry;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small objects appended to segment files in one folder. Each process appends to a segment of its own
 * (no process ever waits for another), reads everyone's, and a key's record with the newest stamp wins;
 * a delete is a tombstone. Before a read the log looks for what other processes appended (a listing of
 * the folder and the size of each segment), so an object is visible everywhere once its put returned.
 * Stamps are wall-clock microseconds that never go back within a process and pass every stamp it has
 * read: a process that overwrites or deletes what it saw writes a newer record.
 */
final class SegmentLog implements Closeable {
    private final Path dir;
    private final long segmentBytes;
    private final SegmentIndex index = new SegmentIndex();
    private final Map<String, Segment> segments = new ConcurrentHashMap<>();
    private final SegmentCompactor compactor;
    private SegmentWriters.Registration writer;
    private RandomAccessFile out;
    private volatile Segment open;
    private long openAt;
    private long number;
    private long lastStamp;
    private long totalBytes;
    private long liveBytes;

    SegmentLog(Path dir, long segmentBytes) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        Files.createDirectories(dir);
        this.compactor = new SegmentCompactor(this);
        synchronized (this) {
            refreshLocked();
        }
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
        for (int attempt = 0; ; attempt++) {
            Entry e = index.get(key);
            if (e == null || e.tombstone()) return Optional.empty();
            try {
                ByteBuffer buf = e.segment().read(e.offset(), e.length());
                if (SegmentRecord.check(buf, 0) == e.length()) {
                    SegmentRecord r = SegmentRecord.decode(buf, 0, true);
                    if (r.key().equals(key)) return Optional.of(r.value());
                }
                throw new IOException("the record of " + key + " in segment " + e.segment() + " is damaged");
            } catch (NoSuchFileException gone) {
                if (attempt > 1) throw gone;
                synchronized (this) { // compacted meanwhile: the records are in its new segment
                    refreshLocked();
                }
            }
        }
    }

    List<String> list(String prefix, String namePrefix) throws IOException {
        refresh();
        return index.list(prefix, namePrefix);
    }

    synchronized void put(String key, byte[] value) throws IOException {
        append(key, value);
    }

    /** Appends a tombstone when the key has an object here; returns whether it had. */
    boolean delete(String key) throws IOException {
        refresh();
        synchronized (this) {
            Entry e = index.get(key);
            if (e == null || e.tombstone()) return false;
            append(key, null);
            if (totalBytes - liveBytes > Math.max(segmentBytes, liveBytes)) compactor.schedule();
        }
        return true;
    }

    private void append(String key, byte[] value) throws IOException {
        if (open == null || openAt >= segmentBytes) rotate();
        long stamp = nextStamp();
        byte[] bytes = new SegmentRecord(stamp, key, value).encode();
        try {
            out.write(bytes); // a RandomAccessFile: an interrupted thread does not close it under the others
        } catch (IOException e) {
            sealAfterFailure(); // what was written of it is a torn tail: the next record goes to a new segment
            throw e;
        }
        Entry entry = new Entry(open, openAt, bytes.length, stamp, value == null);
        openAt += bytes.length;
        open.scanned = openAt;
        open.seen = openAt;
        account(key, entry);
    }

    private void rotate() throws IOException {
        if (writer == null) writer = SegmentWriters.register(writersDir());
        boolean sealedOne = out != null;
        if (out != null) out.close();
        Path path = dir.resolve(Segment.name(nextStamp(), writer.id(), ++number));
        Files.createFile(path, LocalBlobStore.OWNER_ONLY);
        out = new RandomAccessFile(path.toFile(), "rw");
        Segment s = Segment.of(path).orElseThrow();
        segments.put(s.name(), s);
        open = s;
        openAt = 0;
        if (sealedOne) compactor.schedule();
    }

    private void sealAfterFailure() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the segment is sealed either way
        }
        out = null;
        open = null;
    }

    private long nextStamp() {
        Instant now = Instant.now();
        lastStamp = Math.max(now.getEpochSecond() * 1_000_000 + now.getNano() / 1000, lastStamp + 1);
        return lastStamp;
    }

    private void account(String key, Entry entry) {
        totalBytes += entry.length();
        Entry replaced = index.apply(key, entry);
        if (replaced == entry) return;
        if (!entry.tombstone()) liveBytes += entry.length();
        if (replaced != null && !replaced.tombstone()) liveBytes -= replaced.length();
    }

    /** Takes in what other processes appended, and forgets segments a compaction removed. */
    private void refresh() throws IOException {
        if (changed(listSegments())) {
            synchronized (this) {
                refreshLocked();
            }
        }
    }

    private boolean changed(List<Path> files) throws IOException {
        if (files.size() != segments.size()) return true;
        for (Path p : files) {
            Segment s = segments.get(p.getFileName().toString());
            if (s == null) return true;
            try {
                if (s != open && s.size() > s.seen) return true;
            } catch (NoSuchFileException e) {
                return true;
            }
        }
        return false;
    }

    synchronized void refreshLocked() throws IOException {
        Set<String> present = new HashSet<>();
        for (Path p : listSegments()) {
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
            }
        }
        for (Segment s : List.copyOf(segments.values())) {
            if (!present.contains(s.name()) && s != open) forget(s);
        }
    }

    private void scanNew(Segment s) throws IOException {
        long size = s.size();
        if (size <= s.seen) return;
        s.seen = size;
        s.scanned = s.scan(s.scanned, (r, offset, length) -> {
            lastStamp = Math.max(lastStamp, r.stamp());
            account(r.key(), new Entry(s, offset, length, r.stamp(), r.isTombstone()));
        });
    }

    private void forget(Segment s) {
        segments.remove(s.name());
        liveBytes -= index.removeAll(s);
        totalBytes -= s.scanned;
        s.forget();
    }

    private List<Path> listSegments() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(Segment.SUFFIX))
                    .sorted()
                    .toList();
        }
    }

    /** The segments nobody appends to any more: this process's earlier ones and those of writers that are gone. */
    synchronized List<Segment> sealed() throws IOException {
        List<Segment> sealed = new ArrayList<>();
        for (Segment s : segments.values()) {
            if (s == open) continue;
            boolean mine = writer != null && writer.id().equals(s.writer());
            if (mine || !SegmentWriters.alive(writersDir(), s.writer())) sealed.add(s);
        }
        return sealed;
    }

    /** The earliest start of the segments that are not {@code sealed}: no record older than it is outside them. */
    synchronized long earliestOutside(List<Segment> sealed) {
        return segments.values().stream()
                .filter(s -> !sealed.contains(s))
                .mapToLong(Segment::started)
                .min()
                .orElse(Long.MAX_VALUE);
    }

    /** A record a compaction copied: the key's entry it was, and where the copy is. */
    record Moved(String key, Entry was, long offset) {}

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
        for (Segment o : old) forget(o);
        for (Segment o : old) Files.deleteIfExists(o.path());
    }

    private void moveInto(Segment s, List<Moved> moved) {
        for (Moved m : moved) {
            if (index.get(m.key()) == m.was())
                account(
                        m.key(),
                        new Entry(
                                s,
                                m.offset(),
                                m.was().length(),
                                m.was().stamp(),
                                m.was().tombstone()));
            else totalBytes += m.was().length();
        }
    }

    /** Bytes of the objects the index finds in {@code sealed}, and the bytes of those segments. */
    long[] liveAndTotal(List<Segment> sealed) {
        Set<Segment> in = new HashSet<>(sealed);
        long[] figures = {0, sealed.stream().mapToLong(s -> s.scanned).sum()};
        index.forEach((key, e) -> {
            if (!e.tombstone() && in.contains(e.segment())) figures[0] += e.length();
        });
        return figures;
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
