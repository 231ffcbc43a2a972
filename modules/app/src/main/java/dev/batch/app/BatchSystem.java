package dev.batch.app;

import dev.batch.aggregator.Aggregator;
import dev.batch.broker.EmbeddedKafkaBroker;
import dev.batch.common.blob.FileStore;
import dev.batch.common.blob.LocalBlobStore;
import dev.batch.common.config.Config;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.Publisher;
import dev.batch.common.kafka.TopicAdmin;
import dev.batch.common.lifecycle.Service;
import dev.batch.common.lifecycle.ServiceRunner;
import dev.batch.common.lifecycle.Services;
import dev.batch.common.catalog.CatalogService;
import dev.batch.ingress.IngressApp;
import dev.batch.ingress.UrlSigner;
import dev.batch.splitter.SplitterSettings;
import dev.batch.worker.ItemPipeline;
import dev.batch.worker.parse.ParserPool;
import dev.batch.ingress.IngressService;
import dev.batch.splitter.SplitterService;
import dev.batch.worker.ClassifyProcessor;
import dev.batch.worker.ParseProcessor;
import dev.batch.worker.TaskWorker;
import dev.batch.worker.WorkerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every service of the pipeline in one JVM, in flow order: (broker), topics, aggregator, splitter,
 * parse workers, HTTP ingress. The same assembly serves {@code main} and the end-to-end tests.
 */
public final class BatchSystem implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchSystem.class);

    private final ServiceRunner runner;
    private Aggregator aggregator;
    private dev.batch.common.query.QueryServer queries;
    private dev.batch.webhooks.WebhookSink webhookSink;
    private final IngressService ingress;
    private final Credentials credentials;
    private final String bootstrap;

    private BatchSystem(ServiceRunner runner, IngressService ingress, Credentials credentials, String bootstrap) {
        this.runner = runner;
        this.ingress = ingress;
        this.credentials = credentials;
        this.bootstrap = bootstrap;
    }

    public static BatchSystem start(Config config) throws Exception {
        config.validate(AppSettings.all());
        java.util.Set<Role> roles = Role.parse(config.get(AppSettings.ROLES));
        boolean api = roles.contains(Role.API);
        Path data = config.get(AppSettings.DATA_DIR).toAbsolutePath().normalize();
        Files.createDirectories(data);
        Credentials credentials = Credentials.load(data, config.get(AppSettings.API_KEY));
        List<Service> services = new ArrayList<>();
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry meters = Metrics.registry(roles);

        // The broker runs in this JVM: one process to start and stop, nothing else to install. Its
        // data layout and ports match scripts/kafka, so either can run on the same data directory.
        AtomicReference<EmbeddedKafkaBroker> broker = new AtomicReference<>();
        String bootstrap = config.get(KafkaSettings.BOOTSTRAP).orElse(null);
        if (bootstrap == null) {
            // Port 0 picks free ports now, since every client's settings need the address up front.
            int port = config.get(AppSettings.KAFKA_PORT) == 0 ? EmbeddedKafkaBroker.freePort() : config.get(AppSettings.KAFKA_PORT);
            int controllerPort = config.get(AppSettings.KAFKA_CONTROLLER_PORT) == 0
                    ? EmbeddedKafkaBroker.freePort() : config.get(AppSettings.KAFKA_CONTROLLER_PORT);
            bootstrap = "localhost:" + port;
            services.add(Services.of("kafka-broker",
                    () -> broker.set(EmbeddedKafkaBroker.start(data.resolve("kafka"), port, controllerPort)),
                    () -> broker.get().close()));
        }
        KafkaSettings kafka = KafkaSettings.from(config, bootstrap);

        AtomicReference<Admin> admin = new AtomicReference<>();
        services.add(Services.of("topics", () -> {
            admin.set(Admin.create(kafka.admin()));
            TopicAdmin.ensureTopics(admin.get(), kafka.topics(), kafka.replication(), Duration.ofSeconds(60));
        }, () -> admin.get().close(Duration.ofSeconds(5)), () -> kafkaReachable(admin.get())));

        dev.batch.common.blob.BlobStore blobs = blobStore(config, data);
        if (blobs instanceof AutoCloseable closeable) services.add(Services.of("blob-store", () -> { }, () -> {
            try {
                closeable.close();
            } catch (Exception e) {
                log.debug("Closing the blob store: {}", e.toString());
            }
        }));
        FileStore files = new FileStore(blobs);
        Path state = data.resolve("state");
        // One catalog view serves the API and the splitter in this process.
        CatalogService catalog = null;
        if (api || roles.contains(Role.SPLITTER)) {
            catalog = new CatalogService(kafka, state, "all-in-one");
            services.add(catalog);
        }
        Aggregator aggregator = null;
        dev.batch.common.query.QueryServer queries = null;
        if (api) {
            // One internal query endpoint for the instance: other instances ask it about the jobs whose keys this one owns.
            queries = new dev.batch.common.query.QueryServer(config.get(AppSettings.QUERY_HOST), config.get(AppSettings.QUERY_PORT),
                    config.get(AppSettings.QUERY_ADVERTISED_HOST), querySecret(config, blobs));
            dev.batch.common.query.QueryServer q = queries;
            services.add(Services.of("internal-queries", q::start, q::close));
            aggregator = new Aggregator(kafka, state, queries, new dev.batch.aggregator.Watchdog(WorkerSettings.timeLimits(config),
                    config.get(dev.batch.aggregator.Watchdog.GRACE), config.get(dev.batch.aggregator.Watchdog.JOB_MAX_DURATION)));
            services.add(aggregator);
        }
        // One set of rules for every job request, whether it came through the API or straight from Kafka.
        dev.batch.webhooks.ReceiverPolicy webhookPolicy = new dev.batch.webhooks.ReceiverPolicy(config.get(dev.batch.webhooks.WebhookSettings.ALLOWED_HOSTS));
        dev.batch.common.jobs.JobRequestValidator jobRules = new dev.batch.common.jobs.JobRequestValidator(
                dev.batch.common.jobs.JobPolicySettings.policy(config, webhookPolicy::refusal, blobs.writesExternal(),
                        config.get(AppSettings.BLOB_STORE).orElse(null), credentials.projectId()));
        if (roles.contains(Role.SPLITTER)) services.add(new SplitterService(kafka, state, catalog, SplitterSettings.from(config), jobRules));
        boolean work = roles.contains(Role.WORKER);
        int parseWorkers = work ? config.get(WorkerSettings.PARSE_THREADS) : 0;
        int classifyWorkers = work ? config.get(WorkerSettings.CLASSIFY_THREADS) : 0;
        ParseProcessor parser;
        if (config.get(WorkerSettings.PARSE_ISOLATION) && parseWorkers + classifyWorkers > 0) {
            // Parser JVMs shared by the loops: a document that hangs or blows up takes only its own process down.
            ParserPool pool = new ParserPool(Math.min(parseWorkers + classifyWorkers, config.get(WorkerSettings.PARSE_PROCESSES)),
                    config.get(WorkerSettings.PARSE_HEAP));
            // Warm the parser JVMs in the background: start-up does not wait, a first document at most waits for its JVM.
            services.add(Services.of("parser-pool", () -> {
                Thread warm = new Thread(pool::warmUp, "parser-pool-warm-up");
                warm.setDaemon(true);
                warm.start();
            }, pool::close));
            parser = new ParseProcessor(files, pool, WorkerSettings.timeLimits(config));
        } else {
            parser = new ParseProcessor(files);
        }
        parser.meter(meters);
        ItemPipeline parse = new ItemPipeline(files, parser, config.get(WorkerSettings.MAX_ITEM_BYTES), meters);
        ItemPipeline classify = new ItemPipeline(files, new ClassifyProcessor(files, parser, WorkerSettings.llm(config)),
                config.get(WorkerSettings.MAX_ITEM_BYTES), meters);
        for (int i = 0; i < classifyWorkers; i++) {
            services.add(new TaskWorker("classify-worker-" + i, kafka, kafka.topics().tasksClassify, kafka.topics().tasksClassifyUrgent,
                    classify, WorkerSettings.tuning(config)));
        }
        for (int i = 0; i < parseWorkers; i++) {
            services.add(new TaskWorker("parse-worker-" + i, kafka, kafka.topics().tasksParse, kafka.topics().tasksParseUrgent, parse,
                    WorkerSettings.tuning(config)));
        }

        if (!api) {
            if (config.get(AppSettings.METRICS_PORT) > 0) {
                services.add(Metrics.server(config.get(AppSettings.HTTP_HOST), config.get(AppSettings.METRICS_PORT), meters::scrape));
            }
            ServiceRunner runner = new ServiceRunner(services, Duration.ofSeconds(30));
            runner.start();
            return new BatchSystem(runner, null, credentials, bootstrap);
        }
        // The publisher connects when its service starts, after the broker's and the topics'.
        Publisher publisher = new Publisher(kafka, "ingress", Duration.ofSeconds(30));
        services.add(Services.of("publisher", publisher::start, publisher::close));
        dev.batch.webhooks.WebhookSecrets webhookSecrets = new dev.batch.webhooks.WebhookSecrets(files.blobs());
        // Payload links and signed URLs name the same public URL; unset, the API's port on localhost.
        Config sinkConfig = publicUrl(config).isPresent() || config.get(AppSettings.HTTP_PORT) == 0 ? config
                : config.with(dev.batch.webhooks.WebhookSettings.PUBLIC_URL.name(), "http://localhost:" + config.get(AppSettings.HTTP_PORT));
        dev.batch.webhooks.WebhookSink webhookSink = new dev.batch.webhooks.WebhookSink(kafka, state, sinkConfig, webhookSecrets, webhookPolicy,
                queries, meters);
        aggregator.bindMetrics(meters);
        AtomicReference<dev.batch.common.kafka.ConsumerLag> lag = new AtomicReference<>();
        services.add(webhookSink);

        List<Service> readinessOf = List.copyOf(services);
        IngressApp.Deps deps = new IngressApp.Deps(
                ApiKeysLoader.load(config, credentials),
                kafka.topics(),
                publisher,
                aggregator,
                catalog,
                files,
                topic -> endOffsets(admin.get(), topic),
                new UrlSigner(Secrets.shared(files.blobs(), "secrets/url-signing.key")),
                config.get(AppSettings.MAX_UPLOAD),
                Clock.systemUTC(),
                () -> {
                    Map<String, Boolean> m = new LinkedHashMap<>();
                    readinessOf.forEach(s -> m.put(s.name(), s.ready()));
                    return m;
                },
                jobRules,
                webhookSecrets,
                webhookSink,
                meters,
                () -> {
                    // Consumer lag is measured (at most every 5 s) just before a scrape, through the topics' Admin client.
                    if (lag.get() == null && admin.get() != null) {
                        lag.compareAndSet(null, new dev.batch.common.kafka.ConsumerLag(admin.get(), kafka.topics(), meters, Duration.ofSeconds(5)));
                    }
                    if (lag.get() != null) lag.get().refresh();
                    return meters.scrape();
                },
                new dev.batch.ingress.RateLimits(config.get(AppSettings.RATE_LIMIT_PER_SECOND), config.get(AppSettings.RATE_LIMIT_BURST),
                        System::nanoTime),
                publicUrl(config));
        IngressService ingress = new IngressService(deps, config.get(AppSettings.HTTP_HOST), config.get(AppSettings.HTTP_PORT));
        services.add(ingress);

        ServiceRunner runner = new ServiceRunner(services, Duration.ofSeconds(30));
        runner.start();
        BatchSystem system = new BatchSystem(runner, ingress, credentials, bootstrap);
        system.aggregator = aggregator;
        system.queries = queries;
        system.webhookSink = webhookSink;
        return system;
    }

    /** BATCH_PUBLIC_URL when set: an http(s) URL with a host, or start-up stops naming the setting. */
    private static java.util.Optional<String> publicUrl(Config config) {
        if (!config.isSet(dev.batch.webhooks.WebhookSettings.PUBLIC_URL)) return java.util.Optional.empty();
        String url = config.get(dev.batch.webhooks.WebhookSettings.PUBLIC_URL).strip();
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !List.of("http", "https").contains(String.valueOf(uri.getScheme()).toLowerCase(java.util.Locale.ROOT))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new dev.batch.common.config.ConfigException(dev.batch.webhooks.WebhookSettings.PUBLIC_URL.name()
                    + ": expected the http(s) URL clients reach the API at, such as https://batch.example.com, got '" + url + "'");
        }
        return java.util.Optional.of(url);
    }

    /** The secret instances show each other's query endpoint: the setting's, else one kept in the blob store they share. */
    private static dev.batch.common.query.QuerySecret querySecret(Config config, dev.batch.common.blob.BlobStore blobs) throws java.io.IOException {
        java.util.Optional<String> set = config.get(AppSettings.INTERNAL_SECRET);
        if (set.isPresent()) {
            if (set.get().strip().length() < 16) {
                throw new dev.batch.common.config.ConfigException(AppSettings.INTERNAL_SECRET.name() + ": use at least 16 characters");
            }
            return dev.batch.common.query.QuerySecret.fixed(set.get().strip().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return dev.batch.common.query.QuerySecret.stored(() -> Secrets.shared(blobs, "secrets/internal-query.key"));
    }

    /** The folder store by default; an S3-compatible bucket with BATCH_BLOB_STORE=s3://bucket/prefix. */
    private static dev.batch.common.blob.BlobStore blobStore(Config config, Path data) throws java.io.IOException {
        java.util.Optional<String> s3 = config.get(AppSettings.BLOB_STORE);
        if (s3.isEmpty()) return new LocalBlobStore(config.get(AppSettings.BLOB_DIR).map(Path::of).orElse(data.resolve("blobs")));
        java.net.URI location;
        try {
            location = java.net.URI.create(s3.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(AppSettings.BLOB_STORE.name() + ": not a URI: " + s3.get());
        }
        if (!"s3".equals(location.getScheme()) || location.getHost() == null) {
            throw new IllegalArgumentException(AppSettings.BLOB_STORE.name() + ": expected s3://bucket/prefix, got " + s3.get());
        }
        log.info("Blob store: {} {}", location, config.get(AppSettings.S3_ENDPOINT).map(e -> "at " + e).orElse("(AWS S3)"));
        return dev.batch.common.blob.S3BlobStore.open(location, config.get(AppSettings.S3_ENDPOINT), config.get(AppSettings.S3_REGION),
                config.get(AppSettings.S3_PATH_STYLE), data.resolve("tmp"));
    }

    private static Map<Integer, Long> endOffsets(Admin admin, String topic) {
        try {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ask = new java.util.HashMap<>();
            partitions.forEach(p -> ask.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                    org.apache.kafka.clients.admin.OffsetSpec.latest()));
            Map<Integer, Long> out = new java.util.HashMap<>();
            admin.listOffsets(ask).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp.partition(), info.offset()));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new dev.batch.common.catalog.Catalog.NotAvailableException("cannot read the end offsets of " + topic + ": " + e, e);
        }
    }

    private static boolean kafkaReachable(Admin admin) {
        try {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    public ServiceRunner runner() {
        return runner;
    }

    /** Every HTTP route the API serves ({@code "METHOD /path"}). */
    public java.util.List<String> routes() {
        return ingress.routes();
    }

    /** This process's webhook sink (which jobs' deliveries it owns). */
    public dev.batch.webhooks.WebhookSink webhookSink() {
        return webhookSink;
    }

    /** The port of this process's internal query endpoint, or -1 when it serves no API. */
    public int internalQueryPort() {
        return queries == null ? -1 : queries.advertised().port();
    }

    /** This process's aggregator instance (which jobs it owns). */
    public Aggregator aggregator() {
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
        API, SPLITTER, WORKER;

        static java.util.Set<Role> parse(String list) {
            java.util.Set<Role> out = java.util.EnumSet.noneOf(Role.class);
            for (String r : list.split(",")) {
                String name = r.strip().toLowerCase(java.util.Locale.ROOT);
                if (name.isEmpty()) continue;
                if (name.equals("all")) {
                    out.addAll(java.util.EnumSet.allOf(Role.class));
                    continue;
                }
                try {
                    out.add(Role.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new dev.batch.common.config.ConfigException(AppSettings.ROLES.name() + ": unknown role '" + r.strip()
                            + "'; use api, splitter, worker or all");
                }
            }
            if (out.isEmpty()) throw new dev.batch.common.config.ConfigException(AppSettings.ROLES.name() + ": name at least one role");
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
