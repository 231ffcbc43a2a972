package dev.batch.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.jobs.TimeLimit;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.Topics;
import dev.batch.events.CancelRequested;
import dev.batch.events.DispatchedItem;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobCommand;
import dev.batch.events.JobItem;
import dev.batch.events.JobRemoval;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import dev.batch.events.PurgeRequested;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The aggregator's topology removing finished jobs when their retention ends, or when deleted. */
class RetentionTopologyTest {
    private static final Topics TOPICS = Topics.create(3);
    private static final String JOB = "bjb-1";
    private static final String PROJECT = "proj";
    private static final Duration RETENTION = Duration.ofDays(30);
    /** A watchdog that never ends a running job in these tests' time. */
    private static final Watchdog PATIENT = new Watchdog(
            new TimeLimit.Policy(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMinutes(1)),
            Duration.ofDays(1000),
            Duration.ofDays(1000));

    @TempDir
    Path state;

    private final List<String> cleaned = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, JobRequested> requests;
    private TestInputTopic<String, ItemsDispatched> dispatch;
    private TestInputTopic<String, ItemResult> results;
    private TestInputTopic<String, JobCommand> commands;
    private TestOutputTopic<String, JobStatus> statuses;
    private TestOutputTopic<String, JobRemoval> removals;
    private Instant now = Instant.parse("2026-11-28T10:00:00Z");

    @BeforeEach
    void start() {
        Properties p =
                AggregatorStreams.props(new KafkaSettings("unused:9092", TOPICS, (short) 1), state, new Properties());
        // The aggregator only says what is removed: a blob deleted on its stream thread would hold every job's status.
        Retention retention = new Retention(RETENTION, new Retention.JobBlobCleaner() {
            @Override
            public List<String> deleteItems(String projectId, String jobId, List<String> itemIds) throws IOException {
                throw new IOException("the stream thread deleted blobs of " + jobId);
            }

            @Override
            public void deleteJob(String projectId, String jobId) throws IOException {
                throw new IOException("the stream thread deleted blobs of " + jobId);
            }
        });
        driver = new TopologyTestDriver(AggregatorTopology.build(TOPICS, PATIENT, retention), p, now);
        requests = input(TOPICS.jobRequests.name(), TOPICS.jobRequests.valueSerde());
        dispatch = input(TOPICS.dispatch.name(), TOPICS.dispatch.valueSerde());
        results = input(TOPICS.itemResults.name(), TOPICS.itemResults.valueSerde());
        commands = input(TOPICS.jobCommands.name(), TOPICS.jobCommands.valueSerde());
        statuses = driver.createOutputTopic(
                TOPICS.jobStatus.name(),
                TOPICS.jobStatus.keySerde().deserializer(),
                TOPICS.jobStatus.valueSerde().deserializer());
        removals = driver.createOutputTopic(
                TOPICS.jobRemovals.name(),
                TOPICS.jobRemovals.keySerde().deserializer(),
                TOPICS.jobRemovals.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void removesAFinishedJobEverywhereOnceItsRetentionHasPassedAndNotBefore() {
        finishedJob(JOB);
        advance(RETENTION.minusHours(1));
        assertThat(stored(JOB)).as("kept until its retention ends").isTrue();
        assertThat(deadlinesOf(JOB)).as("the watchdog's deadline of the job").hasSize(1);
        assertThat(cleaned()).isEmpty();
        statuses.readKeyValuesToList();

        advance(Duration.ofHours(2));
        assertThat(stored(JOB)).as("removed once its retention ended").isFalse();
        assertThat(cleaned()).containsExactly(PROJECT + "/" + JOB + "/[a, b]");
        assertThat(deadlinesOf(JOB)).as("its deadline goes with it").isEmpty();
        KeyValueStore<String, String> watchdog = driver.getKeyValueStore(StoreSpecs.WATCHDOG.name());
        assertThat(watchdog.approximateNumEntries())
                .as("nothing else of it in the watchdog")
                .isZero();
        assertThat(statuses.readKeyValuesToList()).containsExactly(KeyValue.pair(JOB, null));
    }

    @Test
    void neverRemovesARunningJob() {
        request(JOB, PROJECT);
        page(JOB, List.of("a", "b"));
        result(JOB, "a", ItemState.completed);
        assertThat(status(JOB).getStatus()).isEqualTo(JobState.dispatched);
        advance(RETENTION.multipliedBy(3));
        purge(JOB, PROJECT);
        assertThat(stored(JOB))
                .as("a running job is neither expired nor deleted")
                .isTrue();
        assertThat(cleaned()).isEmpty();

        // Finished at last, its retention counts from its end, not its start.
        result(JOB, "b", ItemState.completed);
        advance(RETENTION.minusDays(1));
        assertThat(stored(JOB)).isTrue();
        advance(Duration.ofDays(2));
        assertThat(stored(JOB)).isFalse();
    }

    @Test
    void removesAFinishedJobAtOnceOnAPurgeOfItsOwnProjectOnly() {
        finishedJob(JOB);
        purge(JOB, "another-project");
        assertThat(stored(JOB)).as("another project's purge removes nothing").isTrue();
        purge(JOB, PROJECT);
        assertThat(stored(JOB)).isFalse();
        assertThat(cleaned()).containsExactly(PROJECT + "/" + JOB + "/[a, b]");
    }

    @Test
    void removesACancelledJobAndLeavesTheOtherJobsAlone() {
        finishedJob("bjb-2");
        request(JOB, PROJECT);
        page(JOB, List.of("a", "b"));
        commands.pipeInput(JOB, command(JOB, PROJECT, new CancelRequested("stop")), now);
        assertThat(status(JOB).getStatus()).isEqualTo(JobState.cancelled);
        purge(JOB, PROJECT);
        assertThat(stored(JOB)).isFalse();
        assertThat(stored("bjb-2")).isTrue();
        assertThat(projectIndex()).containsExactly("bjb-2");
    }

    @Test
    void aLateResultOfARemovedJobHasItsItemsBlobsRemovedInTheJobsProjectWithoutMakingTheJobAgain() {
        finishedJob(JOB);
        purge(JOB, PROJECT);
        assertThat(cleaned()).containsExactly(PROJECT + "/" + JOB + "/[a, b]");
        results.pipeInput(JOB, processing(JOB, "c"), now); // a worker that was still busy with the job
        result(JOB, "c", ItemState.completed);
        assertThat(status(JOB)).as("not made again").isNull();
        assertThat(stored(JOB)).isFalse();
        assertThat(cleaned()).containsExactly(PROJECT + "/" + JOB + "/[a, b]", PROJECT + "/" + JOB + "/[c]");

        advance(RETENTION.plusHours(1));
        result(JOB, "d", ItemState.completed);
        assertThat(cleaned()).as("known as removed for a retention").hasSize(2);
        assertThat(status(JOB))
                .as("a job without request, as any result that comes first")
                .isNotNull();
        advance(RETENTION.plusHours(1));
        assertThat(status(JOB))
                .as("removed once it stayed without request for a retention")
                .isNull();
        assertThat(cleaned())
                .as("the result's blobs go under the project its task named")
                .containsExactly(
                        PROJECT + "/" + JOB + "/[a, b]", PROJECT + "/" + JOB + "/[c]", PROJECT + "/" + JOB + "/[d]");
        advance(RETENTION.plusHours(1)); // past the mark that removal left
        KeyValueStore<String, String> retention = driver.getKeyValueStore(StoreSpecs.JOB_RETENTION.name());
        try (KeyValueIterator<String, String> it = retention.all()) {
            assertThat(it.hasNext()).as("nothing of it kept").isFalse();
        }
    }

    @Test
    void keepsTheBlobsOfAResultOfAnUnknownJobThatNamesNoProject() {
        results.pipeInput(JOB, result(JOB, "a", ItemState.completed, null), now); // from a producer before project_id
        results.pipeInput("bjb-2", result("bjb-2", "a", ItemState.completed, "other"), now);
        advance(RETENTION.plusHours(1));
        assertThat(status(JOB)).isNull();
        assertThat(status("bjb-2")).isNull();
        assertThat(cleaned()).as("only the one whose project is known").containsExactly("other/bjb-2/[a]");
    }

    @Test
    void removesAJobThatALateResultMadeAgainBeforeWithItsBlobsInTheProjectOfItsRemoval() {
        KeyValueStore<String, JobStatus> jobs = driver.getKeyValueStore(StoreSpecs.JOB_STATUS.name());
        jobs.put(
                JOB,
                JobStatus.newBuilder().setJobId(JOB).setStatus(JobState.pending).build());
        KeyValueStore<String, String> queue = driver.getKeyValueStore(StoreSpecs.JOB_RETENTION.name());
        queue.put(RetentionQueue.key(now.plus(RETENTION), JOB), PROJECT); // the due entry its removal left
        result(JOB, "a", ItemState.completed);
        advance(RETENTION.plusHours(1));
        assertThat(status(JOB)).isNull();
        assertThat(cleaned()).containsExactly(PROJECT + "/" + JOB + "/[a]");
    }

    @Test
    void theWatchdogForgetsAnItemsDeadlineOnceTheItemFinishes() {
        request(JOB, PROJECT);
        page(JOB, List.of("a", "b"));
        for (ItemState state : List.of(ItemState.processing, ItemState.completed)) {
            results.pipeInput(
                    JOB,
                    ItemResult.newBuilder()
                            .setJobId(JOB)
                            .setItemId("a")
                            .setStatus(state)
                            .setStartedAt(now.minusMillis(300))
                            .setFinishedAt(tick())
                            .build(),
                    now);
            if (state == ItemState.processing) assertThat(deadlinesOf(JOB)).hasSize(2); // the job's and a's
        }
        assertThat(deadlinesOf(JOB)).as("only the job's own").hasSize(1);
    }

    @Test
    void removesAFinishedJobKeptFromBeforeRetentionExisted() {
        KeyValueStore<String, JobStatus> jobs = driver.getKeyValueStore(StoreSpecs.JOB_STATUS.name());
        jobs.put(
                "bjb-old",
                JobStatus.newBuilder()
                        .setJobId("bjb-old")
                        .setProjectId(PROJECT)
                        .setStatus(JobState.completed)
                        .setCreatedAt(now)
                        .setCompletedAt(now)
                        .build());
        advance(Duration.ofMinutes(2));
        assertThat(status("bjb-old")).as("kept for its retention").isNotNull();
        advance(RETENTION);
        assertThat(status("bjb-old")).isNull();
    }

    /** The removals the aggregator wrote for the blob remover so far, as {@code <project>/<job>/<items>}, last parts only. */
    private List<String> cleaned() {
        for (JobRemoval r : removals.readValuesToList()) {
            if (r.getLast()) cleaned.add(r.getProjectId() + "/" + r.getJobId() + "/" + r.getItemIds());
        }
        return cleaned;
    }

    /** Whether any store still holds something of the job. */
    private boolean stored(String jobId) {
        KeyValueStore<String, JobItem> items = driver.getKeyValueStore(StoreSpecs.JOB_ITEMS.name());
        KeyValueStore<String, JobRequested> reqs = driver.getKeyValueStore(StoreSpecs.JOB_REQUESTS.name());
        boolean anyItem = items.get(AggregatorTopology.itemKey(jobId, "a")) != null
                || items.get(AggregatorTopology.itemKey(jobId, "b")) != null;
        boolean stored = status(jobId) != null || anyItem || reqs.get(jobId) != null;
        assertThat(projectIndex().contains(jobId))
                .as("the project index agrees")
                .isEqualTo(stored);
        return stored;
    }

    private List<String> deadlinesOf(String jobId) {
        KeyValueStore<String, String> watchdog = driver.getKeyValueStore(StoreSpecs.WATCHDOG.name());
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> it = watchdog.all()) {
            it.forEachRemaining(kv -> {
                boolean deadline = Character.isDigit(kv.key.charAt(0)); // not the index of jobs' deadlines
                if (deadline && (kv.key.contains("/" + jobId + "/") || kv.key.endsWith("/" + jobId))) keys.add(kv.key);
            });
        }
        return keys;
    }

    private List<String> projectIndex() {
        KeyValueStore<String, String> index = driver.getKeyValueStore(StoreSpecs.JOB_PROJECT_INDEX.name());
        List<String> jobs = new ArrayList<>();
        try (KeyValueIterator<String, String> it = index.all()) {
            while (it.hasNext()) jobs.add(it.next().value);
        }
        return jobs;
    }

    private JobStatus status(String jobId) {
        KeyValueStore<String, JobStatus> jobs = driver.getKeyValueStore(StoreSpecs.JOB_STATUS.name());
        return jobs.get(jobId);
    }

    private void finishedJob(String jobId) {
        request(jobId, PROJECT);
        page(jobId, List.of("a", "b"));
        result(jobId, "a", ItemState.completed);
        result(jobId, "b", ItemState.failed);
        assertThat(status(jobId).getStatus()).isEqualTo(JobState.completed);
    }

    private void purge(String jobId, String projectId) {
        commands.pipeInput(jobId, command(jobId, projectId, new PurgeRequested("deleted")), now);
    }

    private JobCommand command(String jobId, String projectId, Object command) {
        return JobCommand.newBuilder()
                .setJobId(jobId)
                .setProjectId(projectId)
                .setCommand(command)
                .setRequestedAt(tick())
                .build();
    }

    private void request(String jobId, String projectId) {
        requests.pipeInput(
                jobId,
                JobRequested.newBuilder()
                        .setJobId(jobId)
                        .setProjectId(projectId)
                        .setJobType(JobType.parse)
                        .setJobConfigJson("{}")
                        .setItemIds(List.of("a", "b"))
                        .setRequestedAt(tick())
                        .build(),
                now);
    }

    private void page(String jobId, List<String> ids) {
        dispatch.pipeInput(
                jobId,
                ItemsDispatched.newBuilder()
                        .setJobId(jobId)
                        .setPage(0)
                        .setItems(ids.stream()
                                .map(id -> new DispatchedItem(id, "file-" + id, id + ".pdf"))
                                .toList())
                        .setTotalDispatched(ids.size())
                        .setFinalPage(true)
                        .setDispatchedAt(tick())
                        .build(),
                now);
    }

    private void result(String jobId, String item, ItemState state) {
        results.pipeInput(jobId, result(jobId, item, state, PROJECT), now);
    }

    /** A worker's result, naming its task's project as workers do. */
    private ItemResult result(String jobId, String item, ItemState state, String projectId) {
        return ItemResult.newBuilder()
                .setJobId(jobId)
                .setItemId(item)
                .setProjectId(projectId)
                .setStatus(state)
                .setErrorMessage(state == ItemState.failed ? "broken" : null)
                .setFinishedAt(tick())
                .build();
    }

    private ItemResult processing(String jobId, String item) {
        return ItemResult.newBuilder()
                .setJobId(jobId)
                .setItemId(item)
                .setStatus(ItemState.processing)
                .setStartedAt(now)
                .setFinishedAt(tick())
                .build();
    }

    private <V> TestInputTopic<String, V> input(String topic, Serde<V> serde) {
        return driver.createInputTopic(topic, TOPICS.jobRequests.keySerde().serializer(), serde.serializer());
    }

    /** Time passes for the wall clock and the records alike. */
    private void advance(Duration d) {
        now = now.plus(d);
        driver.advanceWallClockTime(d);
    }

    private Instant tick() {
        now = now.plusSeconds(1);
        return now;
    }
}
