package dev.batch.common.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest {
    @TempDir
    Path root;

    @Test
    void storesTheSameContentOnceUnderItsSha256() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
        BlobStore.StoredContent a = store.putContent(new ByteArrayInputStream(bytes), 100);
        BlobStore.StoredContent b = store.putContent(new ByteArrayInputStream(bytes), 100);
        assertThat(a.sha256())
                .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
                .isEqualTo(b.sha256());
        assertThat(a.size()).isEqualTo(5);
        try (var in = store.openContent(a.sha256())) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        try (var files = Files.walk(root.resolve("content"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
    }

    @Test
    void refusesContentOverTheLimitAndKeepsNothingOfIt() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        assertThatThrownBy(() -> store.putContent(new ByteArrayInputStream(new byte[1001]), 1000))
                .isInstanceOf(BlobStore.TooLargeException.class);
        assertThat(Files.exists(root.resolve("content"))).isFalse();
        try (var tmp = Files.list(root.resolve("tmp"))) {
            assertThat(tmp.count()).isZero();
        }
    }

    @Test
    void neverTurnsAKeyIntoAPathOutsideTheStore() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        for (String bad : new String[] {"../etc/passwd", "/abs", "a/../../b", "a//b", "a\\b", ""}) {
            assertThatThrownBy(() -> store.putObject(bad, new byte[1]))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.openContent("../../x")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void putsReadsAndDeletesObjects() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        store.putObject("results/bjb-1/item.txt", "text".getBytes(StandardCharsets.UTF_8));
        assertThat(store.getObject("results/bjb-1/item.txt"))
                .hasValueSatisfying(
                        b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("text"));
        assertThat(store.deleteObject("results/bjb-1/item.txt")).isTrue();
        assertThat(store.getObject("results/bjb-1/item.txt")).isEmpty();
    }

    @Test
    void replacesAnObjectAndLeavesNoPartFileBehind() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        store.putObject("index/item-1/abc", "first".getBytes(StandardCharsets.UTF_8));
        store.putObject("index/item-1/abc", "second".getBytes(StandardCharsets.UTF_8));
        Path moved = Files.writeString(store.tempDir().resolve("parse-out.json"), "{}");
        store.putObjectFile("results/new-folder/out.json", moved);
        assertThat(store.getObject("index/item-1/abc"))
                .hasValueSatisfying(
                        b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("second"));
        assertThat(store.getObject("results/new-folder/out.json"))
                .hasValueSatisfying(
                        b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{}"));
        try (var left = Files.list(store.tempDir())) {
            assertThat(left.toList()).isEmpty();
        }
    }

    @Test
    void writesObjectsFromManyThreadsEachWholeAndReadableByTheOwnerOnly() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        var pool = Executors.newFixedThreadPool(8);
        try {
            var writes = new ArrayList<Future<?>>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                writes.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++)
                        store.putObject(
                                "many/" + thread + "/" + i,
                                ("object " + thread + "/" + i).getBytes(StandardCharsets.UTF_8));
                    return null;
                }));
            }
            for (var w : writes) w.get();
        } finally {
            pool.shutdown();
        }
        for (int t = 0; t < 8; t++) {
            for (int i = 0; i < 200; i++) {
                String expected = "object " + t + "/" + i;
                assertThat(store.getObject("many/" + t + "/" + i))
                        .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8))
                                .isEqualTo(expected));
            }
        }
        try (var left = Files.list(store.tempDir())) {
            assertThat(left.toList()).isEmpty();
        }
        if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("objects/many/0/0"))))
                    .isEqualTo("rw-------");
        }
    }
}
