package dev.batch.common.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.Hashes;
import dev.batch.common.blob.SegmentIndex.Entry;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment index's own structure: its size on the heap, its table under collisions, growth and concurrent reads. */
class SegmentIndexTest {
    @TempDir
    Path root;

    private final Segment segment = segment(1);
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aDirectoryJobsResultsAndIndexEntriesTakeUnder100BytesOfHeapEach() {
        String job = "bjb-" + UUID.randomUUID();
        String parameters = Hashes.sha256Hex("{}");
        int items = 100_000;
        long before = heapAfterGc();
        SegmentIndex index = new SegmentIndex();
        for (int i = 0; i < items; i++) {
            String item = "dfl-" + UUID.randomUUID();
            index.apply("results/" + job + "/" + item + ".json", new Entry(segment, 2000L * i, 900, i, false));
            index.apply(ResultIndex.itemKey(item, parameters), new Entry(segment, 2000L * i + 900, 400, i, false));
        }
        long perObject = (heapAfterGc() - before) / (2L * items);
        Reference.reachabilityFence(index);
        assertThat(perObject).isLessThan(100);
    }

    @Test
    void keysWhoseDigestsStartAtTheSameSlotStayApartThroughRemovalsAndGrowth() {
        IndexFolder folder = new IndexFolder();
        List<IndexKey> keys = new ArrayList<>();
        // Half start at slot 7, half at the table's last slot (their probes wrap around).
        for (int i = 0; i < 300; i++)
            keys.add(new IndexKey("f", i, (long) i << 32 | (i % 2 == 0 ? 7 : 0xffffffffL), i));
        for (int i = 0; i < keys.size(); i++)
            assertThat(folder.apply(keys.get(i), entry(i, 1))).isNull();
        for (int i = 0; i < keys.size(); i += 3) folder.remove(keys.get(i), entry(i, 1));
        for (int i = 0; i < keys.size(); i++) {
            if (i % 3 == 0)
                assertThat(folder.get(keys.get(i))).as("removed %d", i).isNull();
            else assertThat(folder.get(keys.get(i))).as("kept %d", i).isEqualTo(entry(i, 1));
        }
        for (int i = 0; i < keys.size(); i += 3)
            assertThat(folder.apply(keys.get(i), entry(i, 2))).isNull();
        for (int i = 0; i < keys.size(); i++)
            assertThat(folder.get(keys.get(i))).isEqualTo(entry(i, i % 3 == 0 ? 2 : 1));
    }

    @Test
    void theNewestStampWinsAndAnEqualStampMovesTheRecord() {
        IndexFolder folder = new IndexFolder();
        IndexKey key = new IndexKey("f", 1, 2, 3);
        folder.apply(key, entry(10, 5));
        Entry older = entry(11, 4);
        assertThat(folder.apply(key, older)).isSameAs(older);
        Entry moved = new Entry(segment(2), 12, 10, 5, false);
        assertThat(folder.apply(key, moved)).isEqualTo(entry(10, 5));
        Entry tombstone = new Entry(segment, 13, 10, 6, true);
        assertThat(folder.apply(key, tombstone)).isEqualTo(moved);
        assertThat(folder.get(key)).isEqualTo(tombstone);
        assertThat(folder.candidates(0, 0)).as("tombstones are not listed").isEmpty();
    }

    @Test
    void removingASegmentsEntriesShrinksTheFolderAndKeepsTheOthers() {
        IndexFolder folder = new IndexFolder();
        Segment other = segment(2);
        Random random = new Random(7);
        List<IndexKey> keys = new ArrayList<>();
        long liveInSegment = 0;
        for (int i = 0; i < 20_000; i++) {
            keys.add(new IndexKey("f", random.nextLong(), random.nextLong(), random.nextLong()));
            boolean tombstone = i % 10 == 0;
            folder.apply(keys.get(i), new Entry(i % 2 == 0 ? segment : other, i, 100 + i % 7, i, tombstone));
            if (i % 2 == 0 && !tombstone) liveInSegment += 100 + i % 7;
        }
        assertThat(folder.removeAll(segment)).isEqualTo(liveInSegment);
        for (int i = 0; i < keys.size(); i++) {
            Entry e = folder.get(keys.get(i));
            if (i % 2 == 0) assertThat(e).isNull();
            else assertThat(e).isEqualTo(new Entry(other, i, 100 + i % 7, i, false));
        }
        folder.removeAll(other);
        assertThat(folder.isEmpty()).isTrue();
        folder.apply(keys.get(0), entry(1, 1));
        assertThat(folder.get(keys.get(0))).isEqualTo(entry(1, 1));
    }

    @Test
    void readersNeverSeeAnEntryHalfWrittenWhileTheFolderGrowsAndShrinks() throws Exception {
        IndexFolder folder = new IndexFolder();
        Random random = new Random(11);
        int stable = 500;
        IndexKey[] keys = new IndexKey[stable + 5_000];
        for (int k = 0; k < keys.length; k++) keys[k] = new IndexKey("f", random.nextLong(), random.nextLong(), k);
        for (int k = 0; k < stable; k++) folder.apply(keys[k], versioned(k, 0));
        AtomicBoolean done = new AtomicBoolean();
        Future<?> writer = pool.submit(() -> {
            for (int round = 1; round <= 40; round++) {
                for (int k = stable; k < keys.length; k++) folder.apply(keys[k], versioned(k, round));
                for (int k = 0; k < stable; k++) folder.apply(keys[k], versioned(k, round));
                for (int k = stable; k < keys.length; k++) folder.remove(keys[k], versioned(k, round));
            }
            done.set(true);
            return null;
        });
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++)
            readers.add(pool.submit(() -> {
                while (!done.get()) {
                    for (int k = 0; k < stable; k++) {
                        Entry e = folder.get(keys[k]);
                        assertThat(e).isNotNull();
                        assertThat(e).isEqualTo(versioned(k, e.stamp()));
                    }
                    long listed = folder.candidates(0, 0).stream()
                            .filter(e -> e.offset() / 1_000_000 < stable)
                            .count();
                    assertThat(listed).isEqualTo(stable);
                }
                return null;
            }));
        writer.get();
        for (Future<?> r : readers) r.get();
    }

    @Test
    void aListingReadsTheNamesFromTheSegmentsSortedAndOnlyThoseWithThePrefix() throws Exception {
        TreeSet<String> expected = new TreeSet<>();
        try (SegmentBlobStore store = new SegmentBlobStore(root)) {
            Random random = new Random(3);
            String longName = "x".repeat(300);
            store.putObject("f/" + longName, new byte[1]);
            for (int i = 0; i < 3_000; i++) {
                String key = "f/item-000-" + random.nextInt(1_000_000) + ".json"; // the same first 8 bytes
                store.putObject(key, key.getBytes(StandardCharsets.UTF_8));
                if (key.startsWith("f/item-000-1")) expected.add(key);
            }
            String deleted = expected.pollFirst();
            store.deleteObject(deleted);
            assertThat(store.listObjects("f", "item-000-1")).containsExactlyElementsOf(expected);
            assertThat(store.listObjects("f", "x")).containsExactly("f/" + longName);
            assertThat(store.listObjects("f", "item-001")).isEmpty();
        }
    }

    private Entry entry(long offset, long stamp) {
        return new Entry(segment, offset, 10, stamp, false);
    }

    /** Key {@code k}'s record of round {@code round}: its offset says both, so a torn read shows. */
    private Entry versioned(int k, long round) {
        return new Entry(segment, k * 1_000_000L + round, k % 1000 + 1, round, false);
    }

    /** A segment the index points into; none of these tests reads it. */
    private static Segment segment(int number) {
        return Segment.of(Path.of(Segment.name(number, "test", number))).orElseThrow();
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
