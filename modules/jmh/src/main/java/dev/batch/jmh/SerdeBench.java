package dev.batch.jmh;

import dev.batch.common.kafka.AvroSerdes;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The one serde factory on the two records every item passes through: its result, and its job's status. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerdeBench {
    private Serializer<ItemResult> resultOut;
    private Deserializer<ItemResult> resultIn;
    private Serializer<JobStatus> statusOut;
    private Deserializer<JobStatus> statusIn;
    private ItemResult result;
    private JobStatus status;
    private byte[] resultBytes;
    private byte[] statusBytes;

    @Setup
    public void setUp() {
        resultOut = AvroSerdes.serde(ItemResult.class).serializer();
        resultIn = AvroSerdes.serde(ItemResult.class).deserializer();
        statusOut = AvroSerdes.serde(JobStatus.class).serializer();
        statusIn = AvroSerdes.serde(JobStatus.class).deserializer();
        Instant now = Instant.parse("2026-11-29T03:00:00Z");
        result = ItemResult.newBuilder()
                .setJobId("bjb-6f1c1d7e-0b1e-4d0a-9f55-1b2c3d4e5f60")
                .setItemId("dfl-00012345")
                .setFileId("file-1")
                .setItemName("invoice-2026-11.pdf")
                .setStatus(ItemState.completed)
                .setOutputLocation("results/bjb-6f1c/dfl-00012345.json")
                .setParametersHash("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .setAttempt(1)
                .setWorkerId("worker-1")
                .setStartedAt(now)
                .setFinishedAt(now)
                .build();
        status = JobStatus.newBuilder()
                .setJobId("bjb-6f1c1d7e-0b1e-4d0a-9f55-1b2c3d4e5f60")
                .setProjectId("default-project")
                .setJobType(JobType.parse)
                .setStatus(JobState.dispatched)
                .setTotalItems(100_000)
                .setDispatchFinal(true)
                .setProcessedItems(51_234)
                .setCreatedAt(now)
                .setStartedAt(now)
                .setUpdatedAt(now)
                .setEffectiveAt(now)
                .build();
        resultBytes = resultOut.serialize("t", result);
        statusBytes = statusOut.serialize("t", status);
    }

    @Benchmark
    public byte[] encodeItemResult() {
        return resultOut.serialize("t", result);
    }

    @Benchmark
    public ItemResult decodeItemResult() {
        return resultIn.deserialize("t", resultBytes);
    }

    @Benchmark
    public byte[] encodeJobStatus() {
        return statusOut.serialize("t", status);
    }

    @Benchmark
    public JobStatus decodeJobStatus() {
        return statusIn.deserialize("t", statusBytes);
    }
}
