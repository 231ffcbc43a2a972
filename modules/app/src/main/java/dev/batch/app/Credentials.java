package dev.batch.app;

import dev.batch.common.Ids;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Properties;

/**
 * The default project and its API key, kept in {@code <data>/credentials.properties} (mode 600) so
 * they survive restarts. {@code BATCH_API_KEY} overrides the key; the project id stays. The key is
 * kept as written, not hashed: start-up prints it, for the one who runs the service to use.
 */
record Credentials(String projectId, String apiKey) {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    static Credentials load(Path dataDir, Optional<String> configuredKey) throws IOException {
        Path file = dataDir.resolve("credentials.properties");
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        boolean changed = false;
        if (p.getProperty("project_id") == null) {
            p.setProperty("project_id", Ids.project());
            changed = true;
        }
        if (p.getProperty("api_key") == null) {
            p.setProperty("api_key", newKey());
            changed = true;
        }
        if (changed) {
            StringWriter text = new StringWriter();
            p.store(text, "default project of this installation; BATCH_API_KEY overrides api_key");
            PrivateFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        }
        return new Credentials(p.getProperty("project_id"), configuredKey.orElse(p.getProperty("api_key")));
    }

    private static String newKey() {
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder("llx-");
        for (int i = 0; i < 48; i++) b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return b.toString();
    }
}
