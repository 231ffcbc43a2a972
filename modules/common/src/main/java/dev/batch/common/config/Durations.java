package dev.batch.common.config;

import java.time.Duration;

/** Parses "250ms", "5s", "30m", "2h", "1d" (and ISO-8601 "PT5S"). */
public final class Durations {
    private Durations() {}

    public static Duration parse(String raw) {
        String s = raw.trim().toLowerCase();
        if (s.startsWith("pt") || s.startsWith("p")) {
            try {
                return Duration.parse(raw.trim().toUpperCase());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("expected a duration such as 5s, got '" + raw + "'");
            }
        }
        String[][] units = {{"ms", "1"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}, {"d", "86400000"}};
        for (String[] u : units) {
            if (s.endsWith(u[0]) && s.length() > u[0].length()) {
                String n = s.substring(0, s.length() - u[0].length()).trim();
                if (u[0].equals("s") && n.endsWith("m")) continue; // "ms" handled above
                try {
                    return Duration.ofMillis(Math.multiplyExact(Long.parseLong(n), Long.parseLong(u[1])));
                } catch (NumberFormatException | ArithmeticException e) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException("expected a duration such as 250ms, 5s, 30m or 2h, got '" + raw + "'");
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
