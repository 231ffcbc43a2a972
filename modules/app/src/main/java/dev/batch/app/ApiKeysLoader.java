package dev.batch.app;

import dev.batch.common.config.Config;
import dev.batch.common.config.ConfigException;
import dev.batch.ingress.ApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The API keys and the project each belongs to: the default project's key, plus
 * {@code BATCH_API_KEYS} ({@code key=project,key=project}) and the file {@code BATCH_API_KEYS_FILE}
 * (one {@code key=project} a line, {@code #} comments). A key may be given as
 * {@code sha256:<hex of its SHA-256>}, so the file need not hold the key itself. Only the hashes
 * are kept.
 */
final class ApiKeysLoader {
    private ApiKeysLoader() {}

    static ApiKeys load(Config config, Credentials credentials) throws IOException {
        Map<String, String> fixed = new LinkedHashMap<>();
        fixed.put(ApiKeys.hash(credentials.apiKey()), credentials.projectId());
        config.get(AppSettings.API_KEYS).ifPresent(list -> {
            String[] pairs = list.split(",");
            for (int i = 0; i < pairs.length; i++) {
                if (!pairs[i].isBlank()) put(fixed, pairs[i], AppSettings.API_KEYS.name() + " entry " + (i + 1));
            }
        });
        if (config.get(AppSettings.API_KEYS_FILE).isEmpty()) {
            Map<String, String> frozen = Map.copyOf(fixed);
            return ApiKeys.hashed(() -> frozen);
        }
        KeysFile file =
                new KeysFile(Path.of(config.get(AppSettings.API_KEYS_FILE).get()), fixed);
        file.read(); // a file that is unreadable or malformed at start-up stops it, naming the setting
        return ApiKeys.hashed(file::keys);
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
                LoggerFactory.getLogger(ApiKeysLoader.class)
                        .warn("Keeping the API keys read before: {}", e.getMessage());
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
                throw new ConfigException(
                        AppSettings.API_KEYS_FILE.name() + ": cannot read '" + path + "': " + e.getMessage());
            }
            Map<String, String> keys = new LinkedHashMap<>(fixed);
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).strip();
                if (!l.isEmpty() && !l.startsWith("#"))
                    put(keys, l, AppSettings.API_KEYS_FILE.name() + " line " + (i + 1));
            }
            last = Map.copyOf(keys);
            stamp = now;
        }
    }

    private static final Pattern HASHED = Pattern.compile("sha256:([0-9a-fA-F]{64})");

    /** {@code where} names the setting and the entry; messages never show the entry, which may hold a key. */
    private static void put(Map<String, String> keys, String pair, String where) {
        int eq = pair.indexOf('=');
        if (eq <= 0 || eq == pair.length() - 1) {
            throw new ConfigException(where + ": expected key=project or sha256:<hex>=project");
        }
        String key = pair.substring(0, eq).strip();
        String project = pair.substring(eq + 1).strip();
        Matcher hashed = HASHED.matcher(key);
        String hash;
        if (hashed.matches()) {
            hash = hashed.group(1).toLowerCase(Locale.ROOT);
        } else if (key.regionMatches(true, 0, "sha256:", 0, 7)) {
            throw new ConfigException(where + ": a key given as sha256: needs the 64 hex digits of its SHA-256");
        } else {
            hash = ApiKeys.hash(key);
        }
        String previous = keys.putIfAbsent(hash, project);
        if (previous != null && !previous.equals(project)) {
            throw new ConfigException(where + ": the same key is given for two projects");
        }
    }
}
