package dev.batch.ingress;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/** Maps API keys to the project they belong to; every request outside /health needs one. */
public final class ApiKeys {
    private final Map<String, String> projectByKey;

    public ApiKeys(Map<String, String> projectByKey) {
        this.projectByKey = Map.copyOf(projectByKey);
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
        for (Map.Entry<String, String> e : projectByKey.entrySet()) {
            // constant-time comparison, and no early exit, so timing does not reveal keys
            if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) found = e.getValue();
        }
        return Optional.ofNullable(found);
    }
}
