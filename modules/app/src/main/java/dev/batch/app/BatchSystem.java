package dev.batch.app;

import dev.batch.aggregator.AggregatorService;
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
import dev.batch.ingress.ApiKeys;
import dev.batch.ingress.IngressApp;
import dev.batch.ingress.IngressService;
import dev.batch.splitter.SplitterService;
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
        Path data = config.get(AppSettings.DATA_DIR).toAbsolutePath().normalize();
        Files.createDirectories(data);
        Credentials credentials = Credentials.load(data, config.get(AppSettings.API_KEY));
        List<Service> services = new ArrayList<>();

        // The broker runs in this JVM: one process to start and stop, nothing else to install. Its
        // data layout and ports match scripts/kafka, so either can run on the same data directory.
        AtomicReference<EmbeddedKafkaBroker> broker = new AtomicReference<>();
        String bootstrap = config.get(KafkaSettings.BOOTSTRAP).orElse(null);
        if (bootstrap == null) {
            int port = config.get(AppSettings.KAFKA_PORT);
            bootstrap = "localhost:" + port;
            services.add(Services.of("kafka-broker",
                    () -> broker.set(EmbeddedKafkaBroker.start(data.resolve("kafka"), port, config.get(AppSettings.KAFKA_CONTROLLER_PORT))),
                    () -> broker.get().close()));
        }
        KafkaSettings kafka = KafkaSettings.from(config, bootstrap);

        AtomicReference<Admin> admin = new AtomicReference<>();
        services.add(Services.of("topics", () -> {
            admin.set(Admin.create(kafka.admin()));
            TopicAdmin.ensureTopics(admin.get(), kafka.topics(), kafka.replication(), Duration.ofSeconds(60));
        }, () -> admin.get().close(Duration.ofSeconds(5)), () -> kafkaReachable(admin.get())));

        // Kafka clients connect lazily, so the publisher can exist before the broker is up.
        Publisher publisher = new Publisher(kafka, "ingress", Duration.ofSeconds(30));
        services.add(Services.of("publisher", () -> { }, publisher::close));

        FileStore files = new FileStore(new LocalBlobStore(data.resolve("blobs")));
        Path state = data.resolve("state");
        AggregatorService aggregator = new AggregatorService(kafka, state);
        services.add(aggregator);
        services.add(new SplitterService(kafka, state));
        ParseProcessor parser = new ParseProcessor(files);
        for (int i = 0; i < config.get(WorkerSettings.PARSE_THREADS); i++) {
            services.add(new TaskWorker("parse-worker-" + i, kafka, kafka.topics().tasksParse, parser));
        }

        List<Service> readinessOf = List.copyOf(services);
        IngressApp.Deps deps = new IngressApp.Deps(
                new ApiKeys(Map.of(credentials.apiKey(), credentials.projectId())),
                kafka.topics(),
                publisher,
                aggregator,
                files,
                config.get(AppSettings.MAX_UPLOAD),
                Clock.systemUTC(),
                () -> {
                    Map<String, Boolean> m = new LinkedHashMap<>();
                    readinessOf.forEach(s -> m.put(s.name(), s.ready()));
                    return m;
                });
        IngressService ingress = new IngressService(deps, config.get(AppSettings.HTTP_HOST), config.get(AppSettings.HTTP_PORT));
        services.add(ingress);

        ServiceRunner runner = new ServiceRunner(services, Duration.ofSeconds(30));
        runner.start();
        return new BatchSystem(runner, ingress, credentials, bootstrap);
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

    public int httpPort() {
        return ingress.port();
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
