package dev.batch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.StoreSpec;
import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.StreamsService;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Topologies;
import dev.batch.common.query.KeyOwners;
import dev.batch.common.query.KeyOwners.Owner;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances of one Streams application against a real broker: each key has one owner, and both say which. */
@WithKafka
class KeyOwnersIT {
    private static final HostInfo FIRST = new HostInfo("127.0.0.1", 7101);
    private static final HostInfo SECOND = new HostInfo("127.0.0.1", 7102);

    @TempDir
    Path state;

    @Test
    void eachKeyIsLocalOnTheInstanceWhoseStoreHoldsItAndRemoteAtThatInstanceOnTheOther(TestKafka kafka)
            throws Exception {
        KafkaSettings settings = kafka.newSettings("key-owners", 4);
        StoreSpec<String, JobStatus> store = StoreSpecs.JOB_STATUS;
        StreamsService first = instance(settings, FIRST, state.resolve("first"));
        StreamsService second = instance(settings, SECOND, state.resolve("second"));
        KeyOwners firstOwners = new KeyOwners("test", first::streams, FIRST);
        KeyOwners secondOwners = new KeyOwners("test", second::streams, SECOND);
        first.start();
        second.start();
        try {
            List<String> jobs = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    settings.producer("test"), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 16; i++) {
                    jobs.add("bjb-" + i);
                    producer.send(settings.topics().jobStatus.record("bjb-" + i, status("bjb-" + i)))
                            .get();
                }
            }
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                assertThat(firstOwners.hosts(store)).containsExactlyInAnyOrder(FIRST, SECOND);
                for (String job : jobs) {
                    Owner asFirstSees = firstOwners.owner(store, job);
                    Owner asSecondSees = secondOwners.owner(store, job);
                    assertThat(asSecondSees.host()).isEqualTo(asFirstSees.host());
                    assertThat(asFirstSees.local()).isNotEqualTo(asSecondSees.local());
                    StreamsService holder = asFirstSees.local() ? first : second;
                    assertThat(holder.store(store).get(job)).isNotNull();
                }
            });
            assertThat(jobs)
                    .extracting(job -> firstOwners.owner(store, job).local())
                    .contains(true, false);
        } finally {
            second.stop();
            first.stop();
        }
    }

    private static StreamsService instance(KafkaSettings settings, HostInfo self, Path stateDir) {
        Topics topics = settings.topics();
        Topology t = new Topology();
        String source = Topologies.source(t, topics.jobStatus);
        Topologies.processor(t, "keep", Keep::new, List.of(source), List.of(StoreSpecs.JOB_STATUS));
        Properties p = StreamsService.baseProps(settings, topics.applicationId("key-owners"), stateDir);
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        return new StreamsService("key-owners-" + self.port(), t, p, Duration.ofSeconds(60));
    }

    private static JobStatus status(String jobId) {
        Instant at = Instant.parse("2026-11-28T10:00:00Z");
        return JobStatus.newBuilder()
                .setJobId(jobId)
                .setJobType(JobType.parse)
                .setStatus(JobState.pending)
                .setCreatedAt(at)
                .setUpdatedAt(at)
                .build();
    }

    /** Keeps each job's latest status. */
    private static final class Keep implements Processor<String, JobStatus, Void, Void> {
        private KeyValueStore<String, JobStatus> jobs;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            jobs = context.getStateStore(StoreSpecs.JOB_STATUS.name());
        }

        @Override
        public void process(Record<String, JobStatus> record) {
            jobs.put(record.key(), record.value());
        }
    }
}
