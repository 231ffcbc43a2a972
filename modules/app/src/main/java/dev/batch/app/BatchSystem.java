package dev.batch.app;

import dev.batch.aggregator.AggregatorService;
import dev.batch.common.config.Config;
import dev.batch.common.config.ConfigException;
import dev.batch.common.lifecycle.ServiceRunner;
import dev.batch.common.query.QueryServer;
import dev.batch.ingress.IngressService;
import dev.batch.webhooks.WebhookService;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The services of the roles one process runs, started in flow order and stopped in reverse. The
 * same assembly ({@link SystemAssembly}) serves {@code main} and the end-to-end tests.
 */
public final class BatchSystem implements AutoCloseable {
    private final ServiceRunner runner;
    private final String bootstrap;
    private final Credentials credentials;
    private final IngressService ingress;
    private final AggregatorService aggregator;
    private final QueryServer queries;
    private final WebhookService webhookSink;

    private BatchSystem(ServiceRunner runner, SystemAssembly assembly) {
        this.runner = runner;
        this.bootstrap = assembly.bootstrap();
        this.credentials = assembly.credentials();
        this.ingress = assembly.ingress;
        this.aggregator = assembly.aggregator;
        this.queries = assembly.queries;
        this.webhookSink = assembly.webhookSink;
    }

    public static BatchSystem start(Config config) throws Exception {
        SystemAssembly assembly = new SystemAssembly(config);
        ServiceRunner runner = new ServiceRunner(assembly.assemble(), Duration.ofSeconds(30));
        runner.start();
        return new BatchSystem(runner, assembly);
    }

    public ServiceRunner runner() {
        return runner;
    }

    /** Every HTTP route the API serves ({@code "METHOD /path"}). */
    public List<String> routes() {
        return ingress.routes();
    }

    /** This process's webhook sink (which jobs' deliveries it owns). */
    public WebhookService webhookSink() {
        return webhookSink;
    }

    /** The port of this process's internal query endpoint, or -1 when it serves no API. */
    public int internalQueryPort() {
        return queries == null ? -1 : queries.advertised().port();
    }

    /** This process's aggregator instance (which jobs it owns). */
    public AggregatorService aggregator() {
        return aggregator;
    }

    /** The HTTP port, or -1 when this process does not serve the API (its roles leave it out). */
    public int httpPort() {
        return ingress == null ? -1 : ingress.port();
    }

    /**
     * What a process runs ({@code BATCH_ROLES}): the API (with the aggregator, the webhook sink and the
     * internal query endpoint, which answer its questions), the splitter, the workers; all three by
     * default. Several processes with different roles share one cluster and one blob folder.
     */
    public enum Role {
        API,
        SPLITTER,
        WORKER;

        static Set<Role> parse(String list) {
            Set<Role> out = EnumSet.noneOf(Role.class);
            for (String r : list.split(",")) {
                String name = r.strip().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) continue;
                if (name.equals("all")) {
                    out.addAll(EnumSet.allOf(Role.class));
                    continue;
                }
                try {
                    out.add(Role.valueOf(name.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(AppSettings.ROLES.name() + ": unknown role '" + r.strip()
                            + "'; use api, splitter, worker or all");
                }
            }
            if (out.isEmpty()) throw new ConfigException(AppSettings.ROLES.name() + ": name at least one role");
            return out;
        }
    }

    public String apiKey() {
        return credentials.apiKey();
    }

    public String projectId() {
        return credentials.projectId();
    }

    public String bootstrap() {
        return bootstrap;
    }

    public boolean ready() {
        return runner.ready();
    }

    @Override
    public void close() {
        runner.close();
    }
}
