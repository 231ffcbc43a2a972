package dev.batch.webhooks;

import dev.batch.common.config.Config;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.StreamsService;
import dev.batch.common.kafka.Topics;
import dev.batch.events.WebhookAttempt;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;

/** The webhook sink as a service: its topology, its delivery threads, and the delivery log for the API. */
public final class WebhookSink extends StreamsService implements DeliveryLog {
    private final Dispatcher dispatcher;

    public WebhookSink(KafkaSettings kafka, Path stateDir, Config config, WebhookSecrets secrets, ReceiverPolicy policy) {
        this(kafka, stateDir, config, secrets, policy, dispatcher(kafka, config, secrets, policy));
    }

    private WebhookSink(KafkaSettings kafka, Path stateDir, Config config, WebhookSecrets secrets, ReceiverPolicy policy, Dispatcher dispatcher) {
        super("webhook-sink", WebhookTopology.build(kafka.topics(), () -> new WebhookRouter(dispatcher,
                        WebhookSettings.retryDelays(config.get(WebhookSettings.RETRY_DELAYS)), config.get(WebhookSettings.PUBLIC_URL))),
                props(kafka, stateDir), Duration.ofSeconds(90));
        this.dispatcher = dispatcher;
    }

    private static Dispatcher dispatcher(KafkaSettings kafka, Config config, WebhookSecrets secrets, ReceiverPolicy policy) {
        Duration timeout = config.get(WebhookSettings.TIMEOUT);
        Deliverer deliverer = new Deliverer(policy, Duration.ofSeconds(5).compareTo(timeout) < 0 ? Duration.ofSeconds(5) : timeout, timeout,
                Clock.systemUTC());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer("webhook-sink-attempts"), new ByteArraySerializer(),
                new ByteArraySerializer());
        return new Dispatcher(kafka.topics(), deliverer, secrets, producer, config.get(WebhookSettings.THREADS), timeout);
    }

    private static Properties props(KafkaSettings kafka, Path stateDir) {
        return baseProps(kafka, kafka.topics().applicationId("webhook-sink"), stateDir);
    }

    @Override
    public List<WebhookAttempt> attempts(String jobId) {
        List<WebhookAttempt> out = new ArrayList<>();
        try (KeyValueIterator<String, WebhookAttempt> it = this.<WebhookAttempt>keyValueStore(Topics.WEBHOOK_LOG_STORE,
                e -> new IllegalStateException("the delivery log is not available right now", e)).prefixScan(jobId + "/", new StringSerializer())) {
            while (it.hasNext()) out.add(it.next().value);
        }
        return out;
    }

    @Override
    public void stop() {
        super.stop();
        dispatcher.close();
    }
}
