package dev.batch.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.kafka.Topics;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobEvent;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
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
    private KeyValueStore<String, JobStatus> store;
    private Instant now = Instant.parse("2026-11-28T10:00:00Z");

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "aggregator-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        driver = new TopologyTestDriver(AggregatorTopology.build(TOPICS), p);
        requests = driver.createInputTopic(TOPICS.jobRequests.name(), TOPICS.jobRequests.keySerde().serializer(), TOPICS.jobRequests.valueSerde().serializer());
        dispatch = driver.createInputTopic(TOPICS.dispatch.name(), TOPICS.dispatch.keySerde().serializer(), TOPICS.dispatch.valueSerde().serializer());
        results = driver.createInputTopic(TOPICS.itemResults.name(), TOPICS.itemResults.keySerde().serializer(), TOPICS.itemResults.valueSerde().serializer());
        events = driver.createOutputTopic(TOPICS.jobEvents.name(), TOPICS.jobEvents.keySerde().deserializer(), TOPICS.jobEvents.valueSerde().deserializer());
        store = driver.getKeyValueStore(Topics.JOB_STATUS_STORE);
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
        assertThat(events.readValuesToList()).extracting(JobEvent::getEventName)
                .containsExactly("parse.pending", "parse.running", "parse.dispatched", "parse.success");
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
        assertThat(events.readValuesToList()).last().extracting(JobEvent::getEventName).isEqualTo("parse.partial_success");
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
        assertThat(events.readValuesToList()).last().extracting(JobEvent::getEventName).isEqualTo("parse.error");
    }

    @Test
    void failsJobWhenTheSplitterRejectsIt() {
        request();
        dispatch.pipeInput(JOB, ItemsDispatched.newBuilder().setJobId(JOB).setPage(0).setItemIds(List.of())
                .setTotalDispatched(0).setFinalPage(true).setErrorMessage("directory dir-x not found").setDispatchedAt(tick()).build(), now);
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

    private void request() {
        requests.pipeInput(JOB, JobRequested.newBuilder().setJobId(JOB).setProjectId("proj").setJobType(JobType.parse)
                .setJobConfigJson("{}").setItemIds(List.of("a", "b", "c")).setRequestedAt(tick()).build(), now);
    }

    private void page(int page, List<String> ids, long total, boolean last) {
        dispatch.pipeInput(JOB, ItemsDispatched.newBuilder().setJobId(JOB).setPage(page).setItemIds(ids)
                .setTotalDispatched(total).setFinalPage(last).setDispatchedAt(tick()).build(), now);
    }

    private void result(String item, ItemState state) {
        results.pipeInput(JOB, ItemResult.newBuilder().setJobId(JOB).setItemId(item).setStatus(state)
                .setErrorMessage(state == ItemState.failed ? "broken" : null).setFinishedAt(tick()).build(), now);
    }

    private Instant tick() {
        now = now.plusSeconds(1);
        return now;
    }

    private JobStatus status() {
        return store.get(JOB);
    }
}
