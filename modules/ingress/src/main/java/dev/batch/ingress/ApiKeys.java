package dev.batch.ingress;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Maps API keys to the project they belong to; every request outside /health needs one. The keys
 * may come from a source that changes (a keys file being edited): it is asked again at most once a
 * second, so a key taken out of it (revoked) stops working within a second, without a restart.
 */
public final class ApiKeys {
    private static final long REFRESH_NANOS = 1_000_000_000L;
    private final Supplier<Map<String, String>> source;
    private volatile Map<String, String> projectByKey;
    private volatile long loadedAt;

    public ApiKeys(Map<String, String> projectByKey) {
        Map<String, String> fixed = Map.copyOf(projectByKey);
        this.source = () -> fixed;
        this.projectByKey = fixed;
        this.loadedAt = System.nanoTime();
    }

    /** {@code source} returns the current keys; it is called now, then at most once a second. */
    public ApiKeys(Supplier<Map<String, String>> source) {
        this.source = source;
        this.projectByKey = Map.copyOf(source.get());
        this.loadedAt = System.nanoTime();
    }

    private Map<String, String> current() {
        long now = System.nanoTime();
        if (now - loadedAt > REFRESH_NANOS) {
            loadedAt = now;
            projectByKey = Map.copyOf(source.get());
        }
        return projectByKey;
    }

    /** The caller's project, or a 401 naming what is missing. */
    String authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new ApiException(401, "missing API key: send the header 'Authorization: Bearer <api key>'");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "the Authorization header must be 'Bearer <api key>'");
        }
        return projectOf(header.substring(7).trim()).orElseThrow(() -> new ApiException(401, "invalid API key"));
    }

    /** The project a key belongs to, if any. */
    public Optional<String> projectOf(String key) {
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Map.Entry<String, String> e : current().entrySet()) {
            // constant-time comparison, and no early exit, so timing does not reveal keys
            if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) found = e.getValue();
        }
        return Optional.ofNullable(found);
    }
}
