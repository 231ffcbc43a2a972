package dev.batch.aggregator;

import dev.batch.common.kafka.Ticker;
import dev.batch.events.JobStatus;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Writes job status to {@code batch.job-status}: a change of state at once, a change of counters
 * only with the next flush, so a 100,000-item job writes a few hundred status records, not one per
 * item (the topic is compacted, and the API reads the store). The flush ticks only while counters
 * wait: every punctuation costs a commit.
 */
final class StatusBatcher {
    private final ProcessorContext<String, SpecificRecord> context;
    private final String sink;
    private final ReadOnlyKeyValueStore<String, JobStatus> jobs;
    /** Jobs whose counters changed since their last status record. */
    private final Set<String> waiting = new LinkedHashSet<>();

    private final Ticker flush;

    /** {@code sink}: the node writing {@code batch.job-status}. */
    StatusBatcher(
            ProcessorContext<String, SpecificRecord> context,
            String sink,
            ReadOnlyKeyValueStore<String, JobStatus> jobs,
            Duration every) {
        this.context = context;
        this.sink = sink;
        this.jobs = jobs;
        this.flush = new Ticker(context, every, this::flush);
    }

    /** {@code job} was stored; {@code stateChanged}: it is new or its state moved, not only its counters. */
    void changed(JobStatus job, boolean stateChanged, Record<String, SpecificRecord> cause) {
        if (stateChanged) {
            waiting.remove(job.getJobId());
            context.forward(cause.withValue((SpecificRecord) job), sink);
        } else {
            waiting.add(job.getJobId());
            flush.need(true);
        }
    }

    private void flush(long now) {
        for (String id : waiting) {
            JobStatus job = jobs.get(id);
            if (job != null) context.forward(new Record<String, SpecificRecord>(id, job, now), sink);
        }
        waiting.clear();
        flush.need(false);
    }
}
