package dev.batch.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Trace;
import dev.batch.common.query.JobQueries;
import dev.batch.events.CancelRequested;
import dev.batch.events.DispatchedItem;
import dev.batch.events.ErrorCode;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobCommand;
import dev.batch.events.JobEvent;
import dev.batch.events.JobItem;
import dev.batch.events.JobOrigin;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import dev.batch.events.Priority;
import dev.batch.events.RetryRequested;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregatorTopologyTest {
    private static final Topics TOPICS = Topics.create(3);
    private static final String JOB = "bjb-1";

    @TempDir
    Path state;

    private TopologyTestDriver driver;
    private TestInputTopic<String, JobRequested> requests;
    private TestInputTopic<String, ItemsDispatched> dispatch;
    private TestInputTopic<String, ItemResult> results;
    private TestOutputTopic<String, JobEvent> events;
    private TestInputTopic<String, JobCommand> commands;
    private TestOutputTopic<String, ItemTask> parseTasks;
    private KeyValueStore<String, JobItem> items;
    private KeyValueStore<String, JobStatus> store;
    private Instant now = Instant.parse("2026-11-28T10:00:00Z");

    @BeforeEach
    void start() {
        // The Streams config production runs with: exactly-once, its exception handlers, its commit interval.
        Properties p =
                AggregatorStreams.props(new KafkaSettings("unused:9092", TOPICS, (short) 1), state, new Properties());
        driver = new TopologyTestDriver(AggregatorTopology.build(TOPICS), p, now);
        requests = driver.createInputTopic(
                TOPICS.jobRequests.name(),
                TOPICS.jobRequests.keySerde().serializer(),
                TOPICS.jobRequests.valueSerde().serializer());
        dispatch = driver.createInputTopic(
                TOPICS.dispatch.name(),
                TOPICS.dispatch.keySerde().serializer(),
                TOPICS.dispatch.valueSerde().serializer());
        results = driver.createInputTopic(
                TOPICS.itemResults.name(),
                TOPICS.itemResults.keySerde().serializer(),
                TOPICS.itemResults.valueSerde().serializer());
        events = driver.createOutputTopic(
                TOPICS.jobEvents.name(),
                TOPICS.jobEvents.keySerde().deserializer(),
                TOPICS.jobEvents.valueSerde().deserializer());
        store = driver.getKeyValueStore(StoreSpecs.JOB_STATUS.name());
        items = driver.getKeyValueStore(StoreSpecs.JOB_ITEMS.name());
        commands = driver.createInputTopic(
                TOPICS.jobCommands.name(),
                TOPICS.jobCommands.keySerde().serializer(),
                TOPICS.jobCommands.valueSerde().serializer());
        parseTasks = driver.createOutputTopic(
                TOPICS.tasksParse.name(),
                TOPICS.tasksParse.keySerde().deserializer(),
                TOPICS.tasksParse.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void completesJobWhenEveryItemIsProcessed() {
        request();
        page(0, List.of("a", "b"), 2, false);
        page(1, List.of("c"), 3, true);
        assertThat(status().getStatus()).isEqualTo(JobState.dispatched);
        assertThat(status().getTotalItems()).isEqualTo(3);

        result("a", ItemState.completed);
        result("b", ItemState.completed);
        assertThat(status().getStatus()).isEqualTo(JobState.dispatched);
        result("c", ItemState.completed);

        JobStatus s = status();
        assertThat(s.getStatus()).isEqualTo(JobState.completed);
        assertThat(s.getProcessedItems()).isEqualTo(3);
        assertThat(s.getCompletedAt()).isNotNull();
        assertThat(s.getStartedAt()).isNotNull();
        assertThat(events.readValuesToList())
                .extracting(JobEvent::getEventName)
                .containsExactly("parse.pending", "parse.running", "parse.dispatched", "parse.success");
    }

    @Test
    void writesEachStateChangeAtOnceAndCountersOnlyEveryHundredMilliseconds() {
        TestOutputTopic<String, JobStatus> statuses = driver.createOutputTopic(
                TOPICS.jobStatus.name(),
                TOPICS.jobStatus.keySerde().deserializer(),
                TOPICS.jobStatus.valueSerde().deserializer());
        request();
        page(0, List.of("a", "b", "c"), 3, true);
        // One record per input that changed the state (the single page took the job through running to dispatched).
        assertThat(statuses.readValuesToList())
                .extracting(JobStatus::getStatus)
                .containsExactly(JobState.pending, JobState.dispatched);
        result("a", ItemState.completed);
        result("b", ItemState.completed);
        assertThat(statuses.isEmpty()).as("counters wait for the flush").isTrue();
        driver.advanceWallClockTime(Duration.ofMillis(100));
        List<JobStatus> flushed = statuses.readValuesToList();
        assertThat(flushed).hasSize(1);
        assertThat(flushed.get(0).getProcessedItems()).isEqualTo(2);
        result("c", ItemState.completed);
        assertThat(statuses.readValuesToList()).extracting(JobStatus::getStatus).containsExactly(JobState.completed);
    }

    @Test
    void showsAnItemAsProcessingWithoutCountingIt() {
        request();
        page(0, List.of("a"), 1, true);
        result("a", ItemState.processing);
        assertThat(items.get("bjb-1/a").getStatus()).isEqualTo(ItemState.processing);
        assertThat(status().getStatus()).isEqualTo(JobState.dispatched);
        result("a", ItemState.completed);
        result("a", ItemState.processing); // a late notice does not reopen a finished item
        assertThat(items.get("bjb-1/a").getStatus()).isEqualTo(ItemState.completed);
        assertThat(status().getStatus()).isEqualTo(JobState.completed);
    }

    @Test
    void countsAnItemOnceWhenItsResultIsDeliveredTwice() {
        request();
        page(0, List.of("a", "b"), 2, true);
        result("a", ItemState.completed);
        result("a", ItemState.failed);
        assertThat(status().getProcessedItems()).isEqualTo(1);
        assertThat(status().getFailedItems()).isZero();
        assertThat(status().getStatus()).isEqualTo(JobState.dispatched);
        result("b", ItemState.completed);
        assertThat(status().getStatus()).isEqualTo(JobState.completed);
        assertThat(status().getProcessedItems()).isEqualTo(2);
    }

    @Test
    void completesJobWhenResultsArriveBeforeTheirDispatchPage() {
        result("a", ItemState.completed);
        request();
        result("b", ItemState.skipped);
        assertThat(status().getStatus()).isEqualTo(JobState.pending);
        page(0, List.of("a", "b"), 2, true);
        JobStatus s = status();
        assertThat(s.getStatus()).isEqualTo(JobState.completed);
        assertThat(s.getProcessedItems() + s.getSkippedItems()).isEqualTo(s.getTotalItems());
        assertThat(s.getProjectId()).isEqualTo("proj");
    }

    @Test
    void completesJobWithFailedItemsAsPartialSuccess() {
        request();
        page(0, List.of("a", "b"), 2, true);
        result("a", ItemState.failed);
        result("b", ItemState.completed);
        assertThat(status().getStatus()).isEqualTo(JobState.completed);
        assertThat(status().getFailedItems()).isEqualTo(1);
        assertThat(events.readValuesToList())
                .last()
                .extracting(JobEvent::getEventName)
                .isEqualTo("parse.partial_success");
    }

    @Test
    void reportsEachFailedItemWithItsErrorBeforeTheJobEnds() {
        request();
        page(0, List.of("a", "b"), 2, true);
        result("a", ItemState.failed);
        result("a", ItemState.failed); // a duplicate: not reported twice
        result("b", ItemState.completed);
        List<JobEvent> all = events.readValuesToList();
        assertThat(all)
                .extracting(JobEvent::getEventName)
                .containsExactly(
                        "parse.pending",
                        "parse.running",
                        "parse.dispatched",
                        "parse.item_failed",
                        "parse.partial_success");
        JobEvent failed = all.get(3);
        assertThat(failed.getItemId()).isEqualTo("a");
        assertThat(failed.getItemName()).isEqualTo("a.pdf");
        assertThat(failed.getErrorMessage()).isEqualTo("broken");
        assertThat(failed.getFailedItems()).isEqualTo(1);
    }

    @Test
    void reportsItemsThatFailedBeforeTheirJobRequestWasRead() {
        result("a", ItemState.failed);
        assertThat(events.readValuesToList()).isEmpty();
        request();
        assertThat(events.readValuesToList())
                .extracting(JobEvent::getEventName)
                .containsExactly("parse.pending", "parse.item_failed");
    }

    @Test
    void givesTheSecondCompletionAfterARetryItsOwnEventId() {
        request();
        page(0, List.of("a", "b", "c"), 3, true);
        result("a", ItemState.completed);
        result("b", ItemState.completed);
        result("c", ItemState.failed);
        command(new RetryRequested(null));
        result("c", ItemState.completed, 2);
        List<JobEvent> ends = events.readValuesToList().stream()
                .filter(e -> e.getStatus() == JobState.completed)
                .toList();
        assertThat(ends).extracting(JobEvent::getEventName).containsExactly("parse.partial_success", "parse.success");
        assertThat(ends.get(0).getEventId()).isNotEqualTo(ends.get(1).getEventId());
    }

    @Test
    void failsAnItemThatNeverReportsOnceTwiceItsTimeLimitAndTheGraceHavePassed() {
        request();
        page(0, List.of("a", "b"), 2, true);
        result("a", ItemState.completed);
        result("b", ItemState.processing); // and then the worker dies on it, every time
        driver.advanceWallClockTime(Duration.ofMinutes(19)); // 2 x 5 min + 10 min grace is not over yet
        assertThat(items.get("bjb-1/b").getStatus()).isEqualTo(ItemState.processing);
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        JobItem b = items.get("bjb-1/b");
        assertThat(b.getStatus()).isEqualTo(ItemState.failed);
        assertThat(b.getErrorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(b.getErrorMessage()).contains("timed out");
        JobStatus s = status();
        assertThat(s.getStatus()).isEqualTo(JobState.completed);
        assertThat(s.getProcessedItems() + s.getFailedItems()).isEqualTo(2);
        result("b", ItemState.completed); // the real result, too late: counted nowhere
        assertThat(status().getProcessedItems()).isEqualTo(1);
        assertThat(status().getFailedItems()).isEqualTo(1);
    }

    @Test
    void endsAJobThatIsNotFinishedWithinItsMaximumDurationWithCountersThatAddUp() {
        request(); // three items, only one ever dispatched and processed
        page(0, List.of("a"), 1, false);
        result("a", ItemState.completed);
        driver.advanceWallClockTime(Duration.ofHours(23));
        assertThat(status().getStatus()).isEqualTo(JobState.running);
        driver.advanceWallClockTime(Duration.ofHours(2));
        JobStatus s = status();
        assertThat(s.getStatus()).isEqualTo(JobState.completed);
        assertThat(s.getTotalItems()).isEqualTo(3);
        assertThat(s.getProcessedItems()).isEqualTo(1);
        assertThat(s.getFailedItems()).isEqualTo(2);
        assertThat(s.getErrorMessage()).contains("BATCH_JOB_MAX_DURATION");
        assertThat(items.get("bjb-1/b").getErrorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(events.readValuesToList())
                .extracting(JobEvent::getEventName)
                .contains("parse.item_failed", "parse.partial_success");
    }

    @Test
    void leavesAFinishedJobAloneWhenItsDeadlineComes() {
        request();
        page(0, List.of("a", "b", "c"), 3, true);
        result("a", ItemState.completed);
        result("b", ItemState.completed);
        result("c", ItemState.skipped);
        JobStatus done = status();
        driver.advanceWallClockTime(Duration.ofHours(25));
        assertThat(status()).isEqualTo(done);
    }

    @Test
    void failsJobWhenEveryItemFails() {
        request();
        page(0, List.of("a", "b"), 2, true);
        result("a", ItemState.failed);
        result("b", ItemState.failed);
        JobStatus s = status();
        assertThat(s.getStatus()).isEqualTo(JobState.failed);
        assertThat(s.getErrorMessage()).contains("all 2 items failed");
        assertThat(events.readValuesToList())
                .last()
                .extracting(JobEvent::getEventName)
                .isEqualTo("parse.error");
    }

    @Test
    void failsJobWhenTheSplitterRejectsIt() {
        request();
        dispatch.pipeInput(
                JOB,
                ItemsDispatched.newBuilder()
                        .setJobId(JOB)
                        .setPage(0)
                        .setItems(List.of())
                        .setTotalDispatched(0)
                        .setFinalPage(true)
                        .setErrorMessage("directory dir-x not found")
                        .setDispatchedAt(tick())
                        .build(),
                now);
        assertThat(status().getStatus()).isEqualTo(JobState.failed);
        assertThat(status().getErrorMessage()).isEqualTo("directory dir-x not found");
    }

    @Test
    void ignoresADuplicateRequest() {
        request();
        page(0, List.of("a"), 1, true);
        request();
        assertThat(status().getStatus()).isEqualTo(JobState.dispatched);
        assertThat(status().getTotalItems()).isEqualTo(1);
    }

    @Test
    void cancelsEveryUnfinishedItemAndEndsTheJobWithCountersThatAddUp() {
        requests.pipeInput(
                JOB,
                JobRequested.newBuilder()
                        .setJobId(JOB)
                        .setProjectId("proj")
                        .setJobType(JobType.parse)
                        .setJobConfigJson("{}")
                        .setDirectoryId("dir-1")
                        .setRequestedAt(tick())
                        .build(),
                now);
        page(0, List.of("a", "b"), 2, false);
        result("a", ItemState.completed);
        command(new CancelRequested("no longer needed"));
        JobStatus s = status();
        assertThat(s.getStatus()).isEqualTo(JobState.cancelled);
        assertThat(s.getTotalItems())
                .as("a directory job: the items dispatched so far")
                .isEqualTo(2);
        assertThat(s.getProcessedItems()).isEqualTo(1);
        assertThat(s.getCancelledItems()).isEqualTo(1);
        assertThat(items.get("bjb-1/b").getStatus()).isEqualTo(ItemState.cancelled);

        page(1, List.of("c"), 3, true); // pages and results after the cancel change nothing
        result("b", ItemState.completed);
        assertThat(status().getTotalItems()).isEqualTo(2);
        assertThat(status().getProcessedItems() + status().getCancelledItems()).isEqualTo(2);
        assertThat(events.readValuesToList())
                .last()
                .extracting(JobEvent::getEventName)
                .isEqualTo("parse.cancelled");
    }

    @Test
    void retriesOnlyTheFailedItemsOfAFinishedJobInTheSameJob() {
        request();
        page(0, List.of("a", "b", "c"), 3, true);
        result("a", ItemState.completed);
        result("b", ItemState.failed);
        result("c", ItemState.failed);
        assertThat(status().getStatus()).isEqualTo(JobState.completed);

        command(new RetryRequested(null));
        JobStatus reopened = status();
        assertThat(reopened.getStatus()).isEqualTo(JobState.dispatched);
        assertThat(reopened.getFailedItems()).isZero();
        assertThat(reopened.getCompletedAt()).isNull();
        var tasks = parseTasks.readValuesToList();
        assertThat(tasks).extracting(ItemTask::getItemId).containsExactlyInAnyOrder("b", "c");
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.getAttempt()).isEqualTo(2);
            assertThat(t.getFileId()).isEqualTo("file-" + t.getItemId());
        });

        result("b", ItemState.failed, 1); // a late duplicate of the first attempt is not counted
        assertThat(status().getFailedItems()).isZero();
        result("b", ItemState.completed, 2);
        result("c", ItemState.failed, 2);
        JobStatus done = status();
        assertThat(done.getStatus()).isEqualTo(JobState.completed);
        assertThat(done.getProcessedItems()).isEqualTo(2);
        assertThat(done.getFailedItems()).isEqualTo(1);
        assertThat(done.getProcessedItems() + done.getFailedItems()).isEqualTo(done.getTotalItems());
    }

    @Test
    void keepsThePriorityTheSplitterLetTheJobRunAtWithItsNoticesAndRetriesAtIt() {
        requests.pipeInput(
                JOB,
                JobRequested.newBuilder()
                        .setJobId(JOB)
                        .setProjectId("proj")
                        .setJobType(JobType.parse)
                        .setJobConfigJson("{}")
                        .setItemIds(List.of("a"))
                        .setPriority(Priority.critical)
                        .setRequestedAt(tick())
                        .build(),
                now);
        dispatch.pipeInput(
                JOB,
                ItemsDispatched.newBuilder()
                        .setJobId(JOB)
                        .setPage(0)
                        .setItems(List.of(new DispatchedItem("a", "file-a", "a.pdf")))
                        .setTotalDispatched(1)
                        .setFinalPage(true)
                        .setDispatchedAt(tick())
                        .setPriority(Priority.medium)
                        .setNotices(
                                List.of("priority 'critical' is not enabled for this project; the job runs as medium"))
                        .build(),
                now);
        assertThat(status().getPriority()).isEqualTo(Priority.medium);
        assertThat(status().getNotices())
                .containsExactly("priority 'critical' is not enabled for this project; the job runs as medium");

        result("a", ItemState.failed);
        command(new RetryRequested(null));
        assertThat(parseTasks.readValuesToList())
                .extracting(ItemTask::getPriority)
                .containsExactly(Priority.medium);
    }

    @Test
    void cancelsTheItemsOfAnItemIdsJobEvenBeforeTheyAreDispatched() {
        request();
        command(new CancelRequested(null));
        JobStatus s = status();
        assertThat(s.getStatus()).isEqualTo(JobState.cancelled);
        assertThat(s.getTotalItems()).isEqualTo(3);
        assertThat(s.getCancelledItems()).isEqualTo(3);
        page(0, List.of("a", "b", "c"), 3, true);
        assertThat(status().getTotalItems()).isEqualTo(3);
    }

    @Test
    void sendsEverythingAJobCausesWithItsCorrelationId() {
        TestOutputTopic<String, JobStatus> statuses = driver.createOutputTopic(
                TOPICS.jobStatus.name(),
                TOPICS.jobStatus.keySerde().deserializer(),
                TOPICS.jobStatus.valueSerde().deserializer());
        requests.pipeInput(
                JOB,
                JobRequested.newBuilder()
                        .setJobId(JOB)
                        .setProjectId("proj")
                        .setJobType(JobType.parse)
                        .setJobConfigJson("{}")
                        .setItemIds(List.of("a"))
                        .setCorrelationId("corr-1")
                        .setRequestedAt(tick())
                        .build(),
                now);
        page(0, List.of("a"), 1, true);
        result("a", ItemState.failed);
        command(new RetryRequested(null));

        List<Headers> sent = new ArrayList<>();
        events.readRecordsToList().forEach(r -> sent.add(r.headers()));
        statuses.readRecordsToList().forEach(r -> sent.add(r.headers()));
        parseTasks.readRecordsToList().forEach(r -> sent.add(r.headers()));
        assertThat(sent)
                .hasSizeGreaterThan(6)
                .allSatisfy(h -> assertThat(Trace.get(h, Trace.CORRELATION_ID)).isEqualTo("corr-1"));
    }

    @Test
    void ignoresCommandsForJobsItHasNotSeen() {
        command(new CancelRequested(null));
        assertThat(status()).isNull();
    }

    @Test
    void indexesEachJobUnderItsProjectOnceNewestFirst() {
        Instant t = Instant.parse("2026-11-28T09:00:00Z");
        request("bjb-old", "acme", null, t);
        request("bjb-tie", "acme", null, t.plusSeconds(60));
        request("bjb-new", "acme", null, t.plusSeconds(60));
        request("bjb-sub", "acme/sub", null, t.plusSeconds(30)); // a project whose id starts with the other's
        request("bjb-old", "acme", null, t.plusSeconds(120)); // a duplicate request changes nothing
        result("bjb-other", "a"); // a job without a request has no project yet
        List<KeyValue<String, String>> index = new ArrayList<>();
        try (KeyValueIterator<String, String> it = projectIndex().all()) {
            it.forEachRemaining(index::add);
        }
        assertThat(index).extracting(kv -> kv.value).containsExactly("bjb-new", "bjb-tie", "bjb-old", "bjb-sub");
        assertThat(index.get(0).key).isEqualTo(AggregatorTopology.projectJobKey("acme", t.plusSeconds(60), "bjb-new"));
        assertThat(index)
                .extracting(kv -> kv.key)
                .filteredOn(k -> k.startsWith(AggregatorTopology.projectJobsPrefix("acme")))
                .hasSize(3);
    }

    @Test
    void ordersProjectIndexKeysNewestFirstOverEveryInstant() {
        List<Instant> newestFirst = List.of(
                Instant.ofEpochMilli(Long.MAX_VALUE),
                Instant.parse("2026-11-28T09:00:00Z"),
                Instant.ofEpochMilli(1),
                Instant.EPOCH,
                Instant.ofEpochMilli(-1),
                Instant.ofEpochMilli(Long.MIN_VALUE));
        List<String> keys = newestFirst.stream()
                .map(at -> AggregatorTopology.projectJobKey("p", at, "bjb-1"))
                .toList();
        assertThat(keys).isSorted().doesNotHaveDuplicates();
        assertThat(AggregatorTopology.projectJobKey("p", null, "bjb-1"))
                .isEqualTo(AggregatorTopology.projectJobKey("p", Instant.EPOCH, "bjb-1"));
    }

    @Test
    void listsOnlyTheCallersProjectsJobsWithoutReadingAnotherProjects() {
        Instant t = Instant.parse("2026-11-28T09:00:00Z");
        for (int i = 0; i < 40; i++) request("bjb-b" + i, "beta", null, t.plusSeconds(i));
        request("bjb-a1", "acme", "dir-1", t.plusSeconds(5));
        requests.pipeInput(
                "bjb-a2",
                JobRequested.newBuilder()
                        .setJobId("bjb-a2")
                        .setProjectId("acme")
                        .setJobType(JobType.classify)
                        .setJobConfigJson("{}")
                        .setItemIds(List.of("x"))
                        .setRequestedAt(t.plusSeconds(7))
                        .build(),
                now);
        request("bjb-a3", "acme", null, t.plusSeconds(9));
        dispatch.pipeInput(
                "bjb-a3",
                ItemsDispatched.newBuilder()
                        .setJobId("bjb-a3")
                        .setPage(0)
                        .setItems(List.of())
                        .setTotalDispatched(0)
                        .setFinalPage(true)
                        .setErrorMessage("directory dir-x not found")
                        .setDispatchedAt(tick())
                        .build(),
                now);

        Set<String> read = new HashSet<>();
        ReadOnlyKeyValueStore<String, JobStatus> jobs = getsOnly(store, read);
        assertThat(AggregatorStreams.projectJobs(
                        projectIndex(), jobs, "acme", new JobQueries.JobFilter(null, null, null, null)))
                .extracting(JobStatus::getJobId)
                .containsExactly("bjb-a3", "bjb-a2", "bjb-a1");
        assertThat(read).containsExactlyInAnyOrder("bjb-a1", "bjb-a2", "bjb-a3");
        assertThat(AggregatorStreams.projectJobs(
                        projectIndex(), jobs, "acme", new JobQueries.JobFilter("dir-1", null, null, null)))
                .extracting(JobStatus::getJobId)
                .containsExactly("bjb-a1");
        assertThat(AggregatorStreams.projectJobs(
                        projectIndex(), jobs, "acme", new JobQueries.JobFilter(null, JobType.classify, null, null)))
                .extracting(JobStatus::getJobId)
                .containsExactly("bjb-a2");
        assertThat(AggregatorStreams.projectJobs(
                        projectIndex(), jobs, "acme", new JobQueries.JobFilter(null, null, JobState.failed, null)))
                .extracting(JobStatus::getJobId)
                .containsExactly("bjb-a3");
        assertThat(read).allMatch(id -> id.startsWith("bjb-a"));
        read.clear();
        assertThat(AggregatorStreams.projectJobs(
                        projectIndex(), jobs, "acm", new JobQueries.JobFilter(null, null, null, null)))
                .isEmpty();
        assertThat(read).isEmpty();
    }

    @Test
    void copiesTheRequestsOriginIntoTheJobsStatusAndListsJobsByOrigin() {
        Instant t = Instant.parse("2026-11-28T09:00:00Z");
        request("bjb-batch", "acme", null, t);
        requests.pipeInput(
                "bjb-v2",
                JobRequested.newBuilder()
                        .setJobId("bjb-v2")
                        .setProjectId("acme")
                        .setJobType(JobType.classify)
                        .setJobConfigJson("{}")
                        .setItemIds(List.of("x"))
                        .setRequestedAt(t.plusSeconds(1))
                        .setOrigin(JobOrigin.classify_v2)
                        .build(),
                now);

        assertThat(store.get("bjb-v2").getOrigin()).isEqualTo(JobOrigin.classify_v2);
        assertThat(store.get("bjb-batch").getOrigin()).isEqualTo(JobOrigin.batch);
        assertThat(AggregatorStreams.projectJobs(
                        projectIndex(), store, "acme", new JobQueries.JobFilter(null, null, null, JobOrigin.batch)))
                .extracting(JobStatus::getJobId)
                .containsExactly("bjb-batch");
        assertThat(AggregatorStreams.projectJobs(
                        projectIndex(),
                        store,
                        "acme",
                        new JobQueries.JobFilter(null, null, null, JobOrigin.classify_v2)))
                .extracting(JobStatus::getJobId)
                .containsExactly("bjb-v2");
        assertThat(AggregatorStreams.projectJobs(
                        projectIndex(), store, "acme", new JobQueries.JobFilter(null, null, null, null)))
                .extracting(JobStatus::getJobId)
                .containsExactlyInAnyOrder("bjb-batch", "bjb-v2");
    }

    /** The job store as a listing may read it: key by key; a scan fails the test. */
    private static ReadOnlyKeyValueStore<String, JobStatus> getsOnly(
            ReadOnlyKeyValueStore<String, JobStatus> store, Set<String> read) {
        return new ReadOnlyKeyValueStore<>() {
            @Override
            public JobStatus get(String key) {
                read.add(key);
                return store.get(key);
            }

            @Override
            public KeyValueIterator<String, JobStatus> range(String from, String to) {
                throw new AssertionError("the listing scanned the job store from " + from + " to " + to);
            }

            @Override
            public KeyValueIterator<String, JobStatus> all() {
                throw new AssertionError("the listing scanned the whole job store");
            }

            @Override
            public <PS extends Serializer<P>, P> KeyValueIterator<String, JobStatus> prefixScan(
                    P prefix, PS serializer) {
                throw new AssertionError("the listing scanned the job store for " + prefix);
            }

            @Override
            public long approximateNumEntries() {
                return store.approximateNumEntries();
            }
        };
    }

    private KeyValueStore<String, String> projectIndex() {
        return driver.getKeyValueStore(StoreSpecs.JOB_PROJECT_INDEX.name());
    }

    private void request(String jobId, String projectId, String directoryId, Instant requestedAt) {
        requests.pipeInput(
                jobId,
                JobRequested.newBuilder()
                        .setJobId(jobId)
                        .setProjectId(projectId)
                        .setJobType(JobType.parse)
                        .setJobConfigJson("{}")
                        .setDirectoryId(directoryId)
                        .setItemIds(directoryId == null ? List.of("a") : null)
                        .setRequestedAt(requestedAt)
                        .build(),
                now);
    }

    private void result(String jobId, String item) {
        results.pipeInput(
                jobId,
                ItemResult.newBuilder()
                        .setJobId(jobId)
                        .setItemId(item)
                        .setStatus(ItemState.completed)
                        .setFinishedAt(tick())
                        .build(),
                now);
    }

    private void command(Object c) {
        commands.pipeInput(
                JOB,
                JobCommand.newBuilder()
                        .setJobId(JOB)
                        .setProjectId("proj")
                        .setCommand(c)
                        .setRequestedAt(tick())
                        .build(),
                now);
    }

    private void result(String item, ItemState state, int attempt) {
        results.pipeInput(
                JOB,
                ItemResult.newBuilder()
                        .setJobId(JOB)
                        .setItemId(item)
                        .setStatus(state)
                        .setAttempt(attempt)
                        .setErrorMessage(state == ItemState.failed ? "broken" : null)
                        .setFinishedAt(tick())
                        .build(),
                now);
    }

    private void request() {
        requests.pipeInput(
                JOB,
                JobRequested.newBuilder()
                        .setJobId(JOB)
                        .setProjectId("proj")
                        .setJobType(JobType.parse)
                        .setJobConfigJson("{}")
                        .setItemIds(List.of("a", "b", "c"))
                        .setRequestedAt(tick())
                        .build(),
                now);
    }

    private void page(int page, List<String> ids, long total, boolean last) {
        dispatch.pipeInput(
                JOB,
                ItemsDispatched.newBuilder()
                        .setJobId(JOB)
                        .setPage(page)
                        .setItems(ids.stream()
                                .map(id -> new DispatchedItem(id, "file-" + id, id + ".pdf"))
                                .toList())
                        .setTotalDispatched(total)
                        .setFinalPage(last)
                        .setDispatchedAt(tick())
                        .build(),
                now);
    }

    private void result(String item, ItemState state) {
        results.pipeInput(
                JOB,
                ItemResult.newBuilder()
                        .setJobId(JOB)
                        .setItemId(item)
                        .setStatus(state)
                        .setErrorMessage(state == ItemState.failed ? "broken" : null)
                        .setFinishedAt(tick())
                        .build(),
                now);
    }

    private Instant tick() {
        now = now.plusSeconds(1);
        return now;
    }

    private JobStatus status() {
        return store.get(JOB);
    }
}
