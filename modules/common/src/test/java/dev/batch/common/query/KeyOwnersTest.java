package dev.batch.common.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batch.common.kafka.StoreSpec;
import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Topologies;
import dev.batch.events.JobStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which instance a key's question goes to, from what Kafka Streams says about the key. */
class KeyOwnersTest {
    private static final Topics TOPICS = Topics.create(3);
    private static final StoreSpec<String, JobStatus> STORE = StoreSpecs.JOB_STATUS;
    private static final HostInfo SELF = new HostInfo("10.0.0.1", 7070);
    private static final HostInfo OTHER = new HostInfo("10.0.0.2", 7070);

    @TempDir
    Path state;

    private final KeyOwners owners = new KeyOwners(
            "aggregator",
            () -> {
                throw new AssertionError("these cases decide from the metadata alone");
            },
            SELF);

    @Test
    void aKeyWhoseActiveHostIsThisInstanceIsLocal() {
        KeyOwners.Owner owner = owners.ownerFrom(new KeyQueryMetadata(SELF, Set.of(OTHER), 1), STORE);
        assertThat(owner.host()).isEqualTo(SELF);
        assertThat(owner.local()).isTrue();
    }

    @Test
    void aKeyWhoseActiveHostIsAnotherInstanceIsRemoteAtThatHost() {
        KeyOwners.Owner owner = owners.ownerFrom(new KeyQueryMetadata(OTHER, Set.of(SELF), 2), STORE);
        assertThat(owner.host()).isEqualTo(OTHER);
        assertThat(owner.local()).isFalse();
    }

    @Test
    void aKeyWithoutAnActiveHostIsNotAvailable() {
        assertThatThrownBy(() -> owners.ownerFrom(KeyQueryMetadata.NOT_AVAILABLE, STORE))
                .isInstanceOf(NotAvailableException.class)
                .hasMessageContaining("job-status");
        assertThatThrownBy(() -> owners.ownerFrom(null, STORE)).isInstanceOf(NotAvailableException.class);
    }

    @Test
    void anApplicationNotStartedYetIsNotAvailable() {
        KeyOwners before = new KeyOwners(
                "aggregator",
                () -> {
                    throw new IllegalStateException("aggregator is not started");
                },
                SELF);
        assertThatThrownBy(() -> before.owner(STORE, "bjb-1"))
                .isInstanceOf(NotAvailableException.class)
                .hasMessageContaining("aggregator is not running");
        assertThatThrownBy(() -> before.hosts(STORE)).isInstanceOf(NotAvailableException.class);
    }

    @Test
    void anInstanceCreatedButNotRunningIsNotAvailable() {
        Topology t = new Topology();
        String source = Topologies.source(t, TOPICS.jobStatus);
        Topologies.processor(t, "keep", Keep::new, List.of(source), List.of(STORE));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "key-owners-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "10.0.0.1:7070");
        try (KafkaStreams streams = new KafkaStreams(t, p)) {
            KeyOwners created = new KeyOwners("aggregator", () -> streams, SELF);
            assertThatThrownBy(() -> created.owner(STORE, "bjb-1")).isInstanceOf(NotAvailableException.class);
            assertThatThrownBy(() -> created.hosts(STORE)).isInstanceOf(NotAvailableException.class);
        }
    }

    /** Owns the store; these tests never run it. */
    private static final class Keep implements Processor<String, JobStatus, Void, Void> {
        @Override
        public void process(Record<String, JobStatus> record) {}
    }
}
