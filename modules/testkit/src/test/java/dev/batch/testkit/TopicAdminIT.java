package dev.batch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batch.common.kafka.TopicAdmin;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

@WithKafka
class TopicAdminIT {
    @Test
    void createsEveryRegistryTopicOnceWithItsPartitionsAndCleanupPolicy(TestKafka kafka) throws Exception {
        Topics topics = Topics.create(TestKafka.newNamespace("create-topics"), 4);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            TopicAdmin.ensureTopics(admin, topics, (short) 1, Duration.ofSeconds(30));
            TopicAdmin.ensureTopics(admin, topics, (short) 1, Duration.ofSeconds(30)); // idempotent
            Set<String> names = topics.all().stream().map(TopicSpec::name).collect(Collectors.toSet());
            assertThat(admin.listTopics().names().get()).containsAll(names);
            assertThat(admin.describeTopics(names).allTopicNames().get().values())
                    .allSatisfy(d -> assertThat(d.partitions()).hasSize(4));
            ConfigResource status = new ConfigResource(ConfigResource.Type.TOPIC, topics.jobStatus.name());
            ConfigEntry policy = admin.describeConfigs(Set.of(status))
                    .all()
                    .get()
                    .get(status)
                    .get("cleanup.policy");
            assertThat(policy.value()).isEqualTo("compact");
        }
    }

    @Test
    void refusesToRunOnTopicsWithAnotherPartitionCount(TestKafka kafka) {
        String ns = TestKafka.newNamespace("partition-mismatch");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            TopicAdmin.ensureTopics(admin, Topics.create(ns, 2), (short) 1, Duration.ofSeconds(30));
            assertThatThrownBy(() ->
                            TopicAdmin.ensureTopics(admin, Topics.create(ns, 3), (short) 1, Duration.ofSeconds(30)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has 2 partitions, expected 3");
        }
    }
}
