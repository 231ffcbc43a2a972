package dev.batch.app;

import dev.batch.aggregator.AggregatorService;
import dev.batch.aggregator.Retention;
import dev.batch.aggregator.Watchdog;
import dev.batch.app.BatchSystem.Role;
import dev.batch.broker.EmbeddedKafkaBroker;
import dev.batch.common.blob.BlobStore;
import dev.batch.common.blob.FileStore;
import dev.batch.common.catalog.CatalogService;
import dev.batch.common.config.Config;
import dev.batch.common.config.ConfigException;
import dev.batch.common.jobs.JobPolicySettings;
import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.common.kafka.ConsumerLag;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.Publisher;
import dev.batch.common.kafka.TopicAdmin;
import dev.batch.common.lifecycle.Service;
import dev.batch.common.lifecycle.Services;
import dev.batch.common.net.ReceiverPolicy;
import dev.batch.common.net.SourceFetcher;
import dev.batch.common.query.QuerySecret;
import dev.batch.common.query.QueryServer;
import dev.batch.ingress.ApiRole;
import dev.batch.ingress.IngressService;
import dev.batch.ingress.RateLimits;
import dev.batch.ingress.UrlSigner;
import dev.batch.splitter.SplitterService;
import dev.batch.splitter.SplitterSettings;
import dev.batch.webhooks.WebhookSecrets;
import dev.batch.webhooks.WebhookService;
import dev.batch.webhooks.WebhookSettings;
import dev.batch.worker.PageRenderer;
import dev.batch.worker.WorkerRole;
import dev.batch.worker.WorkerSettings;
import dev.batch.worker.extract.DocumentSchemaProposer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composes the roles a process runs ({@code BATCH_ROLES}) from what each module contributes, in
 * flow order: (broker), topics, blob store, catalog, then the api role's aggregator and query
 * endpoint, the splitter, the workers, the api role's webhook sink and HTTP API. Each step adds
 * its services; {@link BatchSystem} starts them in that order and stops them in reverse.
 */
final class SystemAssembly {
    private static final Logger log = LoggerFactory.getLogger(SystemAssembly.class);
    private final Config config;
    private final Set<Role> roles;
    private final Path data;
    private final Path state;
    private final Credentials credentials;
    private final PrometheusMeterRegistry meters;
    private final List<Service> services = new ArrayList<>();
    private final AtomicReference<Admin> admin = new AtomicReference<>();
    private KafkaSettings kafka;
    private BlobStore blobs;
    private FileStore files;
    private CatalogService catalog;
    private JobRequestValidator jobRules;
    private ReceiverPolicy receivers;
    QueryServer queries;
    AggregatorService aggregator;
    WebhookService webhookSink;
    IngressService ingress;

    SystemAssembly(Config config) throws IOException {
        config.validate(AppSettings.all());
        this.config = config;
        this.roles = Role.parse(config.get(AppSettings.ROLES));
        this.data = config.get(AppSettings.DATA_DIR).toAbsolutePath().normalize();
        Files.createDirectories(data);
        this.state = data.resolve("state");
        this.credentials = Credentials.load(data, config.get(AppSettings.API_KEY));
        this.meters = Metrics.registry(roles);
    }

    Credentials credentials() {
        return credentials;
    }

    String bootstrap() {
        return kafka.bootstrap();
    }

    /** Every step in flow order; the services to start, in that order. */
    List<Service> assemble() throws IOException {
        kafka();
        storage();
        rules();
        if (roles.contains(Role.API)) queriesAndAggregator();
        if (roles.contains(Role.SPLITTER)) {
            services.add(new SplitterService(kafka, state, catalog, SplitterSettings.from(config), jobRules));
        }
        if (roles.contains(Role.WORKER)) services.addAll(WorkerRole.services(config, kafka, files, meters));
        if (roles.contains(Role.API)) {
            webhooksAndApi();
        } else if (config.get(AppSettings.METRICS_PORT) > 0) {
            services.add(Metrics.server(
                    config.get(AppSettings.HTTP_HOST), config.get(AppSettings.METRICS_PORT), meters::scrape));
        }
        return List.copyOf(services);
    }

    /**
     * The broker runs in this JVM unless BATCH_KAFKA_BOOTSTRAP names one: one process to start and
     * stop, nothing else to install. Its data layout and ports match scripts/kafka.
     */
    private void kafka() {
        String bootstrap = config.get(KafkaSettings.BOOTSTRAP).orElse(null);
        if (bootstrap == null) {
            // Port 0 picks free ports now, since every client's settings need the address up front.
            int port = orFree(config.get(AppSettings.KAFKA_PORT));
            int controllerPort = orFree(config.get(AppSettings.KAFKA_CONTROLLER_PORT));
            bootstrap = "localhost:" + port;
            AtomicReference<EmbeddedKafkaBroker> broker = new AtomicReference<>();
            services.add(Services.of(
                    "kafka-broker",
                    () -> broker.set(EmbeddedKafkaBroker.start(data.resolve("kafka"), port, controllerPort)),
                    () -> broker.get().close()));
        }
        kafka = KafkaSettings.from(config, bootstrap);
        services.add(Services.of(
                "topics",
                () -> {
                    admin.set(Admin.create(kafka.admin()));
                    TopicAdmin.ensureTopics(admin.get(), kafka.topics(), kafka.replication(), Duration.ofSeconds(60));
                },
                () -> admin.get().close(Duration.ofSeconds(5)),
                () -> kafkaReachable(admin.get())));
    }

    private static int orFree(int port) {
        return port == 0 ? EmbeddedKafkaBroker.freePort() : port;
    }

    /** The blob store and, for the API and the splitter, one catalog view they share. */
    private void storage() throws IOException {
        blobs = BlobStores.open(config, data);
        if (blobs instanceof AutoCloseable closeable)
            services.add(Services.of("blob-store", () -> {}, () -> {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.debug("Closing the blob store: {}", e.toString());
                }
            }));
        files = new FileStore(blobs);
        if (roles.contains(Role.API) || roles.contains(Role.SPLITTER)) {
            catalog = new CatalogService(kafka, state, "all-in-one");
            services.add(catalog);
        }
    }

    /** One set of rules for every job request, whether it came through the API or straight from Kafka. */
    private void rules() {
        receivers = new ReceiverPolicy(config.get(WebhookSettings.ALLOWED_HOSTS));
        jobRules = new JobRequestValidator(JobPolicySettings.policy(
                config,
                receivers::refusal,
                blobs.writesExternal(),
                config.get(AppSettings.BLOB_STORE).orElse(null),
                credentials.projectId()));
    }

    /** The instance's internal query endpoint (other instances ask it about the jobs this one owns) and the aggregator. */
    private void queriesAndAggregator() throws IOException {
        queries = new QueryServer(
                config.get(AppSettings.QUERY_HOST),
                config.get(AppSettings.QUERY_PORT),
                config.get(AppSettings.QUERY_ADVERTISED_HOST),
                querySecret());
        QueryServer q = queries;
        services.add(Services.of("internal-queries", q::start, q::close));
        aggregator = new AggregatorService(
                kafka,
                state,
                queries,
                new Watchdog(
                        WorkerSettings.timeLimits(config),
                        config.get(Watchdog.GRACE),
                        config.get(Watchdog.JOB_MAX_DURATION)),
                new Retention(config.get(Retention.RETENTION), Retention.JobBlobCleaner.of(blobs)));
        aggregator.bindMetrics(meters);
        services.add(aggregator);
    }

    /** The secret instances show each other's query endpoint: the setting's, else one kept in the blob store they share. */
    private QuerySecret querySecret() throws IOException {
        Optional<String> set = config.get(AppSettings.INTERNAL_SECRET);
        if (set.isEmpty()) return QuerySecret.stored(() -> Secrets.shared(blobs, "secrets/internal-query.key"));
        if (set.get().strip().length() < 16) {
            throw new ConfigException(AppSettings.INTERNAL_SECRET.name() + ": use at least 16 characters");
        }
        return QuerySecret.fixed(set.get().strip().getBytes(StandardCharsets.UTF_8));
    }

    /** The api role's webhook sink and HTTP API; the publisher connects when its service starts, after the broker. */
    private void webhooksAndApi() throws IOException {
        Publisher publisher = new Publisher(kafka, "ingress", Duration.ofSeconds(30));
        services.add(Services.of("publisher", publisher::start, publisher::close));
        Optional<String> publicUrl = PublicUrl.of(config);
        WebhookSecrets secrets = new WebhookSecrets(blobs);
        // Payload links and signed URLs name the same public URL; unset, the API's port on localhost.
        Config sinkConfig = publicUrl.isPresent() || config.get(AppSettings.HTTP_PORT) == 0
                ? config
                : config.with(
                        WebhookSettings.PUBLIC_URL.name(), "http://localhost:" + config.get(AppSettings.HTTP_PORT));
        webhookSink = new WebhookService(kafka, state, sinkConfig, secrets, receivers, queries, meters);
        services.add(webhookSink);
        List<Service> readinessOf = List.copyOf(services);
        ApiRole.Access access = new ApiRole.Access(
                ApiKeysLoader.load(config, credentials),
                new RateLimits(
                        config.get(AppSettings.RATE_LIMIT_PER_SECOND),
                        config.get(AppSettings.RATE_LIMIT_BURST),
                        System::nanoTime),
                new UrlSigner(Secrets.shared(blobs, "secrets/url-signing.key")),
                publicUrl,
                config.get(AppSettings.MAX_UPLOAD));
        SourceFetcher sources = new SourceFetcher(
                receivers,
                Duration.ofSeconds(5),
                config.get(AppSettings.SOURCE_URL_TIMEOUT),
                config.get(AppSettings.MAX_UPLOAD));
        services.add(Services.of("source-downloads", () -> {}, sources::close));
        // The dashboard's page images: rendered like a parse, in a parser JVM of the API's own.
        PageRenderer pageImages = PageRenderer.forApi(config, files);
        services.add(Services.of("page-images", () -> {}, pageImages::close));
        DocumentSchemaProposer schemaProposer = DocumentSchemaProposer.forApi(config, files);
        services.add(Services.of("schema-proposals", () -> {}, schemaProposer::close));
        ApiRole.Backends backends = new ApiRole.Backends(
                kafka.topics(),
                publisher,
                catalog,
                topic -> TopicAdmin.endOffsets(admin.get(), topic),
                files,
                aggregator,
                jobRules,
                secrets,
                webhookSink,
                sources,
                pageImages,
                schemaProposer);
        ApiRole.Operations ops = new ApiRole.Operations(() -> readiness(readinessOf), meters, this::scrape);
        ingress = ApiRole.service(
                config.get(AppSettings.HTTP_HOST),
                config.get(AppSettings.HTTP_PORT),
                Clock.systemUTC(),
                access,
                backends,
                ops);
        services.add(ingress);
    }

    private static Map<String, Boolean> readiness(List<Service> services) {
        return services.stream().collect(LinkedHashMap::new, (m, s) -> m.put(s.name(), s.ready()), Map::putAll);
    }

    private final AtomicReference<ConsumerLag> lag = new AtomicReference<>();

    /** Consumer lag is measured (at most every 5 s) just before a scrape, through the topics' Admin client. */
    private String scrape() {
        if (lag.get() == null && admin.get() != null) {
            lag.compareAndSet(null, new ConsumerLag(admin.get(), kafka.topics(), meters, Duration.ofSeconds(5)));
        }
        if (lag.get() != null) lag.get().refresh();
        return meters.scrape();
    }

    private static boolean kafkaReachable(Admin admin) {
        try {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }
}
