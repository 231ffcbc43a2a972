package dev.batch.splitter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.Topics;
import dev.batch.events.CancelRequested;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemTask;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobCommand;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import dev.batch.events.Priority;
import dev.batch.testkit.InMemoryCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitterTopologyTest {
    private static final Topics TOPICS = Topics.create(3);
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @TempDir
    Path state;

    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private TopologyTestDriver driver;
    private TestInputTopic<String, JobRequested> requests;
    private TestInputTopic<String, JobCommand> commands;
    private TestInputTopic<String, JobStatus> status;
    private TestOutputTopic<String, ItemTask> parseTasks;
    private TestOutputTopic<String, ItemTask> parseTasksUrgent;
    private TestOutputTopic<String, ItemTask> classifyTasks;
    private TestOutputTopic<String, ItemsDispatched> dispatch;

    @BeforeEach
    void start() {
        start(100_000, JobRequestValidator.permissive());
    }

    /** The splitter with a window of at least {@code minWindow} items per job, under {@code rules}. */
    private void start(int minWindow, JobRequestValidator rules) {
        if (driver != null) driver.close();
        Properties p = SplitterService.props(new KafkaSettings("unused:9092", TOPICS, (short) 1), state);
        driver = new TopologyTestDriver(
                SplitterTopology.build(
                        TOPICS,
                        catalog,
                        new SplitterSettings(
                                Duration.ofMillis(50),
                                5000,
                                Duration.ofSeconds(60),
                                Duration.ofSeconds(5),
                                minWindow,
                                Duration.ofSeconds(2),
                                Duration.ofMillis(500)),
                        rules),
                p,
                T0);
        requests = driver.createInputTopic(
                TOPICS.jobRequests.name(),
                TOPICS.jobRequests.keySerde().serializer(),
                TOPICS.jobRequests.valueSerde().serializer());
        commands = driver.createInputTopic(
                TOPICS.jobCommands.name(),
                TOPICS.jobCommands.keySerde().serializer(),
                TOPICS.jobCommands.valueSerde().serializer());
        status = driver.createInputTopic(
                TOPICS.jobStatus.name(),
                TOPICS.jobStatus.keySerde().serializer(),
                TOPICS.jobStatus.valueSerde().serializer());
        parseTasks = output(TOPICS.tasksParse.name());
        parseTasksUrgent = output(TOPICS.tasksParseUrgent.name());
        classifyTasks = output(TOPICS.tasksClassify.name());
        dispatch = driver.createOutputTopic(
                TOPICS.dispatch.name(),
                TOPICS.dispatch.keySerde().deserializer(),
                TOPICS.dispatch.valueSerde().deserializer());
    }

    private TestOutputTopic<String, ItemTask> output(String topic) {
        return driver.createOutputTopic(
                topic,
                TOPICS.tasksParse.keySerde().deserializer(),
                TOPICS.tasksParse.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void emitsOneTaskPerItemKeyedByItemIdAndPagesOfProgress() {
        requests.pipeInput("bjb-1", items("bjb-1", JobType.parse, List.of("f1", "f2", "f3", "f4", "f5"), 2));

        var tasks = parseTasks.readKeyValuesToList();
        assertThat(tasks).extracting(kv -> kv.key).containsExactly("f1", "f2", "f3", "f4", "f5");
        assertThat(tasks).allSatisfy(kv -> {
            assertThat(kv.value.getJobId()).isEqualTo("bjb-1");
            assertThat(kv.value.getFileId()).isEqualTo(kv.key);
            assertThat(kv.value.getConfigHash()).hasSize(64);
        });
        var pages = dispatch.readValuesToList();
        assertThat(pages).extracting(ItemsDispatched::getTotalDispatched).containsExactly(2L, 4L, 5L);
        assertThat(pages).extracting(ItemsDispatched::getFinalPage).containsExactly(false, false, true);
        assertThat(classifyTasks.isEmpty()).isTrue();
        assertThat(parseTasksUrgent.isEmpty()).isTrue();
    }

    @Test
    void sendsHighAndCriticalPriorityTasksToTheUrgentLane() {
        JobRequested critical = items("bjb-p", JobType.parse, List.of("f1"), 100);
        critical.setPriority(Priority.critical);
        requests.pipeInput("bjb-p", critical);
        assertThat(parseTasksUrgent.readValue().getPriority()).isEqualTo(Priority.critical);
        assertThat(parseTasks.isEmpty()).isTrue();
    }

    @Test
    void routesClassifyJobsToTheClassifyTasks() {
        JobRequested classify = items("bjb-2", JobType.classify, List.of("f1"), 100);
        classify.setJobConfigJson("{\"rules\": [{\"type\": \"invoice\", \"description\": \"a bill\"}]}");
        requests.pipeInput("bjb-2", classify);
        assertThat(keys(classifyTasks)).containsExactly("f1");
        assertThat(parseTasks.isEmpty()).isTrue();
    }

    @Test
    void countsAnIdListedTwiceAsOneItem() {
        requests.pipeInput("bjb-3", items("bjb-3", JobType.parse, List.of("f1", "f2", "f1"), 100));
        assertThat(keys(parseTasks)).containsExactly("f1", "f2");
        assertThat(dispatch.readValue().getTotalDispatched()).isEqualTo(2);
    }

    @Test
    void dispatchesARepeatedRequestOnlyOnce() {
        requests.pipeInput("bjb-4", items("bjb-4", JobType.parse, List.of("f1"), 100));
        requests.pipeInput("bjb-4", items("bjb-4", JobType.parse, List.of("f1"), 100));
        assertThat(keys(parseTasks)).containsExactly("f1");
        assertThat(dispatch.readValuesToList()).hasSize(1);
    }

    @Test
    void forgetsARemovedJobOnItsStatusTombstoneAndNoOtherJob() {
        requests.pipeInput("bjb-r1", items("bjb-r1", JobType.parse, List.of("f1"), 100));
        requests.pipeInput("bjb-r2", items("bjb-r2", JobType.parse, List.of("f1"), 100));
        KeyValueStore<String, Long> seen = driver.getKeyValueStore(StoreSpecs.SPLITTER_SEEN.name());
        assertThat(seen.get("bjb-r1")).isNotNull();
        status.pipeInput("bjb-r1", (JobStatus) null);
        assertThat(seen.get("bjb-r1")).as("a removed job is not kept as seen").isNull();
        assertThat(seen.get("bjb-r2")).isNotNull();
    }

    @Test
    void rejectsARequestWithoutItemsAsAFinalPageWithAnError() {
        requests.pipeInput("bjb-5", items("bjb-5", JobType.parse, List.of(), 100));
        ItemsDispatched page = dispatch.readValue();
        assertThat(page.getFinalPage()).isTrue();
        assertThat(page.getTotalDispatched()).isZero();
        assertThat(page.getErrorMessage()).isEqualTo("item_ids: must not be empty");
        assertThat(parseTasks.isEmpty()).isTrue();
    }

    @Test
    void rejectsAnUnsupportedJobTypeAndAConfigThatIsNotJson() {
        requests.pipeInput("bjb-6", items("bjb-6", JobType.extract, List.of("f1"), 100));
        assertThat(dispatch.readValue().getErrorMessage())
                .isEqualTo("job_type: is 'extract' but job_config is a parse config");
        JobRequested broken = items("bjb-7", JobType.parse, List.of("f1"), 100);
        broken.setJobConfigJson("{not json");
        requests.pipeInput("bjb-7", broken);
        assertThat(dispatch.readValue().getErrorMessage()).startsWith("job_config: is not valid JSON");
    }

    @Test
    void pagesThroughADirectoryAtMostThresholdItemsPerTickSkippingDeletedFiles() {
        directory("dir-a", 25);
        catalog.directoryFiles.get("dir-a/dfl-007").setDeletedAt(T0);
        JobRequested r = directoryJob("bjb-d", "dir-a", 4);
        r.setContinueAsNewThreshold(8);
        requests.pipeInput("bjb-d", r);
        // The first threshold's worth at once, then as much per tick.
        assertThat(dispatch.readValuesToList())
                .extracting(ItemsDispatched::getTotalDispatched)
                .containsExactly(4L, 8L);
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(dispatch.readValuesToList())
                .extracting(ItemsDispatched::getTotalDispatched)
                .containsExactly(12L, 16L);
        driver.advanceWallClockTime(Duration.ofMillis(60));
        driver.advanceWallClockTime(Duration.ofMillis(60));
        List<ItemsDispatched> rest = dispatch.readValuesToList();
        assertThat(rest.get(rest.size() - 1).getFinalPage()).isTrue();
        assertThat(rest.get(rest.size() - 1).getTotalDispatched()).isEqualTo(24);

        var tasks = parseTasks.readValuesToList();
        assertThat(tasks).hasSize(24);
        assertThat(tasks)
                .extracting(ItemTask::getItemId)
                .doesNotHaveDuplicates()
                .doesNotContain("dfl-007");
        assertThat(tasks.get(0).getFileId()).isEqualTo("file-000");
        assertThat(tasks.get(0).getItemName()).isEqualTo("doc-000.pdf");

        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(dispatch.isEmpty()).isTrue(); // done: no more pages
    }

    @Test
    void finishesAnEmptyDirectoryJobWithOneFinalEmptyPage() {
        directory("dir-empty", 0);
        requests.pipeInput("bjb-e", directoryJob("bjb-e", "dir-empty", 100));
        driver.advanceWallClockTime(Duration.ofMillis(60));
        ItemsDispatched page = dispatch.readValue();
        assertThat(page.getFinalPage()).isTrue();
        assertThat(page.getTotalDispatched()).isZero();
        assertThat(page.getErrorMessage()).isNull();
    }

    @Test
    void rejectsADirectoryJobWhoseDirectoryIsMissingOrAnotherProjects() {
        requests.pipeInput("bjb-m", directoryJob("bjb-m", "dir-missing", 100));
        directory("dir-other", 1);
        catalog.directories.get("dir-other").setProjectId("someone-else");
        requests.pipeInput("bjb-o", directoryJob("bjb-o", "dir-other", 100));
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(dispatch.readValuesToList())
                .extracting(ItemsDispatched::getErrorMessage)
                .containsExactlyInAnyOrder("directory 'dir-missing' not found", "directory 'dir-other' not found");
    }

    @Test
    void waitsForTheCatalogToReachTheJobsWatermark() {
        directory("dir-w", 3);
        JobRequested r = directoryJob("bjb-w", "dir-w", 100);
        r.setCatalogWatermark(Map.of("0", 10L));
        requests.pipeInput("bjb-w", r);
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(dispatch.isEmpty()).isTrue();
        catalog.position.put(0, 10L);
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(dispatch.readValue().getTotalDispatched()).isEqualTo(3);
    }

    @Test
    void stopsPagingADirectoryJobWhenItIsCancelled() {
        directory("dir-c", 50);
        JobRequested r = directoryJob("bjb-c", "dir-c", 10);
        requests.pipeInput("bjb-c", r);
        assertThat(dispatch.readValuesToList()).hasSize(1);
        commands.pipeInput(
                "bjb-c",
                JobCommand.newBuilder()
                        .setJobId("bjb-c")
                        .setProjectId("proj")
                        .setCommand(new CancelRequested("stop"))
                        .setRequestedAt(T0)
                        .build());
        driver.advanceWallClockTime(Duration.ofMillis(60));
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(dispatch.isEmpty()).isTrue();
        assertThat(parseTasks.readValuesToList()).hasSize(10);
    }

    @Test
    void failsAJobNamingAnotherProjectsFileWithoutCopyingItsName() {
        file("theirs", "someone-else");
        JobRequested r = items("bjb-x", JobType.parse, List.of("mine"), 100);
        r.setItemIds(List.of("mine", "theirs"));
        requests.pipeInput("bjb-x", r);
        assertThat(dispatch.isEmpty())
                .as("it waits a moment for a file uploaded through another instance")
                .isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(6));
        ItemsDispatched page = dispatch.readValue();
        assertThat(page.getErrorMessage()).isEqualTo("item_ids: unknown ids theirs");
        assertThat(page.getItems()).isEmpty();
        assertThat(parseTasks.isEmpty()).isTrue();
        assertThat(page.toString()).doesNotContain("theirs-name.pdf");
    }

    @Test
    void dispatchesDirectoryFileIdsAsItemsThatKeepTheirIdsAndReadTheirFiles() {
        directory("dir-a", 2);
        file("file-001", "proj");
        JobRequested r = items("bjb-dfl", JobType.parse, List.of("f1"), 100);
        r.setItemIds(List.of("dfl-001", "f1"));
        requests.pipeInput("bjb-dfl", r);

        var tasks = parseTasks.readKeyValuesToList();
        assertThat(tasks).extracting(kv -> kv.key).containsExactly("dfl-001", "f1");
        assertThat(tasks).extracting(kv -> kv.value.getFileId()).containsExactly("file-001", "f1");
        assertThat(dispatch.readValue().getItems())
                .extracting(i -> i.getItemId() + " " + i.getFileId() + " " + i.getItemName())
                .containsExactly("dfl-001 file-001 doc-001.pdf", "f1 f1 f1-name.pdf");
    }

    @Test
    void failsAJobNamingADeletedOrAnotherProjectsDirectoryFile() {
        directory("dir-a", 2);
        file("file-000", "proj");
        file("file-001", "proj");
        catalog.directoryFiles.get("dir-a/dfl-000").setDeletedAt(T0);
        catalog.directoryFiles.get("dir-a/dfl-001").setProjectId("someone-else");
        JobRequested r = items("bjb-dfl-x", JobType.parse, List.of(), 100);
        r.setItemIds(List.of("dfl-000", "dfl-001"));
        requests.pipeInput("bjb-dfl-x", r);

        driver.advanceWallClockTime(Duration.ofSeconds(6));
        assertThat(dispatch.readValue().getErrorMessage()).isEqualTo("item_ids: unknown ids dfl-000, dfl-001");
        assertThat(parseTasks.isEmpty()).isTrue();
    }

    @Test
    void dispatchesAJobOnceTheCatalogShowsAFileUploadedAMomentAgo() {
        requests.pipeInput(
                "bjb-late",
                JobRequested.newBuilder(items("bjb-late", JobType.parse, List.of(), 100))
                        .setItemIds(List.of("late"))
                        .build());
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(dispatch.isEmpty()).isTrue();
        file("late", "proj");
        driver.advanceWallClockTime(Duration.ofMillis(60));
        ItemsDispatched page = dispatch.readValue();
        assertThat(page.getErrorMessage()).isNull();
        assertThat(page.getItems()).extracting(i -> i.getItemName()).containsExactly("late-name.pdf");
    }

    @Test
    void failsAJobWithParametersTheApiWouldRefuse() {
        JobRequested r = items("bjb-absurd", JobType.parse, List.of("f1"), 100);
        r.setJobConfigJson("{\"parameters\": {\"job_timeout_in_seconds\": 1e300}}");
        requests.pipeInput("bjb-absurd", r);
        assertThat(dispatch.readValue().getErrorMessage())
                .isEqualTo("job_config.parameters.job_timeout_in_seconds: must be a number from 0.1 to 86400");
        JobRequested many = items("bjb-many", JobType.parse, List.of("f1"), 100);
        many.setItemIds(IntStream.range(0, 10_001).mapToObj(i -> "f" + i).toList());
        requests.pipeInput("bjb-many", many);
        assertThat(dispatch.readValue().getErrorMessage()).startsWith("item_ids: holds 10001 ids; at most 10000");
        assertThat(parseTasks.isEmpty()).isTrue();
    }

    @Test
    void runsAnUrgentJobOfAProjectWithoutTheRightAsMediumAndSaysSo() {
        start(
                100_000,
                new JobRequestValidator(new JobRequestValidator.Policy(
                        url -> null, JobRequestValidator.Outputs.NONE, project -> project.equals("vip"))));
        JobRequested r = items("bjb-u", JobType.parse, List.of("f1", "f2"), 1);
        r.setPriority(Priority.critical);
        requests.pipeInput("bjb-u", r);
        assertThat(parseTasksUrgent.isEmpty()).isTrue();
        assertThat(parseTasks.readValuesToList())
                .extracting(ItemTask::getPriority)
                .containsOnly(Priority.medium);
        List<ItemsDispatched> pages = dispatch.readValuesToList();
        assertThat(pages.get(0).getPriority()).isEqualTo(Priority.medium);
        assertThat(pages.get(0).getNotices())
                .containsExactly("priority 'critical' is not enabled for this project; the job runs as medium");
        assertThat(pages.get(1).getNotices()).isNull();
    }

    @Test
    void keepsAtMostAJobsWindowDispatchedUntilItsStatusSaysSomeFinished() {
        windowedJob("bjb-win", 100, 10);
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(parseTasks.isEmpty()).as("the window is full").isTrue();

        status.pipeInput("bjb-win", running("bjb-win", 4));
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(parseTasks.readValuesToList()).hasSize(4);
        status.pipeInput("bjb-win", running("bjb-win", 3)); // an older status read late frees nothing
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(parseTasks.isEmpty()).isTrue();
    }

    @Test
    void announcesEveryItemOfAJobAtOnceWhileItsTasksWaitForRoom() {
        start(10, JobRequestValidator.permissive());
        directory("dir-q", 40);
        JobRequested r = directoryJob("bjb-q", "dir-q", 15);
        r.setContinueAsNewThreshold(100);
        requests.pipeInput("bjb-q", r);
        List<ItemsDispatched> pages = dispatch.readValuesToList();
        assertThat(pages).extracting(ItemsDispatched::getTotalDispatched).containsExactly(15L, 30L, 40L);
        assertThat(pages.get(2).getFinalPage())
                .as("the total is known before the tasks are out")
                .isTrue();
        assertThat(parseTasks.readValuesToList())
                .extracting(ItemTask::getItemId)
                .containsExactly(
                        "dfl-000", "dfl-001", "dfl-002", "dfl-003", "dfl-004", "dfl-005", "dfl-006", "dfl-007",
                        "dfl-008", "dfl-009");

        status.pipeInput(
                "bjb-q",
                running("bjb-q", 20)); // an item finishes, the next waits no longer: in page order, across pages
        driver.advanceWallClockTime(Duration.ofMillis(60));
        List<ItemTask> next = parseTasks.readValuesToList();
        assertThat(next).hasSize(20);
        assertThat(next.get(0).getItemId()).isEqualTo("dfl-010");
        assertThat(next.get(19).getItemId()).isEqualTo("dfl-029");
        assertThat(next.get(19).getItemName()).isEqualTo("doc-029.pdf");

        commands.pipeInput(
                "bjb-q",
                JobCommand.newBuilder()
                        .setJobId("bjb-q")
                        .setProjectId("proj")
                        .setCommand(new CancelRequested("stop"))
                        .setRequestedAt(T0)
                        .build());
        status.pipeInput("bjb-q", running("bjb-q", 30));
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(parseTasks.isEmpty()).as("a cancelled job's queue is gone").isTrue();
        KeyValueStore<String, ItemsDispatched> queue = driver.getKeyValueStore(StoreSpecs.SPLITTER_QUEUE.name());
        try (var all = queue.all()) {
            assertThat(all.hasNext()).isFalse();
        }
    }

    @Test
    void widensAJobsWindowToWhatItsFinishRateGetsDoneInTheQueueTarget() {
        windowedJob("bjb-rate", 1000, 150);
        status.pipeInput("bjb-rate", running("bjb-rate", 1));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(parseTasks.readValuesToList()).hasSize(1);
        // 101 items in the second since the job came: a 2 s queue target holds 202, 50 of which are out already.
        status.pipeInput("bjb-rate", running("bjb-rate", 101));
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(parseTasks.readValuesToList()).hasSize(152);
    }

    @Test
    void doublesAJobsWindowWhileItsRateStillGrowsWithTheWindowFull() {
        windowedJob("bjb-ramp", 100, 10);
        status.pipeInput("bjb-ramp", running("bjb-ramp", 1));
        driver.advanceWallClockTime(Duration.ofMillis(500));
        assertThat(parseTasks.readValuesToList()).hasSize(1);
        // 6 items a second would want a window of 12, but the job is speeding up with its window full: 20.
        status.pipeInput("bjb-ramp", running("bjb-ramp", 3));
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(parseTasks.readValuesToList()).hasSize(20 - (11 - 3));
    }

    @Test
    void stopsDispatchingAJobWhoseStatusIsTerminal() {
        windowedJob("bjb-t", 50, 10);
        JobStatus failed = running("bjb-t", 10);
        failed.setStatus(JobState.failed);
        status.pipeInput("bjb-t", failed);
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(parseTasks.isEmpty()).isTrue();
    }

    private void directory(String id, int files) {
        catalog.directories.put(
                id,
                DirectoryRecord.newBuilder()
                        .setDirectoryId(id)
                        .setProjectId("proj")
                        .setName(id)
                        .setCreatedAt(T0)
                        .setUpdatedAt(T0)
                        .build());
        for (int i = 0; i < files; i++) {
            String n = String.format("%03d", i);
            catalog.directoryFiles.put(
                    id + "/dfl-" + n,
                    DirectoryFileRecord.newBuilder()
                            .setId("dfl-" + n)
                            .setDirectoryId(id)
                            .setProjectId("proj")
                            .setFileId("file-" + n)
                            .setDisplayName("doc-" + n + ".pdf")
                            .setUniqueId(n)
                            .setCreatedAt(T0)
                            .setUpdatedAt(T0)
                            .build());
        }
    }

    /** A splitter with a window of at least {@code minWindow} items, and a job of {@code n} items whose first window's tasks are read. */
    private void windowedJob(String jobId, int n, int minWindow) {
        start(minWindow, JobRequestValidator.permissive());
        List<String> ids = IntStream.range(0, n).mapToObj(i -> jobId + "-" + i).toList();
        requests.pipeInput(jobId, items(jobId, JobType.parse, ids, Math.min(n, 1000)));
        assertThat(parseTasks.readValuesToList()).hasSize(Math.min(n, minWindow));
    }

    private void file(String id, String project) {
        catalog.files.put(
                id,
                FileRecord.newBuilder()
                        .setFileId(id)
                        .setProjectId(project)
                        .setName(id + "-name.pdf")
                        .setContentHash("c-" + id)
                        .setSize(1)
                        .setCreatedAt(T0)
                        .build());
    }

    private static JobStatus running(String jobId, long finished) {
        return JobStatus.newBuilder()
                .setJobId(jobId)
                .setProjectId("proj")
                .setJobType(JobType.parse)
                .setStatus(JobState.running)
                .setProcessedItems(finished)
                .build();
    }

    private static List<String> keys(TestOutputTopic<String, ItemTask> topic) {
        return topic.readKeyValuesToList().stream().map(kv -> kv.key).toList();
    }

    /** A job over {@code ids}, each a file of the job's project in the catalog. */
    private JobRequested items(String jobId, JobType type, List<String> ids, int pageSize) {
        for (String id : ids) file(id, "proj");
        return JobRequested.newBuilder()
                .setJobId(jobId)
                .setProjectId("proj")
                .setJobType(type)
                .setJobConfigJson("{\"parameters\":{}}")
                .setItemIds(ids)
                .setPageSize(pageSize)
                .setRequestedAt(T0)
                .build();
    }

    private static JobRequested directoryJob(String jobId, String dir, int pageSize) {
        return JobRequested.newBuilder()
                .setJobId(jobId)
                .setProjectId("proj")
                .setJobType(JobType.parse)
                .setJobConfigJson("{}")
                .setDirectoryId(dir)
                .setPageSize(pageSize)
                .setRequestedAt(T0)
                .build();
    }
}
