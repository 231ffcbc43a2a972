package dev.batch.ingress;

import dev.batch.common.Hashes;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Maps API keys to the project they belong to; every request outside /health needs one. Keys are
 * held as their SHA-256 hashes only, and a key given is found by its hash: no key is kept in
 * memory here, and no comparison runs over the keys one by one. The keys may come from a source
 * that changes (a keys file being edited): it is asked again at most once a second, so a key taken
 * out of it (revoked) stops working within a second, without a restart.
 */
public final class ApiKeys {
    private static final long REFRESH_NANOS = 1_000_000_000L;
    private final Supplier<Map<String, String>> source;
    private volatile Map<String, String> projectByHash;
    private volatile long loadedAt;

    private ApiKeys(Supplier<Map<String, String>> projectByHash) {
        this.source = projectByHash;
        this.projectByHash = Map.copyOf(projectByHash.get());
        this.loadedAt = System.nanoTime();
    }

    /** Fixed keys: each key and its project. */
    public static ApiKeys of(Map<String, String> projectByKey) {
        Map<String, String> hashed = new LinkedHashMap<>();
        projectByKey.forEach((key, project) -> hashed.put(hash(key), project));
        Map<String, String> fixed = Map.copyOf(hashed);
        return new ApiKeys(() -> fixed);
    }

    /** Keys by their {@link #hash}: {@code source} returns the project of each, now and then at most once a second. */
    public static ApiKeys hashed(Supplier<Map<String, String>> source) {
        return new ApiKeys(source);
    }

    /** The lowercase hex SHA-256 of the key's UTF-8 bytes, as {@code sha256sum} prints it. */
    public static String hash(String key) {
        return Hashes.sha256Hex(key);
    }

    private Map<String, String> current() {
        long now = System.nanoTime();
        if (now - loadedAt > REFRESH_NANOS) {
            loadedAt = now;
            projectByHash = Map.copyOf(source.get());
        }
        return projectByHash;
    }

    /** Who calls: the project, and the hash of the key that names it (what per-key state is kept under). */
    record Caller(String project, String keyHash) {}

    /** The caller, or a 401 naming what is missing. */
    Caller authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new ApiException(401, "missing API key: send the header 'Authorization: Bearer <api key>'");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "the Authorization header must be 'Bearer <api key>'");
        }
        String hash = hash(header.substring(7).trim());
        String project = current().get(hash);
        if (project == null) throw new ApiException(401, "invalid API key");
        return new Caller(project, hash);
    }

    /** The project a key belongs to, if any. */
    public Optional<String> projectOf(String key) {
        return Optional.ofNullable(current().get(hash(key)));
    }
}
