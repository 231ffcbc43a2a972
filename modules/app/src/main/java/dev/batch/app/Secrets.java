package dev.batch.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/** Random secrets made on first use and kept in the blob store, where every instance reads the same. */
final class Secrets {
    private Secrets() {}

    /**
     * A secret every instance that shares the blob store reads the same (the key that signs download
     * URLs: a URL one API instance signed must open through any other). Made on first use, or taken
     * over from {@code legacy}, the file of the data directory where earlier versions kept it, so
     * URLs already handed out stay valid; no copy is written outside the blob store. Two instances
     * starting for the very first time at the same moment may each write one; the last write stands.
     */
    static byte[] shared(dev.batch.common.blob.BlobStore blobs, String key, Path legacy) throws IOException {
        java.util.Optional<byte[]> stored = blobs.getObject(key);
        if (stored.isPresent()) return stored.get();
        blobs.putObject(key, legacy != null && Files.exists(legacy) ? Files.readAllBytes(legacy) : random());
        return blobs.getObject(key).orElseThrow(() -> new IOException("the blob store lost " + key + " right after it was written"));
    }

    static byte[] random() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }
}
