package dev.batch.webhooks;

import dev.batch.common.config.Config;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.StreamsService;
import dev.batch.common.kafka.Topics;
import dev.batch.common.net.ReceiverPolicy;
import dev.batch.common.query.KeyOwners;
import dev.batch.common.query.KeyOwners.Owner;
import dev.batch.common.query.QueryClient;
import dev.batch.common.query.QueryServer;
import dev.batch.common.webhooks.DeliveryLog;
import dev.batch.events.WebhookAttempt;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The webhook sink as a service: its Streams app ({@link WebhookTopology}), its delivery threads
 * ({@link Dispatcher}), and the delivery log for the API. A job's log lives on the instance owning
 * the job's key ({@link KeyOwners}); asked elsewhere, the question is forwarded to that instance's
 * {@link QueryServer} (as the aggregator does for job status).
 */
public final class WebhookService extends StreamsService implements DeliveryLog {
    private final Dispatcher dispatcher;
    private final Topics topics;
    private final KeyOwners owners;
    private final QueryClient remote;

    /** {@code server}: the instance's internal query endpoint (started by whoever runs this). */
    public WebhookService(
            KafkaSettings kafka,
            Path stateDir,
            Config config,
            WebhookSecrets secrets,
            ReceiverPolicy policy,
            QueryServer server) {
        this(kafka, stateDir, config, secrets, policy, server, new SimpleMeterRegistry());
    }

    /** {@code meters}: where delivery attempts are counted and timed ({@code batch_webhook_deliveries_seconds}). */
    public WebhookService(
            KafkaSettings kafka,
            Path stateDir,
            Config config,
            WebhookSecrets secrets,
            ReceiverPolicy policy,
            QueryServer server,
            MeterRegistry meters) {
        this(kafka, stateDir, config, secrets, policy, server, dispatcher(kafka, config, secrets, policy, meters));
    }

    private WebhookService(
            KafkaSettings kafka,
            Path stateDir,
            Config config,
            WebhookSecrets secrets,
            ReceiverPolicy policy,
            QueryServer server,
            Dispatcher dispatcher) {
        super(
                "webhook-sink",
                WebhookTopology.build(
                        kafka.topics(),
                        dispatcher,
                        WebhookSettings.retryDelays(config.get(WebhookSettings.RETRY_DELAYS)),
                        config.get(WebhookSettings.PUBLIC_URL)),
                props(kafka, stateDir, server.applicationServer()),
                Duration.ofSeconds(90));
        this.dispatcher = dispatcher;
        this.topics = kafka.topics();
        this.owners = new KeyOwners("webhook sink", this::streams, server.advertised());
        this.remote = server.client("webhooks");
        server.register(
                "webhooks",
                (path, q) -> path.length == 3 && path[0].equals("jobs") && path[2].equals("attempts")
                        ? Map.of(
                                "records",
                                localAttempts(path[1]).stream()
                                        .map(a -> QueryServer.encode(WebhookAttempt.class, a))
                                        .toList())
                        : null);
    }

    private static Dispatcher dispatcher(
            KafkaSettings kafka, Config config, WebhookSecrets secrets, ReceiverPolicy policy, MeterRegistry meters) {
        Duration timeout = config.get(WebhookSettings.TIMEOUT);
        Deliverer deliverer = new Deliverer(
                policy,
                Duration.ofSeconds(5).compareTo(timeout) < 0 ? Duration.ofSeconds(5) : timeout,
                timeout,
                Clock.systemUTC());
        return new Dispatcher(
                kafka.topics(),
                deliverer,
                secrets,
                () -> new KafkaProducer<>(
                        kafka.producer("webhook-sink-attempts"), new ByteArraySerializer(), new ByteArraySerializer()),
                config.get(WebhookSettings.THREADS),
                config.get(WebhookSettings.PROJECT_IN_FLIGHT),
                timeout,
                meters);
    }

    /** The sink's Streams settings (its topology tests run with them too); {@code applicationServer}: its query endpoint. */
    static Properties props(KafkaSettings kafka, Path stateDir, String applicationServer) {
        Properties p =
                baseProps(kafka, kafka.topics().applicationId("webhook-sink"), stateDir, kafka.statusCommitInterval());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        return p;
    }

    /** Whether this instance owns the job's queues and log right now (tests and diagnostics). */
    public boolean ownsJob(String jobId) {
        return owners.owner(StoreSpecs.WEBHOOK_LOG, jobId).local();
    }

    @Override
    public List<WebhookAttempt> attempts(String jobId) {
        Owner owner = owners.owner(StoreSpecs.WEBHOOK_LOG, jobId);
        if (owner.local()) return localAttempts(jobId);
        List<WebhookAttempt> out = new ArrayList<>();
        remote.get(owner.host(), "/jobs/" + QueryClient.enc(jobId) + "/attempts")
                .ifPresent(n ->
                        n.get("records").forEach(r -> out.add(QueryServer.decode(WebhookAttempt.class, r.asText()))));
        return out;
    }

    private List<WebhookAttempt> localAttempts(String jobId) {
        List<WebhookAttempt> out = new ArrayList<>();
        try (KeyValueIterator<String, WebhookAttempt> it =
                store(StoreSpecs.WEBHOOK_LOG).prefixScan(jobId + "/", new StringSerializer())) {
            while (it.hasNext()) out.add(it.next().value);
        }
        return out;
    }

    @Override
    protected void beforeStart(KafkaStreams streams) {
        dispatcher.start();
    }

    /** The attempts in flight end and are reported before the topology stops (it may still read them). */
    @Override
    public void stop() {
        dispatcher.drain();
        super.stop();
        dispatcher.close();
    }
}
