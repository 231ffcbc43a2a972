package dev.batch.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** A random secret kept in a file of the data directory (mode 600), made on first use. */
final class Secrets {
    private Secrets() {}

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
