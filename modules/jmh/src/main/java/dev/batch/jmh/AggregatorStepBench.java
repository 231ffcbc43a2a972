package dev.batch.jmh;

import dev.batch.aggregator.AggregatorTopology;
import dev.batch.common.kafka.Topics;
import dev.batch.events.DispatchedItem;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The aggregator's step for one item result (decode, item and job stores in RocksDB, counters,
 * outputs), on the real topology under TopologyTestDriver: each invocation folds the results of a
 * dispatched job of 1,000 items.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AggregatorStepBench {
    private static final int ITEMS = 1000;
    private static final Topics TOPICS = Topics.create("jmh.", 1);
    private TopologyTestDriver driver;
    private TestInputTopic<String, JobRequested> requests;
    private TestInputTopic<String, ItemsDispatched> dispatch;
    private TestInputTopic<String, ItemResult> results;
    private Path state;
    private int job;
    private String jobId;
    private Instant now = Instant.parse("2026-11-29T03:00:00Z");

    @Setup(Level.Trial)
    public void start() throws Exception {
        state = Files.createTempDirectory("jmh-aggregator-");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "jmh-aggregator");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
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
    }

    /** A new job, dispatched in one page, for each invocation. */
    @Setup(Level.Invocation)
    public void newJob() {
        jobId = "bjb-jmh-" + (++job);
        now = now.plusSeconds(1);
        requests.pipeInput(
                jobId,
                JobRequested.newBuilder()
                        .setJobId(jobId)
                        .setProjectId("p")
                        .setJobType(JobType.parse)
                        .setJobConfigJson("{}")
                        .setDirectoryId("dir-1")
                        .setRequestedAt(now)
                        .build(),
                now);
        List<DispatchedItem> page = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) page.add(new DispatchedItem("dfl-" + i, "file-" + i, "doc-" + i + ".txt"));
        dispatch.pipeInput(
                jobId,
                ItemsDispatched.newBuilder()
                        .setJobId(jobId)
                        .setPage(0)
                        .setItems(page)
                        .setTotalDispatched(ITEMS)
                        .setFinalPage(true)
                        .setDispatchedAt(now)
                        .build(),
                now);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public void foldItemResults() {
        for (int i = 0; i < ITEMS; i++) {
            results.pipeInput(
                    jobId,
                    ItemResult.newBuilder()
                            .setJobId(jobId)
                            .setItemId("dfl-" + i)
                            .setStatus(ItemState.completed)
                            .setAttempt(1)
                            .setFinishedAt(now)
                            .build(),
                    now);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        driver.close();
        try (var walk = Files.walk(state)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
