package dev.batch.common.blob;

import dev.batch.common.blob.SegmentIndex.Entry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;

/**
 * The entries of one folder of the segment index, in arrays rather than objects (about 57 bytes an
 * entry with a directory job's keys, table and slack included): the entries packed at the front of
 * parallel arrays, and an open-addressing table (linear probing) of their positions by name digest.
 * One thread changes it at a time (the log's lock); readers take no lock but an optimistic stamp, and
 * read again under the read lock only when a change came in between.
 */
final class IndexFolder {
    private static final int OFFSET_SHIFT = 26;
    private static final long LENGTH_MASK = (1L << 25) - 1;
    private static final long MAX_OFFSET = 1L << (Long.SIZE - OFFSET_SHIFT);

    private final StampedLock lock = new StampedLock();
    /** The name digest's two halves, at 2i and 2i + 1. */
    private long[] digests = new long[8];

    private long[] heads = new long[4];
    /** Offset, length and whether it is a tombstone, in one long. */
    private long[] places = new long[4];

    private long[] stamps = new long[4];
    private Segment[] segments = new Segment[4];
    /** 1 + the position of the entry in each slot; 0 for an empty slot. */
    private int[] slots = new int[8];

    private int size;

    Entry get(IndexKey key) {
        long stamp = lock.tryOptimisticRead();
        Entry e = find(key);
        if (lock.validate(stamp)) return e;
        stamp = lock.readLock();
        try {
            return find(key);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Makes {@code entry} the key's unless its entry is newer: returns what it replaced (null if none), or {@code entry} when it lost. */
    Entry apply(IndexKey key, Entry entry) {
        if (entry.offset() >= MAX_OFFSET || entry.length() > LENGTH_MASK)
            throw new IllegalArgumentException("a record past what the index can place: " + entry);
        long stamp = lock.writeLock();
        try {
            int slot = slotOf(key.high(), key.low());
            if (slots[slot] != 0) {
                int i = slots[slot] - 1;
                Entry current = entryAt(i);
                if (current.stamp() > entry.stamp()) return entry;
                set(i, entry);
                return current;
            }
            add(key, entry);
            return null;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Removes the key's entry if it is still {@code entry}. */
    void remove(IndexKey key, Entry entry) {
        long stamp = lock.writeLock();
        try {
            int slot = slotOf(key.high(), key.low());
            if (slots[slot] != 0 && entryAt(slots[slot] - 1).equals(entry)) delete(slot);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Drops the entries that point into {@code segment}; returns the bytes of the objects among them. */
    long removeAll(Segment segment) {
        long stamp = lock.writeLock();
        try {
            long live = 0;
            for (int i = size - 1; i >= 0; i--) { // the last entry moves into a freed place: one already looked at
                if (segments[i] != segment) continue;
                if ((places[i] & 1) == 0) live += (places[i] >>> 1) & LENGTH_MASK;
                delete(slotOf(digests[2 * i], digests[2 * i + 1]));
            }
            return live;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** The objects (not tombstones) whose name may start with the bytes of {@code head} under {@code mask}. */
    List<Entry> candidates(long head, long mask) {
        long stamp = lock.tryOptimisticRead();
        List<Entry> found = collect(head, mask);
        if (lock.validate(stamp)) return found;
        stamp = lock.readLock();
        try {
            return collect(head, mask);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    void forEach(Consumer<Entry> action) {
        long stamp = lock.readLock();
        try {
            for (int i = 0; i < size; i++) action.accept(entryAt(i));
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Reads that may meet a change half done: they stay inside the arrays they read, and the caller validates. */
    private Entry find(IndexKey key) {
        int[] table = slots;
        long[] d = digests;
        int mask = table.length - 1;
        for (int slot = home(key.low(), mask), n = 0; n < table.length; slot = (slot + 1) & mask, n++) {
            int i = table[slot] - 1;
            if (i < 0) return null;
            if (2 * i + 1 >= d.length) return null;
            if (d[2 * i] == key.high() && d[2 * i + 1] == key.low()) return entryAtChecked(i);
        }
        return null;
    }

    private List<Entry> collect(long head, long mask) {
        long[] h = heads;
        long[] p = places;
        int n = Math.min(size, Math.min(h.length, p.length));
        List<Entry> found = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if ((h[i] & mask) != (head & mask) || (p[i] & 1) != 0) continue;
            Entry e = entryAtChecked(i);
            if (e != null) found.add(e);
        }
        return found;
    }

    private Entry entryAtChecked(int i) {
        long[] p = places;
        long[] s = stamps;
        Segment[] g = segments;
        if (i >= p.length || i >= s.length || i >= g.length) return null;
        return entry(g[i], p[i], s[i]);
    }

    private Entry entryAt(int i) {
        return entry(segments[i], places[i], stamps[i]);
    }

    private static Entry entry(Segment segment, long place, long stamp) {
        return new Entry(segment, place >>> OFFSET_SHIFT, (int) ((place >>> 1) & LENGTH_MASK), stamp, (place & 1) != 0);
    }

    private void set(int i, Entry e) {
        segments[i] = e.segment();
        places[i] = e.offset() << OFFSET_SHIFT | (long) e.length() << 1 | (e.tombstone() ? 1 : 0);
        stamps[i] = e.stamp();
    }

    private void add(IndexKey key, Entry entry) {
        if (size == heads.length) resize(size + Math.max(4, size >> 2)); // by a quarter: the slack is heap too
        int i = size;
        digests[2 * i] = key.high();
        digests[2 * i + 1] = key.low();
        heads[i] = key.head();
        set(i, entry);
        size++;
        if (size * 4L > slots.length * 3L) rehash(slots.length * 2);
        else slots[slotOf(key.high(), key.low())] = i + 1;
    }

    private void resize(int capacity) {
        digests = Arrays.copyOf(digests, 2 * capacity);
        heads = Arrays.copyOf(heads, capacity);
        places = Arrays.copyOf(places, capacity);
        stamps = Arrays.copyOf(stamps, capacity);
        segments = Arrays.copyOf(segments, capacity);
    }

    private void rehash(int capacity) {
        int[] table = new int[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < size; i++) {
            int slot = home(digests[2 * i + 1], mask);
            while (table[slot] != 0) slot = (slot + 1) & mask;
            table[slot] = i + 1;
        }
        slots = table;
    }

    /** The slot holding the digest's entry, or the empty slot where it would go. */
    private int slotOf(long high, long low) {
        int mask = slots.length - 1;
        int slot = home(low, mask);
        while (slots[slot] != 0) {
            int i = slots[slot] - 1;
            if (digests[2 * i] == high && digests[2 * i + 1] == low) return slot;
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static int home(long low, int mask) {
        return (int) low & mask;
    }

    /** Empties a slot (shifting back the entries probed past it) and moves the last entry into the freed place. */
    private void delete(int slot) {
        int freed = slots[slot] - 1;
        int mask = slots.length - 1;
        for (int next = (slot + 1) & mask; slots[next] != 0; next = (next + 1) & mask) {
            int home = home(digests[2 * (slots[next] - 1) + 1], mask);
            boolean stays = slot <= next ? slot < home && home <= next : slot < home || home <= next;
            if (stays) continue;
            slots[slot] = slots[next];
            slot = next;
        }
        slots[slot] = 0;
        int last = --size;
        if (freed != last) {
            int at = slotOf(digests[2 * last], digests[2 * last + 1]);
            slots[at] = freed + 1;
            digests[2 * freed] = digests[2 * last];
            digests[2 * freed + 1] = digests[2 * last + 1];
            heads[freed] = heads[last];
            places[freed] = places[last];
            stamps[freed] = stamps[last];
            segments[freed] = segments[last];
        }
        segments[last] = null;
        if (heads.length > 4 && size * 4 < heads.length) shrink();
    }

    /** Gives back what a folder emptied by deletions and compactions no longer needs. */
    private void shrink() {
        resize(Math.max(4, size * 2));
        int capacity = 8;
        while (capacity < size * 2) capacity <<= 1;
        rehash(capacity);
    }

    /** Entries, tombstones included. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
