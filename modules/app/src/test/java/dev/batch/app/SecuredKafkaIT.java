package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batch.broker.EmbeddedKafkaBroker;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.common.config.Config;
import dev.batch.common.config.ConfigException;
import dev.batch.common.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system on a cluster that authenticates its clients (SASL) and authorises them (ACLs):
 * BATCH_KAFKA_PROPERTIES_FILE reaches every client, and the ACLs docs/security.md lists are enough.
 */
class SecuredKafkaIT {
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required";

    @TempDir
    Path broker;

    @TempDir
    Path data;

    @Test
    void runsAJobOnASaslClusterWithOnlyTheAclsItsNamespaceNeeds() throws Exception {
        int plain = EmbeddedKafkaBroker.freePort();
        int sasl = EmbeddedKafkaBroker.freePort();
        int controller = EmbeddedKafkaBroker.freePort();
        // The broker itself and the test's admin use the plaintext listener as the superuser; the service only SASL.
        Map<String, String> secured = Map.of(
                "listeners",
                        "PLAINTEXT://localhost:" + plain + ",SASL_PLAINTEXT://localhost:" + sasl
                                + ",CONTROLLER://localhost:" + controller,
                "advertised.listeners", "PLAINTEXT://localhost:" + plain + ",SASL_PLAINTEXT://localhost:" + sasl,
                "listener.security.protocol.map",
                        "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
                "sasl.enabled.mechanisms", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                        JAAS + " user_batch=\"batch-secret\" user_intruder=\"intruder-secret\";",
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:ANONYMOUS",
                "allow.everyone.if.no.acl.found", "false");
        String namespace = "secured.";
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(broker, plain, controller, secured)) {
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createAcls(List.of(
                                allow(ResourceType.TOPIC, namespace + "batch"),
                                allow(ResourceType.GROUP, namespace + "batch-"),
                                allow(ResourceType.TRANSACTIONAL_ID, namespace + "batch-")))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            Path clientProps = data.resolve("kafka-client.properties");
            Files.writeString(
                    clientProps,
                    "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n" + "sasl.jaas.config=" + JAAS
                            + " username=\"batch\" password=\"batch-secret\";\n");
            Map<String, String> config = Map.of(
                    "BATCH_KAFKA_BOOTSTRAP",
                    "localhost:" + sasl,
                    "BATCH_KAFKA_PROPERTIES_FILE",
                    clientProps.toString(),
                    "BATCH_TOPIC_NAMESPACE",
                    namespace,
                    "BATCH_PARTITIONS",
                    "2",
                    "BATCH_DATA_DIR",
                    data.resolve("system").toString(),
                    "BATCH_HTTP_PORT",
                    "0",
                    "BATCH_API_KEY",
                    RunningSystem.KEY);
            try (BatchSystem system = BatchSystem.start(Config.of(config))) {
                BatchApiClient api = new BatchApiClient("http://localhost:" + system.httpPort(), RunningSystem.KEY);
                String file = api.upload(
                                "/api/v1/beta/files",
                                "secured.txt",
                                "words on a secured cluster".getBytes(StandardCharsets.UTF_8))
                        .json()
                        .get("id")
                        .asText();
                ApiResponse created =
                        api.post(RunningSystem.BATCH, "{\"job_config\": {}, \"item_ids\": [\"" + file + "\"]}");
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                assertThat(RunningSystem.awaitTerminal(
                                        api, created.json().get("id").asText())
                                .at("/job/processed_items")
                                .asInt())
                        .isEqualTo(1);
            }

            // The cluster really checks: a wrong password is refused, and another user may not read the service's
            // topics.
            assertThatThrownBy(() -> topics(sasl, "batch", "wrong"))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
            assertThatThrownBy(() -> describe(sasl, "intruder", "intruder-secret", namespace + "batch.job-requests"))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void refusesClientPropertiesThatAreNotAboutSecurityOrThatTheEmbeddedBrokerCannotUse() throws Exception {
        Path props = data.resolve("bad.properties");
        Files.writeString(props, "security.protocol=SSL\nenable.idempotence=false\n");
        assertThatThrownBy(() -> KafkaSettings.from(
                        Config.of(Map.of(
                                "BATCH_KAFKA_BOOTSTRAP",
                                "localhost:1",
                                "BATCH_KAFKA_PROPERTIES_FILE",
                                props.toString())),
                        "localhost:1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("BATCH_KAFKA_PROPERTIES_FILE: 'enable.idempotence' is not a security setting");
        assertThatThrownBy(() -> KafkaSettings.from(
                        Config.of(Map.of("BATCH_KAFKA_PROPERTIES_FILE", props.toString())), "localhost:1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("applies to a cluster named by BATCH_KAFKA_BOOTSTRAP");
    }

    private static AclBinding allow(ResourceType type, String prefix) {
        return new AclBinding(
                new ResourcePattern(type, prefix, PatternType.PREFIXED),
                new AccessControlEntry("User:batch", "*", AclOperation.ALL, AclPermissionType.ALLOW));
    }

    private static Properties client(int port, String user, String password) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port);
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", JAAS + " username=\"" + user + "\" password=\"" + password + "\";");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int)
                Duration.ofSeconds(20).toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int)
                Duration.ofSeconds(10).toMillis());
        return p;
    }

    private static void topics(int port, String user, String password) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(client(port, user, password))) {
            admin.listTopics().names().get();
        }
    }

    private static void describe(int port, String user, String password, String topic)
            throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(client(port, user, password))) {
            admin.describeTopics(List.of(topic)).allTopicNames().get();
        }
    }
}
