package dev.batch.jmh;

import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.common.kafka.Topics;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.ItemTask;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import dev.batch.splitter.SplitterSettings;
import dev.batch.splitter.SplitterTopology;
import dev.batch.testkit.InMemoryCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
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
 * The splitter's page on the real topology under TopologyTestDriver: a directory job of 1,000 files
 * paged (pages of 100, all in one tick) into parse tasks, progress records and the job's stores; per item. The
 * catalog is held in memory, so this is the splitter's own cost (paging, config hash, task records,
 * serdes, its RocksDB stores), not the catalog's reads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SplitterPageBench {
    private static final int FILES = 1000;
    private static final Topics TOPICS = Topics.create("jmh.", 6);
    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private TopologyTestDriver driver;
    private TestInputTopic<String, JobRequested> requests;
    private TestOutputTopic<String, ItemTask> tasks;
    private Path state;
    private int job;
    private Instant now = Instant.parse("2026-11-29T03:00:00Z");

    @Setup(Level.Trial)
    public void start() throws Exception {
        catalog.directories.put(
                "dir-1",
                DirectoryRecord.newBuilder()
                        .setDirectoryId("dir-1")
                        .setProjectId("p")
                        .setName("bench")
                        .setCreatedAt(now)
                        .setUpdatedAt(now)
                        .build());
        for (int i = 0; i < FILES; i++) {
            String n = String.format("%04d", i);
            catalog.directoryFiles.put(
                    "dir-1/dfl-" + n,
                    DirectoryFileRecord.newBuilder()
                            .setId("dfl-" + n)
                            .setDirectoryId("dir-1")
                            .setProjectId("p")
                            .setFileId("file-" + n)
                            .setDisplayName("doc-" + n + ".pdf")
                            .setUniqueId(n)
                            .setCreatedAt(now)
                            .setUpdatedAt(now)
                            .build());
        }
        state = Files.createTempDirectory("jmh-splitter-");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "jmh-splitter");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        driver = new TopologyTestDriver(
                SplitterTopology.build(
                        TOPICS,
                        catalog,
                        new SplitterSettings(
                                Duration.ofMillis(50),
                                5000,
                                Duration.ofSeconds(60),
                                Duration.ofSeconds(5),
                                1_000_000,
                                Duration.ofSeconds(2),
                                Duration.ofMillis(500)),
                        JobRequestValidator.permissive()),
                p,
                now);
        requests = driver.createInputTopic(
                TOPICS.jobRequests.name(),
                TOPICS.jobRequests.keySerde().serializer(),
                TOPICS.jobRequests.valueSerde().serializer());
        tasks = driver.createOutputTopic(
                TOPICS.tasksParse.name(),
                TOPICS.tasksParse.keySerde().deserializer(),
                TOPICS.tasksParse.valueSerde().deserializer());
    }

    /** A new directory job for each invocation, accepted before the timed paging. */
    @Setup(Level.Invocation)
    public void newJob() {
        String jobId = "bjb-jmh-" + (++job);
        now = now.plusSeconds(1);
        requests.pipeInput(
                jobId,
                JobRequested.newBuilder()
                        .setJobId(jobId)
                        .setProjectId("p")
                        .setJobType(JobType.parse)
                        .setJobConfigJson("{\"parameters\": {\"do_not_cache\": true}}")
                        .setDirectoryId("dir-1")
                        .setPageSize(100)
                        .setContinueAsNewThreshold(FILES)
                        .setRequestedAt(now)
                        .build(),
                now);
    }

    @Benchmark
    @OperationsPerInvocation(FILES)
    public void pageADirectoryIntoTasks() {
        driver.advanceWallClockTime(Duration.ofMillis(60)); // one punctuation pages the whole job (5,000 items a tick)
    }

    /** Untimed: every file became a task, and the tasks are drained so the next invocation counts its own. */
    @TearDown(Level.Invocation)
    public void check() {
        long n = tasks.getQueueSize();
        tasks.readRecordsToList();
        if (n != FILES) throw new IllegalStateException("expected " + FILES + " tasks, got " + n);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        driver.close();
    }
}
