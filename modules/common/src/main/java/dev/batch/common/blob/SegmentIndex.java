package dev.batch.common.blob;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Where each key's newest record is, by folder and then name, so that listing a folder (or the names
 * in it that start with some prefix) reads only that folder. Deleted keys keep their tombstone, which
 * is what makes an older record found later lose. The names themselves stay in the segments: a folder
 * holds their digests ({@link IndexKey}), and a listing reads the names it returns from the records.
 * Readers need no lock; the log changes it under its own, one thread at a time.
 */
final class SegmentIndex {
    record Entry(Segment segment, long offset, int length, long stamp, boolean tombstone) {}

    private final Map<String, IndexFolder> folders = new ConcurrentHashMap<>();

    /**
     * Makes {@code entry} the key's, unless the key has a newer one: returns the entry it replaced
     * (null if none), or {@code entry} itself when it lost. An equal stamp is the same record, moved
     * by a compaction.
     */
    Entry apply(String key, Entry entry) {
        IndexKey k = IndexKey.of(key);
        return folders.computeIfAbsent(k.folder(), f -> new IndexFolder()).apply(k, entry);
    }

    Entry get(String key) {
        IndexFolder folder = folders.get(IndexKey.folderOf(key));
        return folder == null ? null : folder.get(IndexKey.of(key));
    }

    /** Removes the key's entry if it is still {@code entry}. */
    void remove(String key, Entry entry) {
        String name = IndexKey.folderOf(key);
        IndexFolder folder = folders.get(name);
        if (folder == null) return;
        folder.remove(IndexKey.of(key), entry);
        if (folder.isEmpty()) folders.remove(name, folder);
    }

    /**
     * Keys of the objects (not tombstones) directly under {@code prefix} whose name starts with {@code
     * namePrefix}, sorted; read from their records, so it fails as a read does when a compaction removed a
     * segment meanwhile.
     */
    List<String> list(String prefix, String namePrefix) throws IOException {
        IndexFolder folder = folders.get(prefix);
        if (folder == null) return List.of();
        byte[] start = namePrefix.getBytes(StandardCharsets.UTF_8);
        String keyPrefix = prefix.isEmpty() ? namePrefix : prefix + "/" + namePrefix;
        List<String> keys = new ArrayList<>();
        for (Entry e : folder.candidates(IndexKey.head(start), IndexKey.headMask(start.length))) {
            String key = e.segment().key(e.offset(), e.length());
            if (key.startsWith(keyPrefix)) keys.add(key);
        }
        Collections.sort(keys);
        return keys;
    }

    /** Every entry. */
    void forEach(Consumer<Entry> action) {
        folders.values().forEach(folder -> folder.forEach(action));
    }

    /** Drops the entries that still point into {@code segment}; returns the bytes of the objects among them. */
    long removeAll(Segment segment) {
        long live = 0;
        for (var folder : folders.entrySet()) {
            live += folder.getValue().removeAll(segment);
            if (folder.getValue().isEmpty()) folders.remove(folder.getKey(), folder.getValue());
        }
        return live;
    }

    /** Each folder and how many keys (tombstones included) it holds: what the heap grows with. */
    Map<String, Integer> folderSizes() {
        Map<String, Integer> sizes = new TreeMap<>();
        folders.forEach((folder, entries) -> sizes.put(folder, entries.size()));
        return sizes;
    }
}
