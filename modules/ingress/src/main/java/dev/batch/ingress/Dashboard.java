package dev.batch.ingress;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The web dashboard at {@code /}: a static page and its script ({@code resources/ui}) that use the
 * public API with the user's key. The server keeps nothing for it.
 */
final class Dashboard {
    private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "html", "text/html; charset=utf-8", "svg", "image/svg+xml", "png", "image/png");

    void register(RoutesConfig routes) {
        routes.get("/", ctx -> serve(ctx, "index.html"));
        routes.get("/ui/{asset}", ctx -> serve(ctx, ctx.pathParam("asset")));
    }

    private static void serve(Context ctx, String name) {
        InputStream in = ASSET.matcher(name).matches() ? Dashboard.class.getClassLoader().getResourceAsStream("ui/" + name) : null;
        if (in == null) throw ApiException.notFound("asset " + name);
        // The page and its script change together with the server: revalidate rather than cache for long.
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream")).result(in);
    }
}
