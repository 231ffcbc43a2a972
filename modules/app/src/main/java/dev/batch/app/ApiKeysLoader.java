package dev.batch.app;

import dev.batch.common.config.Config;
import dev.batch.common.config.ConfigException;
import dev.batch.ingress.ApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API keys and the project each belongs to: the default project's key, plus
 * {@code BATCH_API_KEYS} ({@code key=project,key=project}) and the file {@code BATCH_API_KEYS_FILE}
 * (one {@code key=project} a line, {@code #} comments).
 */
final class ApiKeysLoader {
    private ApiKeysLoader() {}

    static ApiKeys load(Config config, Credentials credentials) throws IOException {
        Map<String, String> fixed = new LinkedHashMap<>();
        fixed.put(credentials.apiKey(), credentials.projectId());
        config.get(AppSettings.API_KEYS).ifPresent(list -> {
            for (String pair : list.split(",")) {
                if (!pair.isBlank()) put(fixed, pair, AppSettings.API_KEYS.name());
            }
        });
        if (config.get(AppSettings.API_KEYS_FILE).isEmpty()) return new ApiKeys(fixed);
        KeysFile file = new KeysFile(Path.of(config.get(AppSettings.API_KEYS_FILE).get()), fixed);
        file.read(); // a file that is unreadable or malformed at start-up stops it, naming the setting
        return new ApiKeys(file::keys);
    }

    /**
     * The keys file, read again when it changes (time or size): a line taken out revokes its key. A
     * file that turns malformed or unreadable while running keeps the last good keys, with a warning.
     */
    private static final class KeysFile {
        private final Path path;
        private final Map<String, String> fixed;
        private Map<String, String> last;
        private String stamp = "";

        KeysFile(Path path, Map<String, String> fixed) {
            this.path = path;
            this.fixed = Map.copyOf(fixed);
        }

        synchronized Map<String, String> keys() {
            try {
                read();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ApiKeysLoader.class).warn("Keeping the API keys read before: {}", e.getMessage());
            }
            return last;
        }

        synchronized void read() {
            List<String> lines;
            String now;
            try {
                now = Files.getLastModifiedTime(path).toMillis() + "/" + Files.size(path);
                if (now.equals(stamp)) return;
                lines = Files.readAllLines(path);
            } catch (IOException e) {
                throw new ConfigException(AppSettings.API_KEYS_FILE.name() + ": cannot read '" + path + "': " + e.getMessage());
            }
            Map<String, String> keys = new LinkedHashMap<>(fixed);
            for (String line : lines) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) put(keys, l, AppSettings.API_KEYS_FILE.name());
            }
            last = keys;
            stamp = now;
        }
    }

    private static void put(Map<String, String> keys, String pair, String setting) {
        int eq = pair.indexOf('=');
        if (eq <= 0 || eq == pair.length() - 1) {
            throw new ConfigException(setting + ": expected key=project, got '" + pair.strip() + "'");
        }
        String key = pair.substring(0, eq).strip();
        String project = pair.substring(eq + 1).strip();
        String previous = keys.putIfAbsent(key, project);
        if (previous != null && !previous.equals(project)) {
            throw new ConfigException(setting + ": the same key is given for two projects");
        }
    }
}
