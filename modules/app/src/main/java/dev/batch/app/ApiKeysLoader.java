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
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(credentials.apiKey(), credentials.projectId());
        config.get(AppSettings.API_KEYS).ifPresent(list -> {
            for (String pair : list.split(",")) {
                if (!pair.isBlank()) put(keys, pair, AppSettings.API_KEYS.name());
            }
        });
        if (config.get(AppSettings.API_KEYS_FILE).isPresent()) {
            Path file = Path.of(config.get(AppSettings.API_KEYS_FILE).get());
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new ConfigException(AppSettings.API_KEYS_FILE.name() + ": cannot read '" + file + "': " + e.getMessage());
            }
            for (String line : lines) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) put(keys, l, AppSettings.API_KEYS_FILE.name());
            }
        }
        return new ApiKeys(keys);
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
