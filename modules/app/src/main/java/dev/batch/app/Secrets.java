package dev.batch.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** Random secrets made on first use: in a file of the data directory (mode 600), or in the blob store. */
final class Secrets {
    private Secrets() {}

    /**
     * A secret every instance that shares the blob store reads the same (the key that signs download
     * URLs: a URL one API instance signed must open through any other). Made on first use, or taken
     * over from {@code legacy}, the file of the data directory where earlier versions kept it, so
     * URLs already handed out stay valid. Two instances starting for the very first time at the same
     * moment may each write one; the last write stands and the other instance's URLs fail until it
     * restarts.
     */
    static byte[] shared(dev.batch.common.blob.BlobStore blobs, String key, Path legacy) throws IOException {
        java.util.Optional<byte[]> stored = blobs.getObject(key);
        if (stored.isPresent()) return stored.get();
        blobs.putObject(key, Files.exists(legacy) ? Files.readAllBytes(legacy) : load(legacy));
        return blobs.getObject(key).orElseThrow(() -> new IOException("the blob store lost " + key + " right after it was written"));
    }

    static byte[] load(Path file) throws IOException {
        if (Files.exists(file)) return Files.readAllBytes(file);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Files.createDirectories(file.getParent());
        Files.write(file, secret);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        return secret;
    }
}
