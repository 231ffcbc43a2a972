package dev.batch.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One setting, declared once: its name (an environment variable name), type, default and doc.
 * Parsing failures name the setting, so a misconfigured service fails fast and says why.
 */
public final class Setting<T> {
    private final String name;
    private final String type;
    private final String defaultText;
    private final T defaultValue;
    private final String doc;
    private final Function<String, T> parser;

    private Setting(
            String name, String type, T defaultValue, String defaultText, String doc, Function<String, T> parser) {
        this.name = Objects.requireNonNull(name);
        this.type = type;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.doc = doc;
        this.parser = parser;
    }

    public static Setting<String> string(String name, String defaultValue, String doc) {
        return new Setting<>(name, "string", defaultValue, defaultValue, doc, s -> s);
    }

    /** A word from a fixed list (case-insensitive; the value is the list's spelling). */
    public static Setting<String> oneOf(String name, String defaultValue, List<String> allowed, String doc) {
        return new Setting<>(
                name,
                String.join("|", allowed),
                defaultValue,
                defaultValue,
                doc,
                s -> allowed.stream()
                        .filter(a -> a.equalsIgnoreCase(s.trim()))
                        .findFirst()
                        .orElseThrow(() ->
                                new IllegalArgumentException("expected one of " + allowed + ", got '" + s + "'")));
    }

    /** A setting with no default: absent means "not configured". */
    public static Setting<Optional<String>> optional(String name, String doc) {
        return new Setting<>(
                name, "string", Optional.empty(), "(unset)", doc, s -> s.isBlank() ? Optional.empty() : Optional.of(s));
    }

    public static Setting<Integer> integer(String name, int defaultValue, int min, int max, String doc) {
        return new Setting<>(name, "int " + min + ".." + max, defaultValue, Integer.toString(defaultValue), doc, s -> {
            int v;
            try {
                v = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected an integer, got '" + s + "'");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("expected a value in " + min + ".." + max + ", got " + v);
            }
            return v;
        });
    }

    public static Setting<Long> bytes(String name, long defaultValue, String doc) {
        return new Setting<>(name, "bytes", defaultValue, Long.toString(defaultValue), doc, Setting::parseBytes);
    }

    public static Setting<Path> path(String name, String defaultValue, String doc) {
        return new Setting<>(name, "path", Path.of(defaultValue), defaultValue, doc, s -> Path.of(s.trim()));
    }

    public static Setting<Duration> duration(String name, Duration defaultValue, String doc) {
        return new Setting<>(name, "duration", defaultValue, Durations.format(defaultValue), doc, Durations::parse);
    }

    public static Setting<Boolean> bool(String name, boolean defaultValue, String doc) {
        return new Setting<>(name, "boolean", defaultValue, Boolean.toString(defaultValue), doc, s -> {
            switch (s.trim().toLowerCase()) {
                case "true", "1", "yes", "on":
                    return true;
                case "false", "0", "no", "off":
                    return false;
                default:
                    throw new IllegalArgumentException("expected true or false, got '" + s + "'");
            }
        });
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public String defaultText() {
        return defaultText;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    T parse(String raw) {
        try {
            return parser.apply(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ": " + e.getMessage());
        }
    }

    static long parseBytes(String s) {
        String t = s.trim().toUpperCase();
        long unit = 1;
        for (String[] u : new String[][] {
            {"GIB", "1073741824"},
            {"MIB", "1048576"},
            {"KIB", "1024"},
            {"GB", "1000000000"},
            {"MB", "1000000"},
            {"KB", "1000"},
            {"B", "1"}
        }) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length()).trim();
                break;
            }
        }
        try {
            long v = Long.parseLong(t);
            if (v < 0) throw new IllegalArgumentException("expected a non-negative size, got '" + s + "'");
            return Math.multiplyExact(v, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("expected a size such as 512MiB, got '" + s + "'");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
