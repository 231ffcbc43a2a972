package dev.batch.testkit;

import dev.batch.broker.EmbeddedKafkaBroker;
import dev.batch.common.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Gives a test the {@link TestKafka} of the one cluster shared by the whole test JVM. Which cluster:
 * {@code BATCH_TEST_BOOTSTRAP} when set (an external cluster); a Testcontainers {@code apache/kafka}
 * container when {@code BATCH_TEST_DOCKER=1} and Docker answers; otherwise a real broker started
 * in this JVM (about 2.6 s, once). It is closed when the JVM's tests are done.
 */
public final class KafkaClusterExtension implements ParameterResolver {
    private static final Logger log = LoggerFactory.getLogger(KafkaClusterExtension.class);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KafkaClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == TestKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        Cluster cluster = c.getRoot().getStore(NS).computeIfAbsent(Cluster.class, k -> Cluster.start(), Cluster.class);
        return new TestKafka(cluster.bootstrap);
    }

    /** The shared cluster; JUnit closes it with the root context. */
    static final class Cluster implements AutoCloseable {
        final String bootstrap;
        private final AutoCloseable resource;

        private Cluster(String bootstrap, AutoCloseable resource) {
            this.bootstrap = bootstrap;
            this.resource = resource;
        }

        static Cluster start() {
            String external = System.getenv("BATCH_TEST_BOOTSTRAP");
            if (external != null && !external.isBlank()) {
                log.info("Tests use the external Kafka cluster at {}", external);
                return new Cluster(external, () -> {});
            }
            if ("1".equals(System.getenv("BATCH_TEST_DOCKER"))
                    && DockerClientFactory.instance().isDockerAvailable()) {
                KafkaContainer container = new KafkaContainer("apache/kafka:4.1.0");
                container.start();
                log.info("Tests use a Kafka container at {}", container.getBootstrapServers());
                return new Cluster(container.getBootstrapServers(), container::stop);
            }
            try {
                Path dir = Files.createTempDirectory("batch-test-kafka-");
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0, 0);
                return new Cluster(broker.bootstrapServers(), () -> {
                    broker.close();
                    FileTrees.delete(dir);
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the in-JVM Kafka broker", e);
            }
        }

        @Override
        public void close() throws Exception {
            resource.close();
        }
    }
}
