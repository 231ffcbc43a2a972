package dev.batch.ingress;

import dev.batch.client.ApiPaths;
import dev.batch.common.webhooks.SigningSecrets;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The project's webhook signing secret (Standard Webhooks, {@code whsec_…}): read it to verify the
 * {@code webhook-signature} of deliveries, rotate it when it may have leaked.
 */
final class WebhookRoutes {
    private final Callers callers;
    private final SigningSecrets secrets;

    WebhookRoutes(Callers callers, SigningSecrets secrets) {
        this.callers = callers;
        this.secrets = secrets;
    }

    void register(RoutesConfig routes) {
        routes.get(ApiPaths.WEBHOOK_SECRET, this::secret);
        routes.post(ApiPaths.WEBHOOK_SECRET_ROTATE, this::rotate);
    }

    private void secret(Context ctx) throws Exception {
        ctx.json(Map.of("secret", secrets.secret(callers.project(ctx))));
    }

    private void rotate(Context ctx) throws Exception {
        ctx.json(Map.of("secret", secrets.rotate(callers.project(ctx))));
    }
}
