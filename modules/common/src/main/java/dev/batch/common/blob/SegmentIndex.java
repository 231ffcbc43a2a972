package dev.batch.common.blob;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;

/**
 * Where each key's newest record is, by folder and then name, so that listing a folder (or the names
 * in it that start with some prefix) reads only that folder. Deleted keys keep their tombstone, which
 * is what makes an older record found later lose, until a compaction drops it. A folder goes with its
 * last entry, or every job's folders would stay. Readers need no lock; the log changes it under its
 * own (so no entry is put into a folder being dropped).
 */
final class SegmentIndex {
    record Entry(Segment segment, long offset, int length, long stamp, boolean tombstone) {}

    private final Map<String, ConcurrentSkipListMap<String, Entry>> folders = new ConcurrentHashMap<>();

    /**
     * Makes {@code entry} the key's, unless the key has a newer one: returns the entry it replaced
     * (null if none), or {@code entry} itself when it lost. An equal stamp is the same record, moved
     * by a compaction.
     */
    Entry apply(String key, Entry entry) {
        int slash = key.lastIndexOf('/');
        String name = key.substring(slash + 1);
        ConcurrentSkipListMap<String, Entry> folder =
                folders.computeIfAbsent(slash < 0 ? "" : key.substring(0, slash), f -> new ConcurrentSkipListMap<>());
        Entry current = folder.get(name);
        if (current != null && current.stamp() > entry.stamp()) return entry;
        folder.put(name, entry);
        return current;
    }

    Entry get(String key) {
        int slash = key.lastIndexOf('/');
        Map<String, Entry> folder = folders.get(slash < 0 ? "" : key.substring(0, slash));
        return folder == null ? null : folder.get(key.substring(slash + 1));
    }

    /** Removes the key's entry if it is still {@code entry}. */
    void remove(String key, Entry entry) {
        int slash = key.lastIndexOf('/');
        String path = slash < 0 ? "" : key.substring(0, slash);
        Map<String, Entry> folder = folders.get(path);
        if (folder == null) return;
        folder.remove(key.substring(slash + 1), entry);
        if (folder.isEmpty()) folders.remove(path, folder);
    }

    /** Keys of the objects (not tombstones) directly under {@code prefix} whose name starts with {@code namePrefix}, sorted. */
    List<String> list(String prefix, String namePrefix) {
        ConcurrentSkipListMap<String, Entry> folder = folders.get(prefix);
        if (folder == null) return List.of();
        List<String> keys = new ArrayList<>();
        var names = namePrefix.isEmpty() ? folder : folder.tailMap(namePrefix);
        for (var e : names.entrySet()) {
            if (!e.getKey().startsWith(namePrefix)) break;
            if (!e.getValue().tombstone()) keys.add(prefix.isEmpty() ? e.getKey() : prefix + "/" + e.getKey());
        }
        return keys;
    }

    /** Every key and its entry. */
    void forEach(BiConsumer<String, Entry> action) {
        folders.forEach((folder, names) ->
                names.forEach((name, entry) -> action.accept(folder.isEmpty() ? name : folder + "/" + name, entry)));
    }

    /** Drops the entries that still point into {@code segment}; returns the bytes of the objects among them. */
    long removeAll(Segment segment) {
        long live = 0;
        var folderIt = folders.values().iterator();
        while (folderIt.hasNext()) {
            var names = folderIt.next();
            var it = names.values().iterator();
            while (it.hasNext()) {
                Entry e = it.next();
                if (e.segment() != segment) continue;
                if (!e.tombstone()) live += e.length();
                it.remove();
            }
            if (names.isEmpty()) folderIt.remove();
        }
        return live;
    }

    /** The folders it holds and how many entries (tombstones included) each has. */
    Map<String, Integer> folderSizes() {
        Map<String, Integer> sizes = new TreeMap<>();
        folders.forEach((folder, names) -> sizes.put(folder, names.size()));
        return sizes;
    }
}
