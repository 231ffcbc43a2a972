package dev.batch.testkit;

import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.TopicAdmin;
import dev.batch.common.kafka.Topics;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;

/**
 * A test's handle on the shared cluster. {@link #newSettings(String)} gives each test its own
 * namespace, so topics, consumer groups and application ids never collide between tests.
 */
public final class TestKafka {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final String bootstrap;

    TestKafka(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** A namespace no other test uses, derived from {@code hint} (e.g. the test's name). */
    public static String newNamespace(String hint) {
        return "t" + SEQ.incrementAndGet() + "-" + ProcessHandle.current().pid() + "-"
                + hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "") + ".";
    }

    /** Settings with a fresh namespace derived from {@code hint}; topics are created. */
    public KafkaSettings newSettings(String hint, int partitions) {
        String ns = newNamespace(hint);
        KafkaSettings settings = new KafkaSettings(bootstrap, Topics.create(ns, partitions), (short) 1);
        try (Admin admin = Admin.create(settings.admin())) {
            TopicAdmin.ensureTopics(admin, settings.topics(), (short) 1, Duration.ofSeconds(30));
        }
        return settings;
    }

    public KafkaSettings newSettings(String hint) {
        return newSettings(hint, 3);
    }
}
