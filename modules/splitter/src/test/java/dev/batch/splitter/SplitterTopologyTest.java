package dev.batch.splitter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.kafka.Topics;
import dev.batch.events.ItemTask;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import dev.batch.events.Priority;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitterTopologyTest {
    private static final Topics TOPICS = Topics.create(3);

    @TempDir
    Path state;

    private TopologyTestDriver driver;
    private TestInputTopic<String, JobRequested> requests;
    private TestOutputTopic<String, ItemTask> parseTasks;
    private TestOutputTopic<String, ItemTask> classifyTasks;
    private TestOutputTopic<String, ItemsDispatched> dispatch;

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "splitter-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        driver = new TopologyTestDriver(SplitterTopology.build(TOPICS), p);
        requests = driver.createInputTopic(TOPICS.jobRequests.name(), TOPICS.jobRequests.keySerde().serializer(), TOPICS.jobRequests.valueSerde().serializer());
        parseTasks = driver.createOutputTopic(TOPICS.tasksParse.name(), TOPICS.tasksParse.keySerde().deserializer(), TOPICS.tasksParse.valueSerde().deserializer());
        classifyTasks = driver.createOutputTopic(TOPICS.tasksClassify.name(), TOPICS.tasksClassify.keySerde().deserializer(), TOPICS.tasksClassify.valueSerde().deserializer());
        dispatch = driver.createOutputTopic(TOPICS.dispatch.name(), TOPICS.dispatch.keySerde().deserializer(), TOPICS.dispatch.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void emitsOneTaskPerItemKeyedByItemIdAndPagesOfProgress() {
        requests.pipeInput("bjb-1", request("bjb-1", JobType.parse, List.of("f1", "f2", "f3", "f4", "f5"), 2));

        var tasks = parseTasks.readKeyValuesToList();
        assertThat(tasks).extracting(kv -> kv.key).containsExactly("f1", "f2", "f3", "f4", "f5");
        assertThat(tasks).allSatisfy(kv -> {
            assertThat(kv.value.getJobId()).isEqualTo("bjb-1");
            assertThat(kv.value.getFileId()).isEqualTo(kv.key);
            assertThat(kv.value.getConfigHash()).hasSize(64);
            assertThat(kv.value.getPriority()).isEqualTo(Priority.high);
        });
        var pages = dispatch.readValuesToList();
        assertThat(pages).extracting(ItemsDispatched::getTotalDispatched).containsExactly(2L, 4L, 5L);
        assertThat(pages).extracting(ItemsDispatched::getFinalPage).containsExactly(false, false, true);
        assertThat(classifyTasks.isEmpty()).isTrue();
    }

    @Test
    void routesClassifyJobsToTheClassifyTasks() {
        requests.pipeInput("bjb-2", request("bjb-2", JobType.classify, List.of("f1"), 100));
        assertThat(classifyTasks.readKeyValuesToList().stream().map(kv -> kv.key).toList()).containsExactly("f1");
        assertThat(parseTasks.isEmpty()).isTrue();
    }

    @Test
    void countsAnIdListedTwiceAsOneItem() {
        requests.pipeInput("bjb-3", request("bjb-3", JobType.parse, List.of("f1", "f2", "f1"), 100));
        assertThat(parseTasks.readKeyValuesToList().stream().map(kv -> kv.key).toList()).containsExactly("f1", "f2");
        assertThat(dispatch.readValue().getTotalDispatched()).isEqualTo(2);
    }

    @Test
    void dispatchesARepeatedRequestOnlyOnce() {
        requests.pipeInput("bjb-4", request("bjb-4", JobType.parse, List.of("f1"), 100));
        requests.pipeInput("bjb-4", request("bjb-4", JobType.parse, List.of("f1"), 100));
        assertThat(parseTasks.readKeyValuesToList().stream().map(kv -> kv.key).toList()).containsExactly("f1");
        assertThat(dispatch.readValuesToList()).hasSize(1);
    }

    @Test
    void rejectsARequestWithoutItemsAsAFinalPageWithAnError() {
        requests.pipeInput("bjb-5", request("bjb-5", JobType.parse, List.of(), 100));
        ItemsDispatched page = dispatch.readValue();
        assertThat(page.getFinalPage()).isTrue();
        assertThat(page.getTotalDispatched()).isZero();
        assertThat(page.getErrorMessage()).isEqualTo("either directory_id or item_ids is required");
        assertThat(parseTasks.isEmpty()).isTrue();
    }

    @Test
    void rejectsAnUnsupportedJobTypeAndAConfigThatIsNotJson() {
        requests.pipeInput("bjb-6", request("bjb-6", JobType.extract, List.of("f1"), 100));
        assertThat(dispatch.readValue().getErrorMessage()).contains("job_type 'extract' is not supported");
        JobRequested broken = request("bjb-7", JobType.parse, List.of("f1"), 100);
        broken.setJobConfigJson("{not json");
        requests.pipeInput("bjb-7", broken);
        assertThat(dispatch.readValue().getErrorMessage()).startsWith("job config is not valid JSON");
    }

    private static JobRequested request(String jobId, JobType type, List<String> ids, int pageSize) {
        return JobRequested.newBuilder().setJobId(jobId).setProjectId("proj").setJobType(type)
                .setJobConfigJson("{\"parameters\":{\"priority\":\"high\"}}").setItemIds(ids).setPageSize(pageSize)
                .setPriority(Priority.high).setRequestedAt(Instant.now()).build();
    }
}
