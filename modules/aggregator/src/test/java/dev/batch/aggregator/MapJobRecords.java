package dev.batch.aggregator;

import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** {@link JobRecords} in maps, for tests of the fold; copies on the way in and out, as a store's serdes do. */
final class MapJobRecords implements JobRecords {
    private final TreeMap<String, JobItem> items = new TreeMap<>();
    private final Map<String, JobRequested> requests = new HashMap<>();

    @Override
    public JobItem item(String jobId, String itemId) {
        JobItem item = items.get(AggregatorTopology.itemKey(jobId, itemId));
        return item == null ? null : JobItem.newBuilder(item).build();
    }

    @Override
    public void putItem(String jobId, JobItem item) {
        items.put(
                AggregatorTopology.itemKey(jobId, item.getItemId()),
                JobItem.newBuilder(item).build());
    }

    @Override
    public void forEachItem(String jobId, Consumer<JobItem> action) {
        String prefix = jobId + "/";
        for (Map.Entry<String, JobItem> e : items.tailMap(prefix).entrySet()) {
            if (!e.getKey().startsWith(prefix)) break;
            action.accept(JobItem.newBuilder(e.getValue()).build());
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
}
