package dev.batch.common.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A content stream written to a temporary file while it is hashed and measured: a store learns the
 * content's key (its sha256) only at the end, and refuses it over the limit before keeping any of it.
 * The caller moves or uploads the file, and deletes it in any case.
 */
record Spool(Path file, String sha256, long size) {
    static Spool of(InputStream in, long maxBytes, Path dir) throws IOException, BlobStore.TooLargeException {
        Path part = Files.createTempFile(dir, "upload-", ".part");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(part), sha)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    size += n;
                    if (size > maxBytes) throw new BlobStore.TooLargeException(maxBytes);
                    out.write(buf, 0, n);
                }
            }
            return new Spool(part, HexFormat.of().formatHex(sha.digest()), size);
        } catch (NoSuchAlgorithmException e) {
            Files.deleteIfExists(part);
            throw new IllegalStateException("the JVM has no SHA-256", e);
        } catch (IOException | BlobStore.TooLargeException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }
}
