package dev.batch.aggregator;

import dev.batch.events.JobRemoval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A removed job as the records of {@code batch.job-removals}: its items a part at a time, the last part marked. */
final class JobRemovals {
    /** Item ids per record: a part of a million-item job stays far below a record's size limit. */
    static final int ITEMS_PER_PART = 1_000;

    private JobRemovals() {}

    static List<JobRemoval> parts(String jobId, String projectId, List<String> itemIds, Instant at) {
        List<JobRemoval> parts = new ArrayList<>();
        int from = 0;
        do {
            int to = Math.min(itemIds.size(), from + ITEMS_PER_PART);
            parts.add(JobRemoval.newBuilder()
                    .setJobId(jobId)
                    .setProjectId(projectId)
                    .setItemIds(List.copyOf(itemIds.subList(from, to)))
                    .setPart(parts.size())
                    .setLast(to == itemIds.size())
                    .setRemovedAt(at)
                    .build());
            from = to;
        } while (from < itemIds.size());
        return parts;
    }
}
