package dev.batch.ingress;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.batch.common.blob.FileStore;
import dev.batch.common.catalog.Catalog;
import dev.batch.common.kafka.Publisher;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
import dev.batch.common.query.JobQueries;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API, LlamaCloud-compatible: files, directories, batch jobs, health. Built by
 * {@link #create} from its dependencies so a test can start it on port 0 against a real broker.
 * Routes publish events and read the catalog and the aggregator's stores; they keep no state of
 * their own beyond {@link RecentJobs} and idempotency records in the blob store.
 */
public final class IngressApp {
    private static final Logger log = LoggerFactory.getLogger(IngressApp.class);
    static final String API = "/api/v1/beta";
    static final String BATCH = API + "/batch-processing";
    /** A client's own id for a request, used as the job's correlation id when the job config names none. */
    static final String CORRELATION_HEADER = "X-Correlation-Id";

    /**
     * What the API needs. {@code endOffsets} gives a topic's end offsets by partition (the directory
     * job watermark); {@code readiness} each service's readiness by name; {@code jobRules} the checks
     * every job request meets (the splitter runs the same); {@code rateLimits} each key's request rate;
     * {@code publicUrl} where clients reach the API (BATCH_PUBLIC_URL), the base of the signed URLs it hands out.
     */
    public record Deps(ApiKeys keys, Topics topics, Publisher publisher, JobQueries jobs, Catalog catalog, FileStore files,
                       Function<String, Map<Integer, Long>> endOffsets, UrlSigner urls, long maxUploadBytes, Clock clock,
                       Supplier<Map<String, Boolean>> readiness, dev.batch.common.jobs.JobRequestValidator jobRules,
                       dev.batch.webhooks.WebhookSecrets webhookSecrets, dev.batch.webhooks.DeliveryLog webhookDeliveries,
                       io.micrometer.core.instrument.MeterRegistry meters, Supplier<String> prometheus, RateLimits rateLimits,
                       java.util.Optional<String> publicUrl) {}

    final Deps deps;
    final ObjectMapper json;

    private IngressApp(Deps deps) {
        this.deps = deps;
        this.json = mapper();
    }

    static ObjectMapper mapper() {
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setSerializationInclusion(JsonInclude.Include.ALWAYS)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    public static Javalin create(Deps deps) {
        IngressApp app = new IngressApp(deps);
        FileRoutes files = new FileRoutes(app);
        DirectoryRoutes directories = new DirectoryRoutes(app, files);
        BatchRoutes batch = new BatchRoutes(app);
        ParseRoutes parse = new ParseRoutes(app);
        ClassifierRoutes classifier = new ClassifierRoutes(app, batch);
        WebhookRoutes webhooks = new WebhookRoutes(app);
        ApiDocs docs = new ApiDocs();
        return Javalin.create(cfg -> {
            cfg.jsonMapper(new io.javalin.json.JavalinJackson(app.json, false));
            cfg.http.maxRequestSize = 10L * 1024 * 1024; // JSON bodies; uploads are multipart, bounded below
            cfg.jetty.multipartConfig.maxFileSize(deps.maxUploadBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(deps.maxUploadBytes() + 1024 * 1024, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            cfg.startup.showJavalinBanner = false;
            cfg.requestLogger.http(app::measure);
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            cfg.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
            // Log lines of a request name what it concerns: the job of the path, the caller's correlation id.
            cfg.routes.before(ctx -> org.slf4j.MDC.clear());
            cfg.routes.beforeMatched(ctx -> {
                String job = ctx.pathParamMap().get("job_id");
                if (job != null) org.slf4j.MDC.put("job_id", job);
                String item = ctx.pathParamMap().get("item_id");
                if (item != null) org.slf4j.MDC.put("item_id", item);
                String correlation = ctx.header(CORRELATION_HEADER);
                if (correlation != null && !correlation.isBlank()
                        && dev.batch.common.jobs.JobRequestValidator.correlationIdProblem(correlation.strip()) == null) {
                    org.slf4j.MDC.put("correlation_id", correlation.strip()); // one line of at most 255 characters: no forged log lines
                }
            });
            cfg.routes.after(ctx -> org.slf4j.MDC.clear());
            cfg.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "ok")));
            cfg.routes.get("/health/ready", app::ready);
            files.register(cfg.routes);
            directories.register(cfg.routes);
            batch.register(cfg.routes);
            parse.register(cfg.routes);
            classifier.register(cfg.routes);
            webhooks.register(cfg.routes);
            docs.register(cfg.routes);
            new Dashboard().register(cfg.routes);
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(deps.prometheus().get()));
            cfg.routes.exception(ApiException.class, (e, ctx) -> render(e, ctx));
            cfg.routes.exception(JobQueries.NotAvailableException.class, (e, ctx) -> unavailable(e.getMessage(), ctx));
            cfg.routes.exception(Catalog.NotAvailableException.class, (e, ctx) -> unavailable(e.getMessage(), ctx));
            cfg.routes.exception(Publisher.PublishException.class, (e, ctx) -> {
                log.warn("Publishing failed: {}", e.getMessage());
                unavailable("the event log is unavailable, try again: " + e.getMessage(), ctx);
            });
            cfg.routes.exception(jakarta.servlet.ServletException.class, (e, ctx) -> {
                // Jetty closes the connection after a body it could not parse: say so, or a client
                // reusing the connection would see its next request fail.
                ctx.header("Connection", "close");
                render(files.multipartProblem(e), ctx);
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                render(new ApiException(500, "internal error: " + e.getClass().getSimpleName()), ctx);
            });
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null) render(new ApiException(404, "no route for " + ctx.method() + " " + ctx.path()), ctx);
            });
            cfg.routes.error(405, ctx -> render(new ApiException(405, "method " + ctx.method() + " not allowed on " + ctx.path()), ctx));
        });
    }

    /** {@code http_server_requests_seconds{method, route, status}}: the route template, never the raw path (ids would explode the series). */
    private void measure(Context ctx, Float millis) {
        String route;
        try {
            io.javalin.router.Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
            route = matched == null ? "unmatched" : matched.path;
        } catch (RuntimeException e) {
            route = "unmatched";
        }
        io.micrometer.core.instrument.Timer.builder("http.server.requests").description("HTTP requests by route and status")
                .tags("method", ctx.method().name(), "route", route, "status", Integer.toString(ctx.statusCode()))
                .publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofMillis(1))
                .maximumExpectedValue(java.time.Duration.ofSeconds(60)).register(deps.meters())
                .record((long) (millis * 1_000_000L), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private void ready(Context ctx) {
        Map<String, Boolean> services = deps.readiness().get();
        boolean ready = !services.isEmpty() && services.values().stream().allMatch(b -> b);
        ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "ready" : "not_ready", "services", services));
    }

    static void render(ApiException e, Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", e.getMessage());
        if (!e.errors.isEmpty()) body.put("errors", e.errors);
        e.headers.forEach(ctx::header);
        ctx.status(e.status).json(body);
    }

    private static void unavailable(String message, Context ctx) {
        ctx.header("Retry-After", "1");
        render(new ApiException(503, message), ctx);
    }

    /**
     * The caller's project; a {@code project_id} parameter naming another project finds nothing (404).
     * Every route that needs a key starts here, so a key over its rate limit is refused (429) before
     * the route does any work; routes without a key (health, metrics, docs, signed downloads) are not limited.
     */
    String project(Context ctx) {
        ApiKeys.Caller caller = deps.keys().authenticate(ctx);
        throttle(ctx, caller);
        String project = caller.project();
        org.slf4j.MDC.put("project_id", project); // the request's log lines name its tenant
        String asked = ctx.queryParam("project_id");
        if (asked != null && !asked.isBlank() && !asked.equals(project)) {
            throw ApiException.notFound("project " + asked);
        }
        return project;
    }

    private static final String THROTTLED = "batch.throttled";

    /** Takes one token of the key's bucket, once per request however often the route asks for the project. */
    private void throttle(Context ctx, ApiKeys.Caller caller) {
        if (ctx.attribute(THROTTLED) != null) return;
        ctx.attribute(THROTTLED, Boolean.TRUE);
        long wait = deps.rateLimits().take(caller.keyHash());
        if (wait > 0) {
            RateLimits limits = deps.rateLimits();
            throw ApiException.tooManyRequests("too many requests for this API key: the limit is " + limits.perSecond()
                    + " a second, in bursts of up to " + limits.burst() + " (BATCH_RATE_LIMIT_PER_SECOND, BATCH_RATE_LIMIT_BURST);"
                    + " retry after " + wait + " s", wait);
        }
    }

    JsonNode body(Context ctx) {
        try {
            String raw = ctx.body();
            return raw.isBlank() ? json.createObjectNode() : json.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "malformed JSON body: " + e.getOriginalMessage());
        }
    }

    /**
     * After a catalog miss: waits (bounded) until this instance's catalog has read everything written
     * to {@code topic} so far, so a record written through another instance a moment ago is found.
     * Returns at once when the catalog is already caught up, the usual case.
     */
    void catchUp(TopicSpec<String, ?> topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        try {
            for (Map.Entry<Integer, Long> end : deps.endOffsets().apply(topic.name()).entrySet()) {
                if (end.getValue() <= 0) continue;
                long left = Math.max(1, deadline - System.nanoTime());
                if (!deps.catalog().awaitApplied(topic.name(), end.getKey(), end.getValue() - 1, Duration.ofNanos(left))) {
                    log.warn("The catalog is behind {} partition {}", topic.name(), end.getKey());
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Looks a catalog record up, catching up once on a miss. */
    <T> java.util.Optional<T> lookup(TopicSpec<String, ?> topic, java.util.function.Supplier<java.util.Optional<T>> find) {
        java.util.Optional<T> found = find.get();
        if (found.isPresent()) return found;
        catchUp(topic);
        return find.get();
    }

    /**
     * The base of the URLs the API hands out: BATCH_PUBLIC_URL, else this server's port on localhost.
     * Never the request's Host header: the client writes that, and a signed URL must not lead elsewhere.
     */
    String publicBase(Context ctx) {
        return deps.publicUrl().map(u -> u.replaceAll("/+$", "")).orElseGet(() -> "http://localhost:" + ctx.req().getLocalPort());
    }

    /** Checks the {@code expires} and {@code signature} of a signed URL for {@code id}; 403 otherwise. */
    void requireSignature(Context ctx, String id) {
        long expires;
        try {
            expires = Long.parseLong(String.valueOf(ctx.queryParam("expires")));
        } catch (NumberFormatException e) {
            throw new ApiException(403, "missing or malformed signature");
        }
        if (!deps.urls().verify(id, expires, ctx.queryParam("signature"), deps.clock().instant())) {
            throw new ApiException(403, "the signature is invalid or has expired");
        }
    }

    /** Publishes a catalog record and waits until this instance's catalog shows it (read your writes). */
    <V> void publishCatalog(TopicSpec<String, V> topic, String key, V value) throws Publisher.PublishException {
        RecordMetadata at = deps.publisher().publish(topic, key, value);
        try {
            if (!deps.catalog().awaitApplied(topic.name(), at.partition(), at.offset(), Duration.ofSeconds(10))) {
                log.warn("The catalog did not show {} {} within 10 s", topic.name(), key);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
