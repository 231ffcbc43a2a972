package dev.batch.app;

import dev.batch.common.blob.BlobStore;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Optional;

/** Random secrets made on first use and kept in the blob store, where every instance reads the same. */
final class Secrets {
    private Secrets() {}

    /**
     * A secret every instance that shares the blob store reads the same (the key that signs download
     * URLs: a URL one API instance signed must open through any other). Made on first use; no copy is
     * written outside the blob store. Two instances starting for the very first time at the same
     * moment may each write one; the last write stands.
     */
    static byte[] shared(BlobStore blobs, String key) throws IOException {
        Optional<byte[]> stored = blobs.getObject(key);
        if (stored.isPresent()) return stored.get();
        blobs.putObject(key, random());
        return blobs.getObject(key)
                .orElseThrow(() -> new IOException("the blob store lost " + key + " right after it was written"));
    }

    private static byte[] random() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }
}
