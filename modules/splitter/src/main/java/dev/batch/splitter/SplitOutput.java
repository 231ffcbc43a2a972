package dev.batch.splitter;

import dev.batch.common.ItemTasks;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Topologies;
import dev.batch.common.kafka.Trace;
import dev.batch.events.DispatchedItem;
import dev.batch.events.ItemTask;
import dev.batch.events.ItemsDispatched;
import dev.batch.events.JobConfig;
import dev.batch.events.JobRequested;
import dev.batch.events.SplitProgress;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What the split processor writes: pages of a job's items on {@code batch.dispatch} (for the
 * aggregator), and one {@link ItemTask} per item on the task topic of the job's type and priority.
 * Both carry the job's correlation id and trace.
 */
final class SplitOutput {
    private final Topics topics;
    private final ProcessorContext<String, SpecificRecord> context;

    SplitOutput(Topics topics, ProcessorContext<String, SpecificRecord> context) {
        this.topics = topics;
        this.context = context;
    }

    /** One task per item, keyed by item id. */
    void tasks(JobRequested request, List<DispatchedItem> items, Instant now) {
        if (items.isEmpty()) return;
        JobConfig config = JobConfigs.of(request);
        String sink = Topologies.sinkName(topics.tasksFor(request.getJobType(), request.getPriority()));
        for (DispatchedItem item : items) {
            ItemTask task =
                    ItemTasks.of(request, config, item.getItemId(), item.getFileId(), item.getItemName(), 1, now);
            context.forward(
                    new Record<String, SpecificRecord>(
                            item.getItemId(),
                            task,
                            now.toEpochMilli(),
                            Trace.headers(request.getCorrelationId(), request.getTraceparent())),
                    sink);
        }
    }

    /** Tells the aggregator about a page of the job's items (its tasks may wait); returns the page. */
    ItemsDispatched announce(SplitProgress progress, List<DispatchedItem> items, boolean last, Instant now) {
        JobRequested request = progress.getRequest();
        ItemsDispatched page = ItemsDispatched.newBuilder()
                .setJobId(request.getJobId())
                .setPage(progress.getPage())
                .setItems(items)
                .setTotalDispatched(progress.getDispatched())
                .setFinalPage(last)
                .setDispatchedAt(now)
                .setPriority(progress.getPage() == 0 ? request.getPriority() : null)
                .setNotices(progress.getNotices())
                .build();
        context.forward(
                new Record<String, SpecificRecord>(
                        request.getJobId(),
                        page,
                        now.toEpochMilli(),
                        Trace.headers(request.getCorrelationId(), request.getTraceparent())),
                Topologies.sinkName(topics.dispatch));
        return page;
    }

    /** Ends the job before any item: a final empty page whose error the aggregator turns into a failed job. */
    void reject(String jobId, String problem, Instant now) {
        ItemsDispatched page = ItemsDispatched.newBuilder()
                .setJobId(jobId)
                .setPage(0)
                .setItems(List.of())
                .setTotalDispatched(0)
                .setFinalPage(true)
                .setErrorMessage(problem)
                .setDispatchedAt(now)
                .build();
        context.forward(
                new Record<String, SpecificRecord>(jobId, page, now.toEpochMilli()),
                Topologies.sinkName(topics.dispatch));
    }
}
