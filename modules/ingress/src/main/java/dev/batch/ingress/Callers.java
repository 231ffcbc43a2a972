package dev.batch.ingress;

import io.javalin.http.Context;
import org.slf4j.MDC;

/**
 * Who is calling: the project of the request's API key, once the key's rate limit allows the
 * request. Every route that needs a key starts here, so a key over its limit is refused (429)
 * before the route does any work; routes without a key (health, metrics, docs, signed downloads)
 * are not limited.
 */
final class Callers {
    private static final String THROTTLED = "batch.throttled";
    private final ApiKeys keys;
    private final RateLimits limits;

    Callers(ApiKeys keys, RateLimits limits) {
        this.keys = keys;
        this.limits = limits;
    }

    /** The caller's project; a {@code project_id} parameter naming another project finds nothing (404). */
    String project(Context ctx) {
        ApiKeys.Caller caller = keys.authenticate(ctx);
        throttle(ctx, caller);
        String project = caller.project();
        MDC.put("project_id", project); // the request's log lines name its tenant
        String asked = ctx.queryParam("project_id");
        if (asked != null && !asked.isBlank() && !asked.equals(project)) {
            throw ApiException.notFound("project " + asked);
        }
        return project;
    }

    /** Takes one token of the key's bucket, once per request however often the route asks for the project. */
    private void throttle(Context ctx, ApiKeys.Caller caller) {
        if (ctx.attribute(THROTTLED) != null) return;
        ctx.attribute(THROTTLED, Boolean.TRUE);
        long wait = limits.take(caller.keyHash());
        if (wait > 0) {
            throw ApiException.tooManyRequests(
                    "too many requests for this API key: the limit is " + limits.perSecond()
                            + " a second, in bursts of up to " + limits.burst()
                            + " (BATCH_RATE_LIMIT_PER_SECOND, BATCH_RATE_LIMIT_BURST);"
                            + " retry after " + wait + " s",
                    wait);
        }
    }
}
