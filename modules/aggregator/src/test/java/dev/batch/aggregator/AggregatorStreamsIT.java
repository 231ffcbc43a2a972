package dev.batch.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.Topics;
import dev.batch.common.query.JobQueries;
import dev.batch.events.JobRequested;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The aggregator against a real broker: a deployment without the project index gets it at start. */
@WithKafka
class AggregatorStreamsIT {
    private static final JobQueries.JobFilter ANY = new JobQueries.JobFilter(null, null, null);

    @TempDir
    Path state;

    @Test
    void indexesJobsStoredBeforeTheProjectIndexWhenItStarts(TestKafka kafka) throws Exception {
        KafkaSettings settings = kafka.newSettings("project-index-rebuild", 2);
        Instant t = Instant.parse("2026-11-28T09:00:00Z");
        List<String> acme = List.of("bjb-a2", "bjb-a1", "bjb-a0");
        try (KafkaProducer<String, JobRequested> producer = new KafkaProducer<>(settings.producer("test"),
                settings.topics().jobRequests.keySerde().serializer(), settings.topics().jobRequests.valueSerde().serializer())) {
            for (int i = 0; i < 3; i++) send(producer, settings, "bjb-a" + i, "acme", t.plusSeconds(i));
            for (int i = 0; i < 20; i++) send(producer, settings, "bjb-b" + i, "beta", t.plusSeconds(i));
        }
        AggregatorStreams first = new AggregatorStreams(settings, state);
        first.start();
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> first.jobs("acme", ANY, 0, 10).total() == 3 && first.jobs("beta", ANY, 0, 10).total() == 20);
        } finally {
            first.stop();
        }

        // What a deployment from before the index has: job stores in their changelogs, and no index anywhere.
        try (Stream<Path> all = Files.walk(state)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        deleteTopic(settings, settings.topics().applicationId("aggregator") + "-" + Topics.JOB_PROJECT_INDEX_STORE + "-changelog");

        AggregatorStreams second = new AggregatorStreams(settings, state);
        second.start();
        try {
            List<String> listed = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> second.jobs("acme", ANY, 0, 10).items().stream().map(JobStatus::getJobId).toList(), l -> !l.isEmpty());
            assertThat(listed).containsExactlyElementsOf(acme);
            assertThat(second.jobs("beta", ANY, 5, 10).total()).isEqualTo(20);
            assertThat(second.jobs("beta", ANY, 5, 10).items()).extracting(JobStatus::getJobId)
                    .containsExactly("bjb-b14", "bjb-b13", "bjb-b12", "bjb-b11", "bjb-b10", "bjb-b9", "bjb-b8", "bjb-b7", "bjb-b6", "bjb-b5");
            List<String> indexed = new ArrayList<>();
            try (KeyValueIterator<String, String> it = second.<String>store(Topics.JOB_PROJECT_INDEX_STORE).all()) {
                it.forEachRemaining(kv -> indexed.add(kv.value));
            }
            assertThat(indexed).hasSize(23);
        } finally {
            second.stop();
        }
    }

    private static void send(KafkaProducer<String, JobRequested> producer, KafkaSettings settings, String jobId, String project, Instant at)
            throws Exception {
        producer.send(new ProducerRecord<>(settings.topics().jobRequests.name(), jobId, JobRequested.newBuilder().setJobId(jobId)
                .setProjectId(project).setJobType(JobType.parse).setJobConfigJson("{}").setItemIds(List.of("f-" + jobId))
                .setRequestedAt(at).build())).get();
    }

    /** Deletes {@code topic}, after checking that it holds records. */
    private static void deleteTopic(KafkaSettings settings, String topic) throws Exception {
        try (Admin admin = Admin.create(settings.admin())) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            assertThat(admin.listOffsets(latest).all().get().values()).allSatisfy(o -> assertThat(o.offset()).isPositive());
            admin.deleteTopics(List.of(topic)).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get().contains(topic));
        }
    }
}
