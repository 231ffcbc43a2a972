package dev.batch.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Values for declared {@link Setting}s. Sources, strongest first: environment variables, then the
 * properties file named by {@code BATCH_CONFIG_FILE} (keys are the same names), then defaults.
 */
public final class Config {
    public static final Setting<Optional<String>> CONFIG_FILE = Setting.optional(
            "BATCH_CONFIG_FILE", "A properties file with any of these settings; environment variables win over it.");

    private final Map<String, String> values;

    private Config(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The process environment plus the optional file it names. */
    public static Config fromEnvironment() {
        return fromSources(System.getenv());
    }

    static Config fromSources(Map<String, String> env) {
        Map<String, String> merged = new HashMap<>();
        String file = env.get(CONFIG_FILE.name());
        if (file != null && !file.isBlank()) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(file))) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException(CONFIG_FILE.name() + ": cannot read '" + file + "': " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> merged.put(k, p.getProperty(k)));
        }
        env.forEach((k, v) -> {
            if (k.startsWith("BATCH_")) merged.put(k, v);
        });
        return new Config(merged);
    }

    /** Explicit values, for tests and embedding. */
    public static Config of(Map<String, String> values) {
        return new Config(values);
    }

    public Config with(String name, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(name, value);
        return new Config(copy);
    }

    public <T> T get(Setting<T> setting) {
        String raw = values.get(setting.name());
        return raw == null ? setting.defaultValue() : setting.parse(raw);
    }

    public boolean isSet(Setting<?> setting) {
        return values.containsKey(setting.name());
    }

    /** Parses every declared setting now, so a bad value stops start-up with the setting's name. */
    public void validate(List<Setting<?>> declared) {
        declared.forEach(this::get);
    }

    /** A table of the declared settings, for --help and the README. */
    public static String describe(List<Setting<?>> declared) {
        return declared.stream()
                .map(s -> String.format("  %-32s %-14s default %-12s %s", s.name(), s.type(), s.defaultText(), s.doc()))
                .collect(Collectors.joining("\n"));
    }
}
