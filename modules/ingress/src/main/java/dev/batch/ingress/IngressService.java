package dev.batch.ingress;

import dev.batch.common.lifecycle.Service;
import io.javalin.Javalin;

/** The HTTP API as a service: listens on its port until stopped. */
public final class IngressService implements Service {
    private final IngressApp.Deps deps;
    private final String host;
    private final int port;
    private volatile Javalin server;

    public IngressService(IngressApp.Deps deps, String host, int port) {
        this.deps = deps;
        this.host = host;
        this.port = port;
    }

    @Override
    public String name() {
        return "ingress";
    }

    @Override
    public void start() {
        server = IngressApp.create(deps).start(host, port);
    }

    /** The bound port (useful when started on port 0). */
    /** Every HTTP route served, as {@code "METHOD /path/{param}"} (tests check each one's access rules). */
    public java.util.List<String> routes() {
        java.util.Set<String> methods = java.util.Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
        return server.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(p -> methods.contains(p.endpoint.method.name())) // not the before/after filters
                .map(p -> p.endpoint.method.name() + " " + p.endpoint.path).toList();
    }

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
