package dev.batch.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.batch.common.kafka.DeadLetters;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.Topics;
import dev.batch.common.query.QuerySecret;
import dev.batch.common.query.QueryServer;
import dev.batch.events.JobRemoval;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** The remover of removed jobs' blobs against a real broker, with a blob store that fails on demand. */
@WithKafka
class JobBlobRemoverIT {
    private static final List<Duration> QUICK_RETRIES = List.of(Duration.ofMillis(50), Duration.ofMillis(50));

    /** Records what it is asked to delete; a job named in {@code failures} fails that many times first. */
    private static final class RecordingCleaner implements Retention.JobBlobCleaner {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

        @Override
        public List<String> deleteItems(String projectId, String jobId, List<String> itemIds) throws IOException {
            AtomicInteger left = failures.get(jobId);
            if (left != null && left.getAndDecrement() > 0) throw new IOException("the blob store is down");
            calls.add(projectId + "/" + jobId + " items " + itemIds);
            return itemIds.stream()
                    .map(i -> projectId + ":content-" + i + ":params")
                    .toList();
        }

        @Override
        public void deleteJob(String projectId, String jobId) {
            calls.add(projectId + "/" + jobId + " job");
        }
    }

    @Test
    void deletesEachPartsBlobsInOrderThenTombstonesTheCacheEntriesItDeleted(TestKafka kafka, TestInfo test)
            throws Exception {
        KafkaSettings settings = kafka.newSettings(test.getDisplayName());
        RecordingCleaner cleaner = new RecordingCleaner();
        cleaner.failures.put("bjb-2", new AtomicInteger(1)); // one failure, then it goes
        try (JobBlobRemover remover = new JobBlobRemover(settings, cleaner, QUICK_RETRIES)) {
            remover.start();
            send(settings, part("bjb-1", "proj", List.of("a", "b"), 0, false));
            send(settings, part("bjb-1", "proj", List.of("c"), 1, true));
            send(settings, part("bjb-2", "other", List.of("d"), 0, true));

            await().atMost(Duration.ofSeconds(30)).until(() -> cleaner.calls.size() == 5);
            // in order within a job; two jobs may sit on two partitions, read in either order
            assertThat(cleaner.calls.stream().filter(c -> c.contains("bjb-1")))
                    .containsExactly("proj/bjb-1 items [a, b]", "proj/bjb-1 items [c]", "proj/bjb-1 job");
            assertThat(cleaner.calls.stream().filter(c -> c.contains("bjb-2")))
                    .containsExactly("other/bjb-2 items [d]", "other/bjb-2 job");
            List<String> tombstones = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r :
                        read(settings, settings.topics().processingResults.name())) {
                    assertThat(r.value()).as("a tombstone").isNull();
                    tombstones.add(new String(r.key(), StandardCharsets.UTF_8));
                }
                return tombstones.size() >= 4;
            });
            assertThat(tombstones)
                    .containsExactlyInAnyOrder(
                            "proj:content-a:params",
                            "proj:content-b:params",
                            "proj:content-c:params",
                            "other:content-d:params");
        }
    }

    @Test
    void sendsAPartThatKeepsFailingToTheDeadLettersAndGoesOnWithTheNext(TestKafka kafka, TestInfo test)
            throws Exception {
        KafkaSettings settings = kafka.newSettings(test.getDisplayName());
        RecordingCleaner cleaner = new RecordingCleaner();
        cleaner.failures.put("bjb-down", new AtomicInteger(Integer.MAX_VALUE));
        try (JobBlobRemover remover = new JobBlobRemover(settings, cleaner, QUICK_RETRIES)) {
            remover.start();
            send(settings, part("bjb-down", "proj", List.of("a"), 0, true));
            send(settings, part("bjb-next", "proj", List.of("b"), 0, true));

            await().atMost(Duration.ofSeconds(30)).until(() -> cleaner.calls.contains("proj/bjb-next job"));
            assertThat(cleaner.calls).noneMatch(c -> c.contains("bjb-down"));
            List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                dead.addAll(read(settings, settings.topics().deadLetters.name()));
                return !dead.isEmpty();
            });
            ConsumerRecord<byte[], byte[]> letter = dead.get(0);
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("bjb-down");
            assertThat(new String(
                            letter.headers().lastHeader(DeadLetters.MESSAGE).value(), StandardCharsets.UTF_8))
                    .isEqualTo("the blob store is down");
            assertThat(new String(
                            letter.headers().lastHeader(DeadLetters.SERVICE).value(), StandardCharsets.UTF_8))
                    .isEqualTo(JobBlobRemover.SERVICE);
        }
    }

    @Test
    void anAggregatorWhoseBlobRemoverDiedIsNotReady(TestKafka kafka, TestInfo test, @TempDir Path state)
            throws Exception {
        KafkaSettings settings = kafka.newSettings(test.getDisplayName());
        Retention.JobBlobCleaner broken = new Retention.JobBlobCleaner() {
            @Override
            public List<String> deleteItems(String projectId, String jobId, List<String> itemIds) {
                throw new LinkageError("the blob store's library did not load");
            }

            @Override
            public void deleteJob(String projectId, String jobId) {}
        };
        try (QueryServer queries = new QueryServer(
                "127.0.0.1", 0, "127.0.0.1", QuerySecret.fixed("remover-it".getBytes(StandardCharsets.UTF_8)))) {
            queries.start();
            AggregatorService aggregator = new AggregatorService(
                    settings, state, queries, Watchdog.DEFAULT, new Retention(Duration.ofDays(30), broken));
            try {
                aggregator.start();
                await().atMost(Duration.ofSeconds(60)).until(aggregator::ready);

                send(settings, part("bjb-1", "proj", List.of("a"), 0, true));

                // The remover's thread dies of the error: the aggregator's readiness must say so.
                await().dontCatchUncaughtExceptions()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> !aggregator.ready());
            } finally {
                aggregator.stop();
            }
        }
    }

    private static JobRemoval part(String job, String project, List<String> items, int part, boolean last) {
        return JobRemoval.newBuilder()
                .setJobId(job)
                .setProjectId(project)
                .setItemIds(items)
                .setPart(part)
                .setLast(last)
                .setRemovedAt(Instant.now())
                .build();
    }

    private static void send(KafkaSettings settings, JobRemoval removal) throws Exception {
        Topics topics = settings.topics();
        try (KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(settings.producer("test"), new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(topics.jobRemovals.record(removal.getJobId(), removal)).get();
        }
    }

    /** Every record on the topic now, from its start. */
    private static List<ConsumerRecord<byte[], byte[]>> read(KafkaSettings settings, String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                settings.transactionalConsumer("reader-" + System.nanoTime(), "reader"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
