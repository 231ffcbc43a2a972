package dev.batch.common.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One segment file, {@code <started, 16 hex digits>-<writer>-<number>.seg}: the name says when it was
 * started (every record in it is newer) and by which writer, so a compaction knows whose it is. Reads
 * are positional, so every thread of a process shares one channel; a channel that an interrupted
 * reader closed is opened again.
 */
final class Segment {
    static final String SUFFIX = ".seg";
    private static final Pattern NAME = Pattern.compile("([0-9a-f]{16})-([0-9a-z]+)-([0-9]+)\\.seg");
    private static final int CHUNK = 1 << 20;

    private final Path path;
    private final long started;
    private final String writer;
    private FileChannel channel;
    private boolean forgotten;
    /** Bytes of the file that are in the index (up to the last whole record). */
    volatile long scanned;
    /** The file's size when it was last scanned: a torn tail is not read again until the file grows. */
    volatile long seen;

    private Segment(Path path, long started, String writer) {
        this.path = path;
        this.started = started;
        this.writer = writer;
    }

    static Optional<Segment> of(Path path) {
        Matcher m = NAME.matcher(path.getFileName().toString());
        if (!m.matches()) return Optional.empty();
        return Optional.of(new Segment(path, Long.parseUnsignedLong(m.group(1), 16), m.group(2)));
    }

    static String name(long started, String writer, long number) {
        return String.format("%016x-%s-%06d%s", started, writer, number, SUFFIX);
    }

    /** The segment files in {@code dir}, oldest first. */
    static List<Path> list(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .toList();
        }
    }

    Path path() {
        return path;
    }

    String name() {
        return path.getFileName().toString();
    }

    long started() {
        return started;
    }

    String writer() {
        return writer;
    }

    long size() throws IOException {
        try {
            return channel().size();
        } catch (ClosedChannelException e) { // closed by another thread's interrupt: opened again
            if (Thread.currentThread().isInterrupted()) throw e;
            return channel().size();
        }
    }

    /** Reads {@code length} bytes at {@code offset} (fewer at the end of the file). */
    ByteBuffer read(long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        for (int attempt = 0; ; attempt++) {
            try {
                FileChannel ch = channel();
                buf.clear();
                while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {}
                return buf.flip();
            } catch (ClosedChannelException e) {
                if (Thread.currentThread().isInterrupted() || attempt > 0) throw e;
            }
        }
    }

    /** The value of {@code key}'s record at {@code offset}. */
    byte[] value(long offset, int length, String key) throws IOException {
        ByteBuffer buf = read(offset, length);
        if (SegmentRecord.check(buf, 0) == length) {
            SegmentRecord r = SegmentRecord.decode(buf, 0, true);
            if (r.key().equals(key)) return r.value();
        }
        throw new IOException("the record of " + key + " in segment " + name() + " is damaged");
    }

    /** The key of the record at {@code offset}, {@code length} bytes long: most keys are in its first 256 bytes. */
    String key(long offset, int length) throws IOException {
        String key = SegmentRecord.key(read(offset, Math.min(length, SegmentRecord.keyEnd(256))));
        if (key == null) key = SegmentRecord.key(read(offset, length));
        if (key == null) throw new IOException("the record at " + offset + " in segment " + name() + " is damaged");
        return key;
    }

    /** A read of records in segments. */
    interface Read<T> {
        T read() throws IOException;
    }

    /** What a scan hands on: a record (without its value), where it starts, and its length. */
    interface Sink {
        void accept(SegmentRecord record, long offset, int length) throws IOException;
    }

    /**
     * Hands every whole record from {@code from} on to {@code sink}, and returns where the first
     * incomplete or damaged one starts (the end of the file when there is none): a tail being written
     * is read again later, a torn one never.
     */
    long scan(long from, Sink sink) throws IOException {
        long at = from;
        int size = CHUNK;
        while (true) {
            ByteBuffer buf = read(at, size);
            int pos = 0;
            for (int len; (len = SegmentRecord.check(buf, pos)) > 0; pos += len)
                sink.accept(SegmentRecord.decode(buf, pos, false), at + pos, len);
            at += pos;
            if (buf.limit() < size) return at;
            if (pos > 0) {
                size = CHUNK;
                continue;
            }
            int body = buf.getInt(0); // nothing whole in a full buffer: one large record, or damage
            if (body <= 0 || body > SegmentRecord.MAX_BODY || SegmentRecord.HEADER + body <= size) return at;
            size = SegmentRecord.HEADER + body;
        }
    }

    private synchronized FileChannel channel() throws IOException {
        if (forgotten) throw new NoSuchFileException(path.toString());
        if (channel == null || !channel.isOpen()) channel = FileChannel.open(path, StandardOpenOption.READ);
        return channel;
    }

    /** The segment is gone (compacted): its channel is closed and reads fail as if the file were missing. */
    synchronized void forget() {
        forgotten = true;
        close();
    }

    synchronized void close() {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException e) {
            // a read-only channel: nothing was lost
        }
        channel = null;
    }

    @Override
    public String toString() {
        return name();
    }

    /** Whether a listing names other segments than {@code known}, or one of them (but {@code own}) grew. */
    static boolean changed(List<Path> files, Map<String, Segment> known, Segment own) throws IOException {
        if (files.size() != known.size()) return true;
        for (Path p : files) if (!known.containsKey(p.getFileName().toString())) return true;
        return grown(known.values(), own);
    }

    /** Whether one of the segments but {@code own} grew since it was scanned, or is gone. */
    static boolean grown(Collection<Segment> segments, Segment own) throws IOException {
        for (Segment s : segments) {
            try {
                if (s != own && s.size() > s.seen) return true;
            } catch (NoSuchFileException e) {
                return true;
            }
        }
        return false;
    }
}
