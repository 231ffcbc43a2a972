package dev.batch.ingress;

import dev.batch.client.ApiPaths;
import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.common.kafka.Publisher;
import dev.batch.common.query.NotAvailableException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.ServletException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The HTTP server around the route groups: JSON errors for every failure, request metrics, the log
 * context of each request, health and metrics routes. The route groups hold the API itself; they
 * publish events and read the catalog and the aggregator's stores, keeping no state of their own
 * beyond recently accepted jobs and idempotency records in the blob store.
 */
final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    /** A client's own id for a request, used as the job's correlation id when the job config names none. */
    static final String CORRELATION_HEADER = "X-Correlation-Id";
    /** The LlamaCloud SDKs' hint: {@code false} on an answer that retrying cannot change. */
    static final String SHOULD_RETRY = "x-should-retry";

    /** {@code readiness}: each service's readiness by name; {@code prometheus}: the scrape body of /metrics. */
    record Operations(Supplier<Map<String, Boolean>> readiness, MeterRegistry meters, Supplier<String> prometheus) {}

    private final Operations ops;
    private final long maxUploadBytes;

    private HttpApi(Operations ops, long maxUploadBytes) {
        this.ops = ops;
        this.maxUploadBytes = maxUploadBytes;
    }

    static Javalin create(List<Consumer<RoutesConfig>> groups, Operations ops, long maxUploadBytes) {
        HttpApi api = new HttpApi(ops, maxUploadBytes);
        return Javalin.create(cfg -> {
            api.configureServer(cfg);
            api.traceRequests(cfg.routes);
            cfg.routes.get(ApiPaths.HEALTH_LIVE, ctx -> ctx.json(Map.of("status", "ok")));
            cfg.routes.get(ApiPaths.HEALTH_READY, api::ready);
            groups.forEach(g -> g.accept(cfg.routes));
            cfg.routes.get(
                    ApiPaths.METRICS,
                    ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                            .result(ops.prometheus().get()));
            api.mapErrors(cfg.routes);
        });
    }

    private void configureServer(JavalinConfig cfg) {
        cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
        cfg.http.maxRequestSize = 10L * 1024 * 1024; // JSON bodies; uploads are multipart, bounded below
        cfg.jetty.multipartConfig.maxFileSize(maxUploadBytes, SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxTotalRequestSize(maxUploadBytes + 1024 * 1024, SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
        cfg.startup.showJavalinBanner = false;
        cfg.requestLogger.http(this::measure);
        cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
        cfg.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
    }

    /** Log lines of a request name what it concerns: the job and item of the path, the caller's correlation id. */
    private void traceRequests(RoutesConfig routes) {
        routes.before(ctx -> MDC.clear());
        routes.beforeMatched(ctx -> {
            String job = ctx.pathParamMap().get("job_id");
            if (job != null) MDC.put("job_id", job);
            String item = ctx.pathParamMap().get("item_id");
            if (item != null) MDC.put("item_id", item);
            String correlation = ctx.header(CORRELATION_HEADER);
            if (correlation != null
                    && !correlation.isBlank()
                    && JobRequestValidator.correlationIdProblem(correlation.strip()) == null) {
                MDC.put(
                        "correlation_id",
                        correlation.strip()); // one line of at most 255 characters: no forged log lines
            }
        });
        routes.after(ctx -> MDC.clear());
    }

    private void mapErrors(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> render(e, ctx));
        routes.exception(NotAvailableException.class, (e, ctx) -> unavailable(e.getMessage(), ctx));
        routes.exception(Publisher.PublishException.class, (e, ctx) -> {
            log.warn("Publishing failed: {}", e.getMessage());
            unavailable("the event log is unavailable, try again: " + e.getMessage(), ctx);
        });
        routes.exception(ServletException.class, (e, ctx) -> {
            // Jetty closes the connection after a body it could not parse: say so, or a client
            // reusing the connection would see its next request fail.
            ctx.header("Connection", "close");
            render(FileRoutes.multipartProblem(e, maxUploadBytes), ctx);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            render(new ApiException(500, "internal error: " + e.getClass().getSimpleName()), ctx);
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null)
                render(new ApiException(404, "no route for " + ctx.method() + " " + ctx.path()), ctx);
        });
        routes.error(
                405,
                ctx -> render(new ApiException(405, "method " + ctx.method() + " not allowed on " + ctx.path()), ctx));
    }

    /** {@code http_server_requests_seconds{method, route, status}}: the route template, never the raw path (ids would explode the series). */
    private void measure(Context ctx, Float millis) {
        String route;
        try {
            Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
            route = matched == null ? "unmatched" : matched.path;
        } catch (RuntimeException e) {
            route = "unmatched";
        }
        Timer.builder("http.server.requests")
                .description("HTTP requests by route and status")
                .tags("method", ctx.method().name(), "route", route, "status", Integer.toString(ctx.statusCode()))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(ops.meters())
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    private void ready(Context ctx) {
        Map<String, Boolean> services = ops.readiness().get();
        boolean ready = !services.isEmpty() && services.values().stream().allMatch(b -> b);
        ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "ready" : "not_ready", "services", services));
    }

    static void render(ApiException e, Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", e.getMessage());
        if (!e.errors.isEmpty()) body.put("errors", e.errors);
        body.putAll(e.fields);
        e.headers.forEach(ctx::header);
        // The official SDKs retry 409 and more unless told not to: a refusal that sending the same
        // request again cannot change says so, and the caller sees it at once.
        if (!retryable(e.status)) ctx.header(SHOULD_RETRY, "false");
        ctx.status(e.status).json(body);
    }

    /** Statuses a client may send the same request again after: timeouts, rate limits, server errors. */
    static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static void unavailable(String message, Context ctx) {
        ctx.header("Retry-After", "1");
        render(new ApiException(503, message), ctx);
    }
}
