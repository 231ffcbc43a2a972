package dev.batch.app;

import com.sun.net.httpserver.HttpServer;
import dev.batch.common.lifecycle.Service;
import dev.batch.common.lifecycle.Services;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The process's meter registry, in Prometheus' format: the services record on it (items, pages,
 * webhook deliveries, HTTP requests, jobs by state, consumer lag) beside the JVM's own meters.
 * A process with the API serves it at {@code /metrics} on the API's port; any other process on
 * {@code BATCH_METRICS_PORT}.
 */
final class Metrics {
    private Metrics() {}

    static PrometheusMeterRegistry registry(Set<BatchSystem.Role> roles) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config()
                .commonTags(
                        "roles",
                        roles.stream()
                                .map(r -> r.name().toLowerCase(Locale.ROOT))
                                .sorted()
                                .reduce((a, b) -> a + "+" + b)
                                .orElse("none"));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /** {@code /metrics} on its own port, for processes without the HTTP API. */
    static Service server(String host, int port, Supplier<String> scrape) {
        HttpServer[] server = new HttpServer[1];
        return Services.of(
                "metrics",
                () -> {
                    HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 16);
                    s.createContext("/metrics", exchange -> {
                        byte[] body;
                        int status = 200;
                        try {
                            body = scrape.get().getBytes(StandardCharsets.UTF_8);
                        } catch (RuntimeException e) {
                            body = ("cannot collect the metrics: " + e).getBytes(StandardCharsets.UTF_8);
                            status = 500;
                        }
                        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                        exchange.sendResponseHeaders(status, body.length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                    });
                    s.start();
                    server[0] = s;
                },
                () -> {
                    if (server[0] != null) server[0].stop(0);
                });
    }
}
