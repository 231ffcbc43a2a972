package dev.batch.common.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentBlobStoreTest {
    @TempDir
    Path root;

    private final List<SegmentBlobStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() throws IOException {
        for (SegmentBlobStore s : opened) s.close();
    }

    private SegmentBlobStore open() throws IOException {
        return open(SegmentBlobStore.SEGMENT_BYTES);
    }

    private SegmentBlobStore open(long segmentBytes) throws IOException {
        SegmentBlobStore s = new SegmentBlobStore(root, segmentBytes);
        opened.add(s);
        return s;
    }

    @Test
    void anOverwriteReplacesTheObjectForEveryReader() throws Exception {
        SegmentBlobStore a = open();
        SegmentBlobStore b = open();
        put(a, "results/j/1.json", "first");
        put(b, "results/j/1.json", "second");
        assertThat(text(a, "results/j/1.json")).isEqualTo("second");
        assertThat(text(open(), "results/j/1.json")).as("reopened").isEqualTo("second");
        assertThat(a.listObjects("results/j")).containsExactly("results/j/1.json");
    }

    @Test
    void aDeletedObjectIsGoneAndStaysGoneAfterReopening() throws Exception {
        SegmentBlobStore store = open();
        put(store, "results/j/1.json", "one");
        put(store, "results/j/2.json", "two");
        assertThat(store.deleteObject("results/j/1.json")).isTrue();
        assertThat(store.deleteObject("results/j/1.json")).as("deleting twice").isFalse();
        assertThat(store.getObject("results/j/1.json")).isEmpty();
        SegmentBlobStore reopened = open();
        assertThat(reopened.getObject("results/j/1.json")).isEmpty();
        assertThat(reopened.listObjects("results/j")).containsExactly("results/j/2.json");
    }

    @Test
    void listsTheObjectsDirectlyUnderAFolderWhoseNameStartsWithAPrefixSorted() throws Exception {
        SegmentBlobStore store = open();
        for (String k :
                List.of("idx/0a/item-2.h.avro", "idx/0a/item-1.h.avro", "idx/0a/item-10.h.avro", "idx/0a/other.avro"))
            put(store, k, k);
        put(store, "idx/0a/deeper/item-3.h.avro", "not directly under");
        put(store, "idx/0ab/item-4.h.avro", "another folder");
        assertThat(store.listObjects("idx/0a", "item-1"))
                .containsExactly("idx/0a/item-1.h.avro", "idx/0a/item-10.h.avro");
        assertThat(store.listObjects("idx/0a"))
                .containsExactly(
                        "idx/0a/item-1.h.avro", "idx/0a/item-10.h.avro", "idx/0a/item-2.h.avro", "idx/0a/other.avro");
        assertThat(store.listObjects("idx/none")).isEmpty();
        assertThatThrownBy(() -> store.listObjects("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsLargeObjectsAsFilesAndTheNewestWinsAcrossTheThreshold() throws Exception {
        SegmentBlobStore store = open();
        byte[] large = new byte[SegmentBlobStore.SMALL_OBJECT_BYTES + 1];
        put(store, "results/j/1.json", "small");
        store.putObject("results/j/1.json", large);
        assertThat(Files.size(root.resolve("objects/results/j/1.json"))).isEqualTo(large.length);
        assertThat(store.getObject("results/j/1.json"))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(large));
        assertThat(store.listObjects("results/j")).containsExactly("results/j/1.json");
        put(store, "results/j/1.json", "small again");
        assertThat(Files.exists(root.resolve("objects/results/j/1.json"))).isFalse();
        assertThat(text(store, "results/j/1.json")).isEqualTo("small again");
        Path file = Files.write(store.tempDir().resolve("out.json"), large);
        store.putObjectFile("results/j/2.json", file);
        assertThat(file).doesNotExist();
        assertThat(store.deleteObject("results/j/2.json")).isTrue();
        assertThat(store.listObjects("results/j")).containsExactly("results/j/1.json");
    }

    @Test
    void aTornTailIsIgnoredAndWritingGoesOnInANewSegment() throws Exception {
        SegmentBlobStore store = open();
        put(store, "files/a.avro", "a");
        put(store, "files/b.avro", "b");
        store.close();
        Path segment = onlySegment();
        byte[] whole = new SegmentRecord(Long.MAX_VALUE, "files/a.avro", "torn".getBytes()).encode();
        Files.write(segment, Arrays.copyOf(whole, whole.length - 3), StandardOpenOption.APPEND);

        SegmentBlobStore reopened = open();
        assertThat(text(reopened, "files/a.avro"))
                .as("the torn record never counts")
                .isEqualTo("a");
        put(reopened, "files/c.avro", "c");
        assertThat(text(open(), "files/c.avro")).isEqualTo("c");
        assertThat(open().listObjects("files")).containsExactly("files/a.avro", "files/b.avro", "files/c.avro");
    }

    @Test
    void twoWritersOnOneFolderSeeEachOthersObjects() throws Exception {
        SegmentBlobStore a = open();
        SegmentBlobStore b = open();
        var pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writes = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            SegmentBlobStore store = t % 2 == 0 ? a : b;
            int thread = t;
            writes.add(pool.submit(() -> {
                for (int i = 0; i < 500; i++) put(store, "results/j/" + thread + "-" + i + ".json", thread + ":" + i);
                return null;
            }));
        }
        for (Future<?> f : writes) f.get();
        pool.shutdown();
        for (SegmentBlobStore reader : List.of(a, b, open())) {
            assertThat(reader.listObjects("results/j")).hasSize(2000);
            for (int t = 0; t < 4; t++)
                for (int i = 0; i < 500; i++)
                    assertThat(text(reader, "results/j/" + t + "-" + i + ".json"))
                            .isEqualTo(t + ":" + i);
        }
        assertThat(b.deleteObject("results/j/0-0.json"))
                .as("an object another writer wrote")
                .isTrue();
        assertThat(a.getObject("results/j/0-0.json")).isEmpty();
    }

    @Test
    void aReaderSeesAppendsAndNewSegmentsAfterItsFolderHadSettled() throws Exception {
        SegmentBlobStore a = open();
        SegmentBlobStore b = open();
        put(a, "files/1.avro", "one");
        // As if the segment had been made a while ago: the reader lists the folder once and then watches sizes.
        Path folder = root.resolve("segments");
        Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minusSeconds(60)));
        assertThat(text(b, "files/1.avro")).isEqualTo("one");
        assertThat(b.listObjects("files")).containsExactly("files/1.avro");

        put(a, "files/2.avro", "two");
        assertThat(text(b, "files/2.avro")).as("appended to a known segment").isEqualTo("two");
        put(open(), "files/3.avro", "three");
        assertThat(text(b, "files/3.avro")).as("in a new segment").isEqualTo("three");
        assertThat(a.deleteObject("files/3.avro")).isTrue();
        assertThat(b.listObjects("files")).containsExactly("files/1.avro", "files/2.avro");
    }

    @Test
    void compactionKeepsTheLiveObjectsAndTheDeletionsAndFreesTheRest() throws Exception {
        SegmentBlobStore store = open(4096);
        SegmentBlobStore reader = open();
        byte[] value = new byte[200];
        long written = 0;
        for (int i = 0; i < 400; i++) {
            String key = "results/j/" + i + ".json";
            store.putObject(key, value);
            written += new SegmentRecord(0, key, value).encode().length;
        }
        assertThat(reader.listObjects("results/j")).hasSize(400);
        for (int i = 0; i < 400; i++) {
            String key = "results/j/" + i + ".json";
            if (i % 10 == 0) continue;
            store.deleteObject(key);
            written += SegmentRecord.tombstone(0, key).encode().length;
        }
        long quarter = written / 4;

        // The deletions start compactions in the background too: this one may find one running.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            store.compact();
            return segmentBytes() < quarter;
        });
        for (SegmentBlobStore s : List.of(store, reader, open())) {
            assertThat(s.listObjects("results/j")).hasSize(40);
            assertThat(s.getObject("results/j/10.json"))
                    .hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
            assertThat(s.getObject("results/j/11.json")).isEmpty();
        }
    }

    @Test
    void deletedObjectsAreReclaimedBeforeTheOpenSegmentFillsUp() throws Exception {
        SegmentBlobStore store = open();
        byte[] value = new byte[1000];
        for (int i = 0; i < 3000; i++) store.putObject("results/j/" + i + ".json", value);
        for (int i = 0; i < 3000; i++) store.deleteObject("results/j/" + i + ".json");

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            store.compact();
            return segmentBytes() < 1 << 20;
        });
        assertThat(open().listObjects("results/j")).isEmpty();
    }

    @Test
    void theIndexKeepsNothingOfFoldersWhoseObjectsWereDeletedOnceTheyAreCompacted() throws Exception {
        SegmentBlobStore store = open();
        byte[] value = new byte[1000];
        for (int job = 0; job < 1000; job++) {
            for (int item = 0; item < 3; item++) store.putObject("results/bjb-" + job + "/" + item + ".json", value);
        }
        store.putObject("results/kept/0.json", value);
        for (int job = 0; job < 1000; job++) {
            for (int item = 0; item < 3; item++) store.deleteObject("results/bjb-" + job + "/" + item + ".json");
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            store.compact();
            return segmentBytes() < 1 << 20;
        });
        Map<String, Integer> folders = store.indexedFolders();
        assertThat(folders.values().stream().filter(keys -> keys == 0).count())
                .as("folders indexed without a key")
                .isZero();
        assertThat(folders).containsEntry("results/kept", 1);
        assertThat(store.listObjects("results/kept")).containsExactly("results/kept/0.json");
    }

    @Test
    void compactionRewritesTheMostlyDeadSegmentsAndLeavesTheLiveOnesAlone() throws Exception {
        SegmentBlobStore store = open(4096);
        byte[] value = new byte[300];
        for (int i = 0; i < 40; i++) store.putObject("results/j/" + i + ".json", value);
        List<Path> written = segments().stream().sorted().toList();
        assertThat(written).hasSizeGreaterThanOrEqualTo(3);
        Path first = written.get(0);
        Path second = written.get(1);
        List<String> inFirst = new ArrayList<>();
        for (String key : store.listObjects("results/j")) {
            if (Files.readString(first, StandardCharsets.ISO_8859_1).contains(key)) inFirst.add(key);
        }
        for (String key : inFirst) store.deleteObject(key);

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            store.compact();
            return !Files.exists(first);
        });
        assertThat(second).as("a sealed segment still all live").exists();
        assertThat(open().listObjects("results/j")).hasSize(40 - inFirst.size());
    }

    @Test
    void anotherProcesssObjectsAreReadHereAndItsSegmentsCompactedOnlyOnceItIsGone() throws Exception {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        SegmentWriterProcess.class.getName(),
                        root.toString(),
                        "results/child",
                        "300")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("written");
        }
        List<Path> childs = segments();
        SegmentBlobStore store = open(4096);
        assertThat(store.listObjects("results/child")).hasSize(300);
        assertThat(text(store, "results/child/7.json")).isEqualTo("child 7");
        for (int i = 0; i < 300; i++)
            assertThat(store.deleteObject("results/child/" + i + ".json")).isTrue();

        store.compact();
        assertThat(childs).as("a live writer's segments").allMatch(Files::exists);

        child.getOutputStream().close();
        assertThat(child.waitFor()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            store.compact();
            return childs.stream().noneMatch(Files::exists);
        });
        assertThat(open().listObjects("results/child")).isEmpty();
        try (var locks = Files.list(root.resolve("segments/writers"))) {
            assertThat(locks.count())
                    .as("the writers' lock files: this one's only")
                    .isEqualTo(1);
        }
    }

    private List<Path> segments() throws IOException {
        try (var files = Files.list(root.resolve("segments"))) {
            return files.filter(p -> p.toString().endsWith(Segment.SUFFIX)).toList();
        }
    }

    private long segmentBytes() throws IOException {
        try (var files = Files.list(root.resolve("segments"))) {
            return files.filter(p -> p.toString().endsWith(Segment.SUFFIX))
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    private Path onlySegment() throws IOException {
        try (var files = Files.list(root.resolve("segments"))) {
            List<Path> segments =
                    files.filter(p -> p.toString().endsWith(Segment.SUFFIX)).toList();
            assertThat(segments).hasSize(1);
            return segments.get(0);
        }
    }

    static void put(BlobStore store, String key, String value) throws IOException {
        store.putObject(key, value.getBytes(StandardCharsets.UTF_8));
    }

    static String text(BlobStore store, String key) throws IOException {
        return new String(store.getObject(key).orElseThrow(), StandardCharsets.UTF_8);
    }
}
