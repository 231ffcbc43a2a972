package dev.batch.ingress;

import dev.batch.common.lifecycle.Service;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The HTTP API as a service: listens on its port until stopped. Built by {@link ApiRole}. */
public final class IngressService implements Service {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private final String host;
    private final int port;
    private final List<Consumer<RoutesConfig>> routes;
    private final HttpApi.Operations ops;
    private final long maxUploadBytes;
    private volatile Javalin server;

    IngressService(
            String host, int port, List<Consumer<RoutesConfig>> routes, HttpApi.Operations ops, long maxUploadBytes) {
        this.host = host;
        this.port = port;
        this.routes = routes;
        this.ops = ops;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    public String name() {
        return "ingress";
    }

    @Override
    public void start() {
        server = HttpApi.create(routes, ops, maxUploadBytes).start(host, port);
    }

    /** Every HTTP route served, as {@code "METHOD /path/{param}"} (tests check each one's access rules). */
    public List<String> routes() {
        return server.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(p -> METHODS.contains(p.endpoint.method.name())) // not the before/after filters
                .map(p -> p.endpoint.method.name() + " " + p.endpoint.path)
                .toList();
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return server.port();
    }

    @Override
    public boolean ready() {
        return server != null;
    }

    @Override
    public void stop() {
        Javalin s = server;
        server = null;
        if (s != null) s.stop();
    }
}
