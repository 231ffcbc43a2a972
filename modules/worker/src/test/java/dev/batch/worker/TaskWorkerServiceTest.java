package dev.batch.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.batch.common.kafka.DeadLetters;
import dev.batch.common.kafka.Topics;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.events.JobType;
import dev.batch.worker.FlakyProducer.Step;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The worker's Kafka paths on Kafka's own mocks ({@link MockLane}, {@link FlakyProducer}): exactly
 * one result per task whatever fails, urgent tasks first, dead letters, rebalances and stops.
 */
class TaskWorkerServiceTest {
    private static final Topics TOPICS = Topics.create(2);
    private static final TopicPartition P0 = new TopicPartition(TOPICS.tasksParse.name(), 0);
    private static final TopicPartition P1 = new TopicPartition(TOPICS.tasksParse.name(), 1);
    private static final TopicPartition URGENT = new TopicPartition(TOPICS.tasksParseUrgent.name(), 0);
    /** Finished results wait this long for company: long enough that only the events of a test commit them. */
    private static final Duration HOLD = Duration.ofMinutes(1);

    private final MockLane.Log log = new MockLane.Log();
    private final List<String> processed = new CopyOnWriteArrayList<>();
    /** Items that wait for their latch before they finish. */
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();

    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private Worker worker;

    /** One worker over mocks: its lanes, its transactional producer and its notice producer. */
    private final class Worker {
        final FlakyProducer producer = new FlakyProducer();
        final MockProducer<byte[], byte[]> notices =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        final MockLane normal = new MockLane("worker-parse", List.of(P0, P1), log, producer);
        final MockLane urgent = new MockLane("worker-parse-urgent", List.of(URGENT), log, producer);
        final TaskWorkerService service;

        Worker(Duration transactionSpan) {
            WorkerClients clients = new WorkerClients() {
                @Override
                public Consumer<String, byte[]> consumer(String group, String clientId) {
                    return group.endsWith("-urgent") ? urgent : normal;
                }

                @Override
                public Producer<byte[], byte[]> transactionalProducer(String clientId, String transactionalId) {
                    return producer;
                }

                @Override
                public Producer<byte[], byte[]> producer(String clientId) {
                    return notices;
                }
            };
            service = new TaskWorkerService(
                    "parse-worker-test",
                    TOPICS,
                    TOPICS.tasksParse,
                    TOPICS.tasksParseUrgent,
                    this::process,
                    new TaskWorkerService.Tuning(transactionSpan, Duration.ZERO),
                    clients);
        }

        Worker start() {
            service.start();
            return this;
        }

        private ItemResult process(ItemTask task) throws InterruptedException {
            running.add(task.getItemId());
            try {
                processed.add(task.getItemId());
                CountDownLatch latch = held.get(task.getItemId());
                if (latch != null) latch.await();
                return ItemResult.newBuilder()
                        .setJobId(task.getJobId())
                        .setItemId(task.getItemId())
                        .setStatus(ItemState.completed)
                        .setFinishedAt(Instant.now())
                        .build();
            } finally {
                running.remove(task.getItemId());
            }
        }

        /** The item ids of the results its committed transactions wrote, in order. */
        List<String> results() {
            String topic = TOPICS.itemResults.name();
            return producer.history().stream()
                    .filter(r -> r.topic().equals(topic))
                    .map(r -> TOPICS.itemResults.valueSerde().deserializer().deserialize(topic, r.value()))
                    .map(ItemResult::getItemId)
                    .toList();
        }

        /** The offsets its committed transactions gave the normal lane's group. */
        Map<TopicPartition, Long> committed() {
            Map<TopicPartition, Long> out = new HashMap<>();
            normal.committed(Set.of(P0, P1)).forEach((tp, o) -> out.put(tp, o.offset()));
            return out;
        }
    }

    @AfterEach
    void stop() {
        held.values().forEach(CountDownLatch::countDown);
        if (worker != null) worker.service.stop();
    }

    @Test
    void writesEachResultInTheTransactionThatCommitsItsOffset() {
        task(P0, "a");
        task(P0, "b");
        task(P1, "c");
        worker = new Worker(Duration.ZERO).start();

        await().atMost(Duration.ofSeconds(10)).until(() -> worker.results().size() == 3);
        assertThat(worker.results()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(worker.committed()).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 2L, P1, 1L));
        assertThat(worker.notices.history())
                .as("a processing notice per item, outside the transactions")
                .hasSize(3);
        assertThat(worker.service.ready()).isTrue();
    }

    @Test
    void tasksWaitingInTheUrgentLaneGoFirst() {
        task(P0, "normal-1");
        task(P0, "normal-2");
        task(URGENT, "urgent-1");
        task(URGENT, "urgent-2");
        worker = new Worker(Duration.ZERO).start();

        await().atMost(Duration.ofSeconds(10)).until(() -> worker.results().size() == 4);
        assertThat(processed).containsExactly("urgent-1", "urgent-2", "normal-1", "normal-2");
    }

    @Test
    void anUrgentTaskOvertakesTheNormalBacklog() {
        task(P0, "normal-1");
        task(P0, "normal-2");
        task(P0, "normal-3");
        hold("normal-1");
        worker = new Worker(Duration.ZERO);
        worker.normal.setMaxPollRecords(1);
        worker.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> running.contains("normal-1"));
        task(URGENT, "urgent-1");
        release("normal-1");

        await().atMost(Duration.ofSeconds(10)).until(() -> worker.results().size() == 4);
        assertThat(processed).containsExactly("normal-1", "urgent-1", "normal-2", "normal-3");
    }

    @Test
    void anUndecodableRecordGoesToTheDeadLettersAndTheLaneGoesOn() {
        worker = new Worker(Duration.ZERO);
        worker.normal.append(P0, "bad", "not an event".getBytes(StandardCharsets.UTF_8));
        task(P0, "good");
        worker.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> worker.results().size() == 1);
        List<ProducerRecord<byte[], byte[]>> dead = worker.producer.history().stream()
                .filter(r -> r.topic().equals(TOPICS.deadLetters.name()))
                .toList();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("bad");
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("not an event");
            assertThat(header(r, DeadLetters.TOPIC)).isEqualTo(P0.topic());
            assertThat(header(r, DeadLetters.OFFSET)).isEqualTo("0");
        });
        assertThat(worker.results()).containsExactly("good");
        assertThat(worker.committed()).containsEntry(P0, 2L);
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void aRetriableErrorAbortsRewindsAndStillCommitsEachResultOnce(Step step) {
        task(P0, "a");
        task(P0, "b");
        worker = new Worker(HOLD);
        worker.producer.failing(step, new TimeoutException("the broker did not answer in time"), 1);
        worker.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> worker.results().size() == 2);
        assertThat(worker.producer.failures()).isEqualTo(1);
        assertThat(processed).as("processed again after the rewind").containsExactly("a", "b", "a", "b");
        assertThat(worker.results()).containsExactly("a", "b");
        assertThat(worker.committed()).containsEntry(P0, 2L);
        assertThat(worker.service.ready()).isTrue();
    }

    static Stream<RuntimeException> fenced() {
        return Stream.of(
                new ProducerFencedException("another instance has this transactional id"),
                new InvalidProducerEpochException("the producer's epoch is stale"));
    }

    @ParameterizedTest
    @MethodSource("fenced")
    void aFencedProducerStopsTheWorkerWithoutCommittingOrRetrying(RuntimeException fencing) {
        task(P0, "a");
        worker = new Worker(Duration.ZERO);
        worker.producer.failing(Step.COMMIT, fencing, Integer.MAX_VALUE);
        worker.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> !worker.service.ready());
        assertThat(worker.producer.failures()).as("no retry").isEqualTo(1);
        assertThat(worker.producer.transactionAborted())
                .as("a fenced producer cannot abort")
                .isFalse();
        assertThat(worker.results()).isEmpty();
        assertThat(worker.committed()).isEmpty();
        assertThat(processed).containsExactly("a");
        assertClosed(worker);
    }

    @Test
    void aWorkerThatMayNotWriteStopsAndTheNextOneProcessesItsTasks() {
        task(P0, "a");
        task(P1, "b");
        Worker refused = new Worker(Duration.ZERO);
        refused.producer.failing(
                Step.SEND,
                new TopicAuthorizationException("not authorised to write " + TOPICS.itemResults.name()),
                Integer.MAX_VALUE);
        refused.start();
        worker = refused;

        await().atMost(Duration.ofSeconds(10)).until(() -> !refused.service.ready());
        assertThat(refused.results()).isEmpty();
        assertThat(refused.committed()).isEmpty();
        assertClosed(refused);

        worker = new Worker(Duration.ZERO).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.results().size() == 2);
        assertThat(worker.results()).containsExactlyInAnyOrder("a", "b");
        assertThat(worker.committed()).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 1L, P1, 1L));
    }

    @Test
    void stoppingCommitsWhatIsFinishedAndLeavesTheRunningTaskToTheNextOwner() {
        task(P0, "done");
        task(P0, "running");
        hold("running");
        worker = new Worker(HOLD).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> running.contains("running"));
        assertThat(worker.results()).as("waiting for company").isEmpty();

        worker.service.stop();

        assertThat(worker.service.ready()).isFalse();
        assertThat(worker.results()).containsExactly("done");
        assertThat(worker.committed()).containsExactlyEntriesOf(Map.of(P0, 1L));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(running)
                        .as("the running task was interrupted")
                        .isEmpty());
        assertClosed(worker);
    }

    @Test
    void revokedPartitionsCommitWhatIsFinishedAndDropWhatStillRuns() {
        task(P0, "done");
        task(P0, "running");
        hold("running");
        worker = new Worker(HOLD).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> running.contains("running"));

        onNextPoll(worker.normal, () -> worker.normal.rebalanceTo(List.of(P1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.results().size() == 1);
        assertThat(worker.committed())
                .as("committed before the partition moved")
                .containsExactlyEntriesOf(Map.of(P0, 1L));
        release("running");
        await().atMost(Duration.ofSeconds(10)).until(() -> !running.contains("running"));

        onNextPoll(worker.normal, () -> worker.normal.rebalanceTo(List.of(P0, P1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.results().size() == 2);
        assertThat(worker.results()).containsExactly("done", "running");
        assertThat(processed).containsExactly("done", "running", "running");
        assertThat(worker.committed()).containsExactlyEntriesOf(Map.of(P0, 2L));
    }

    @Test
    void lostPartitionsDropWhatWasFinishedOnThemForTheNextOwner() {
        task(P0, "done");
        task(P0, "running");
        hold("running");
        worker = new Worker(HOLD).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> running.contains("running"));

        onNextPoll(worker.normal, () -> worker.normal.losePartitions(List.of(P0)));
        release("running");
        await().atMost(Duration.ofSeconds(10)).until(() -> processed.size() == 2 && running.isEmpty());
        assertThat(worker.results()).isEmpty();

        onNextPoll(worker.normal, () -> worker.normal.rebalanceTo(List.of(P0, P1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.results().size() == 2);
        assertThat(worker.results()).containsExactly("done", "running");
        assertThat(processed).containsExactly("done", "running", "done", "running");
        assertThat(worker.committed()).containsExactlyEntriesOf(Map.of(P0, 2L));
    }

    /** Runs {@code change} inside the lane's next poll, on the worker's thread, as a broker's rebalance would. */
    private static void onNextPoll(MockLane lane, Runnable change) {
        CountDownLatch ran = new CountDownLatch(1);
        lane.schedulePollTask(() -> {
            change.run();
            ran.countDown();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.getCount() == 0);
    }

    private void task(TopicPartition tp, String itemId) {
        ItemTask task = ItemTask.newBuilder()
                .setJobId("bjb-mock")
                .setProjectId("proj")
                .setItemId(itemId)
                .setFileId(itemId)
                .setJobType(JobType.parse)
                .setJobConfigJson("{}")
                .setConfigHash("h")
                .setDispatchedAt(Instant.now())
                .build();
        byte[] value = TOPICS.tasksParse.valueSerde().serializer().serialize(tp.topic(), task);
        if (worker != null) {
            (tp.equals(URGENT) ? worker.urgent : worker.normal).append(tp, itemId, value);
        } else {
            log.append(tp, itemId, value);
        }
    }

    private void hold(String itemId) {
        held.put(itemId, new CountDownLatch(1));
    }

    private void release(String itemId) {
        held.get(itemId).countDown();
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static void assertClosed(Worker w) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(w.normal.closed()).isTrue();
            assertThat(w.urgent.closed()).isTrue();
            assertThat(w.producer.closed()).isTrue();
            assertThat(w.notices.closed()).isTrue();
        });
    }
}
