package dev.batch.ingress;

import io.javalin.http.Context;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Files served from a classpath folder by name (Swagger UI's webjar, the dashboard): a plain name
 * only, so no request reaches outside the folder; 404 in the API's error shape otherwise.
 */
final class StaticAssets {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");
    private static final Map<String, String> TYPES = Map.of(
            "js",
            "text/javascript; charset=utf-8",
            "css",
            "text/css; charset=utf-8",
            "html",
            "text/html; charset=utf-8",
            "svg",
            "image/svg+xml",
            "png",
            "image/png",
            "map",
            "application/json");

    private final String folder;
    private final String cacheControl;

    /** {@code folder}: a classpath folder ending in '/'. */
    StaticAssets(String folder, String cacheControl) {
        this.folder = folder;
        this.cacheControl = cacheControl;
    }

    void serve(Context ctx, String name) {
        InputStream in = NAME.matcher(name).matches()
                ? StaticAssets.class.getClassLoader().getResourceAsStream(folder + name)
                : null;
        if (in == null) throw ApiException.notFound("asset " + name);
        ctx.header("Cache-Control", cacheControl);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream"))
                .result(in);
    }
}
