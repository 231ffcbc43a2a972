package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.blob.LocalBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void aWatcherNeverSeesTheFileReadableByOthersNorHalfWritten() throws Exception {
        Path file = dir.resolve("secret.key");
        byte[] a = new byte[64 * 1024];
        byte[] b = new byte[64 * 1024];
        Arrays.fill(a, (byte) 'a');
        Arrays.fill(b, (byte) 'b');
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<List<String>> watcher = CompletableFuture.supplyAsync(() -> {
            List<String> seen = new ArrayList<>();
            while (writing.get() && seen.size() < 5) {
                try {
                    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
                    byte[] read = Files.readAllBytes(file);
                    if (!mode.equals("rw-------")) seen.add("mode " + mode);
                    if (!Arrays.equals(read, a) && !Arrays.equals(read, b)) seen.add(read.length + " bytes");
                } catch (NoSuchFileException notYet) {
                    // before the first write
                } catch (IOException e) {
                    seen.add(e.toString());
                }
            }
            return seen;
        });
        try {
            for (int i = 0; i < 100 && !watcher.isDone(); i++) PrivateFiles.write(file, i % 2 == 0 ? a : b);
        } finally {
            writing.set(false);
        }
        assertThat(watcher.get()).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no part file is left behind")
                    .containsExactly("secret.key");
        }
    }

    @Test
    void theDefaultKeyIsKeptInAFileOnlyItsOwnerReads() throws Exception {
        Credentials first = Credentials.load(dir, Optional.empty());
        Path file = dir.resolve("credentials.properties");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("api_key=" + first.apiKey());
        assertThat(Credentials.load(dir, Optional.empty()))
                .as("kept across restarts")
                .isEqualTo(first);
    }

    @Test
    void aSharedSecretIsMadeOnceAndKeptOnlyInTheBlobStore() throws Exception {
        LocalBlobStore blobs = new LocalBlobStore(dir.resolve("blobs"));
        byte[] secret = Secrets.shared(blobs, "secrets/url-signing.key");
        assertThat(secret).hasSize(32);
        assertThat(Secrets.shared(blobs, "secrets/url-signing.key"))
                .as("read again, not made again")
                .isEqualTo(secret);
        assertThat(blobs.getObject("secrets/url-signing.key").orElseThrow()).isEqualTo(secret);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no copy beside the blob store")
                    .containsExactly("blobs");
        }
    }
}
