package dev.batch.aggregator;

import dev.batch.common.ItemTasks;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Topologies;
import dev.batch.events.ItemTask;
import dev.batch.events.JobConfig;
import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import dev.batch.events.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sends the items a retry reopened back to the workers, from the aggregator (which owns item
 * state), on the task topic of the job's type and of the priority the job runs at.
 */
final class RetryDispatcher {
    private final ProcessorContext<String, SpecificRecord> context;
    private final Topics topics;

    RetryDispatcher(ProcessorContext<String, SpecificRecord> context, Topics topics) {
        this.context = context;
        this.topics = topics;
    }

    /** Forwards one task per item, each with the headers of the record that asked for the retry. */
    void dispatch(
            JobStatus job,
            JobRequested request,
            List<JobItem> items,
            Instant at,
            Record<String, SpecificRecord> cause) {
        JobRequested asRun = runAt(job, request);
        String sink = Topologies.sinkName(topics.tasksFor(asRun.getJobType(), asRun.getPriority()));
        for (ItemTask task : tasks(asRun, items, at)) {
            context.forward(
                    new Record<String, SpecificRecord>(task.getItemId(), task, cause.timestamp(), cause.headers()),
                    sink);
        }
    }

    /** The request at the priority the splitter let the job run at, when that differs from the one asked for. */
    static JobRequested runAt(JobStatus job, JobRequested request) {
        if (job.getPriority() == null || job.getPriority() == request.getPriority()) return request;
        return JobRequested.newBuilder(request).setPriority(job.getPriority()).build();
    }

    /** The tasks of the items' current attempts. */
    static List<ItemTask> tasks(JobRequested request, List<JobItem> items, Instant at) {
        JobConfig config = JobConfigs.of(request);
        List<ItemTask> tasks = new ArrayList<>();
        for (JobItem item : items) {
            tasks.add(ItemTasks.of(
                    request,
                    config,
                    item.getItemId(),
                    item.getFileId() != null ? item.getFileId() : item.getItemId(),
                    item.getItemName(),
                    item.getAttempt(),
                    at));
        }
        return tasks;
    }
}
