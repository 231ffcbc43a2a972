package dev.batch.ingress;

import io.javalin.config.RoutesConfig;

/**
 * The web dashboard at {@code /}: a static page and its script ({@code resources/ui}) that use the
 * public API with the user's key. The server keeps nothing for it.
 */
final class Dashboard {
    // The page and its script change together with the server: revalidate rather than cache for long.
    private final StaticAssets assets = new StaticAssets("ui/", "no-cache");

    void register(RoutesConfig routes) {
        routes.get("/", ctx -> assets.serve(ctx, "index.html"));
        routes.get("/ui/{asset}", ctx -> assets.serve(ctx, ctx.pathParam("asset")));
    }
}
