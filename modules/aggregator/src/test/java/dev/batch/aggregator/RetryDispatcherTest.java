package dev.batch.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Topologies;
import dev.batch.common.kafka.Trace;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import dev.batch.events.Priority;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class RetryDispatcherTest {
    private static final Topics TOPICS = Topics.create(3);
    private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    private final RetryDispatcher retries = new RetryDispatcher(context, TOPICS);

    @Test
    void sendsEachItemsNextAttemptToItsJobTypesTaskTopicWithTheCausesHeaders() {
        JobRequested request = request(JobType.classify, Priority.low);
        Record<String, SpecificRecord> cause = new Record<>("bjb-1", request, 42L, Trace.headers("corr-1", null));

        retries.dispatch(job(null), request, List.of(item("a", "file-a", 2), item("b", null, 3)), T, cause);

        List<CapturedForward<? extends String, ? extends SpecificRecord>> sent =
                context.forwarded(Topologies.sinkName(TOPICS.tasksClassify));
        assertThat(sent).hasSize(2);
        assertThat(context.forwarded()).hasSize(2);
        ItemTask a = (ItemTask) sent.get(0).record().value();
        ItemTask b = (ItemTask) sent.get(1).record().value();
        assertThat(sent.get(0).record().key()).isEqualTo("a");
        assertThat(a.getAttempt()).isEqualTo(2);
        assertThat(a.getFileId()).isEqualTo("file-a");
        assertThat(b.getFileId()).as("an item known by its id only").isEqualTo("b");
        assertThat(a.getDispatchedAt()).isEqualTo(T);
        assertThat(sent.get(0).record().timestamp()).isEqualTo(42L);
        assertThat(Trace.get(sent.get(0).record().headers(), Trace.CORRELATION_ID))
                .isEqualTo("corr-1");
        assertThat(a.getConfig().getClassify().getRules())
                .as("the config read from a request produced without one")
                .hasSize(1);
        assertThat(a.getConfigHash())
                .isEqualTo(a.getConfig().getParametersHash())
                .hasSize(64);
    }

    @Test
    void retriesAtThePriorityTheSplitterLetTheJobRunAt() {
        JobRequested request = request(JobType.parse, Priority.medium);

        retries.dispatch(
                job(Priority.critical),
                request,
                List.of(item("a", "file-a", 2)),
                T,
                new Record<>("bjb-1", request, 0L));

        List<CapturedForward<? extends String, ? extends SpecificRecord>> sent =
                context.forwarded(Topologies.sinkName(TOPICS.tasksParseUrgent));
        assertThat(sent)
                .extracting(f -> ((ItemTask) f.record().value()).getPriority())
                .containsExactly(Priority.critical);
    }

    private static JobRequested request(JobType type, Priority priority) {
        String config =
                type == JobType.classify ? "{\"rules\": [{\"type\": \"invoice\", \"description\": \"a bill\"}]}" : "{}";
        return JobRequested.newBuilder()
                .setJobId("bjb-1")
                .setProjectId("proj")
                .setJobType(type)
                .setJobConfigJson(config)
                .setItemIds(List.of("a", "b"))
                .setPriority(priority)
                .setRequestedAt(T)
                .build();
    }

    private static JobStatus job(Priority priority) {
        return JobStatus.newBuilder()
                .setJobId("bjb-1")
                .setProjectId("proj")
                .setJobType(JobType.parse)
                .setStatus(JobState.dispatched)
                .setPriority(priority)
                .build();
    }

    private static JobItem item(String id, String fileId, int attempt) {
        return JobItem.newBuilder()
                .setJobId("bjb-1")
                .setItemId(id)
                .setFileId(fileId)
                .setAttempt(attempt)
                .setStatus(ItemState.pending)
                .setUpdatedAt(T)
                .build();
    }
}
