package dev.batch.aggregator;

import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What {@link JobFold} reads and writes beside a job's status: the job's items and its request.
 * In the topology these are the job-items and job-requests stores ({@link #of}); a test may hold
 * them in maps.
 */
interface JobRecords {
    /** The item, or null when the job has no such item yet. */
    JobItem item(String jobId, String itemId);

    void putItem(String jobId, JobItem item);

    /** Hands each item of the job to {@code action}, in item id order; {@code action} must not write items. */
    void forEachItem(String jobId, Consumer<JobItem> action);

    /** The job's request, or null when it has not been read yet. */
    JobRequested request(String jobId);

    void putRequest(String jobId, JobRequested request);

    static JobRecords of(KeyValueStore<String, JobItem> items, KeyValueStore<String, JobRequested> requests) {
        return new JobRecords() {
            @Override
            public JobItem item(String jobId, String itemId) {
                return items.get(AggregatorTopology.itemKey(jobId, itemId));
            }

            @Override
            public void putItem(String jobId, JobItem item) {
                items.put(AggregatorTopology.itemKey(jobId, item.getItemId()), item);
            }

            @Override
            public void forEachItem(String jobId, Consumer<JobItem> action) {
                try (KeyValueIterator<String, JobItem> it = items.prefixScan(jobId + "/", new StringSerializer())) {
                    while (it.hasNext()) action.accept(it.next().value);
                }
            }

            @Override
            public JobRequested request(String jobId) {
                return requests.get(jobId);
            }

            @Override
            public void putRequest(String jobId, JobRequested request) {
                requests.put(jobId, request);
            }
        };
    }
}
