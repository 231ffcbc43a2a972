package dev.batch.ingress;

import dev.batch.common.Ids;
import dev.batch.common.query.JobQueries;
import dev.batch.events.JobItem;
import dev.batch.events.JobType;
import java.util.Optional;

/** A parse job named as a v2 job's {@code file_input}: the file it ran on. */
final class ParsedFiles {
    private ParsedFiles() {}

    /**
     * The file a parse job of the project ran on: the file of its item, or, before the item is
     * dispatched, the id the parse job was given for it (which names the same file). A 422 naming
     * {@code file_input} when the project has no such parse job.
     */
    static String fileOf(JobQueries jobs, String parseJobId, String project) {
        ApiException notFound = ApiException.invalid("file_input", "parse job '" + parseJobId + "' not found");
        Ids.ParseJobRef ref = Ids.parseJobRef(parseJobId).orElseThrow(() -> notFound);
        jobs.job(ref.batchJobId())
                .filter(j -> project.equals(j.getProjectId())
                        && (j.getJobType() == JobType.parse || j.getJobType() == JobType.unknown))
                .orElseThrow(() -> notFound);
        Optional<JobItem> item = jobs.item(ref.batchJobId(), ref.itemId());
        if (item.isEmpty() || item.get().getFileId() == null) return ref.itemId();
        return item.get().getFileId();
    }
}
