package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.Ids;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.ItemState;
import dev.batch.events.JobItem;
import dev.batch.events.JobType;
import dev.batch.events.ProcessingResult;
import dev.batch.events.SkipReason;
import java.io.IOException;
import java.time.Instant;

/** The API's shapes for catalog entries, items and processing results (the SDK's types); Avro stays behind. */
final class Views {
    private Views() {}

    record DirectoryView(
            String id,
            String name,
            String projectId,
            String description,
            String dataSourceId,
            String createdAt,
            String updatedAt,
            String deletedAt) {
        static DirectoryView of(DirectoryRecord d) {
            return new DirectoryView(
                    d.getDirectoryId(),
                    d.getName(),
                    d.getProjectId(),
                    d.getDescription(),
                    d.getDataSourceId(),
                    iso(d.getCreatedAt()),
                    iso(d.getUpdatedAt()),
                    iso(d.getDeletedAt()));
        }
    }

    record DirectoryFileView(
            String id,
            String directoryId,
            String displayName,
            String projectId,
            String uniqueId,
            String fileId,
            JsonNode metadata,
            String dataSourceId,
            String createdAt,
            String updatedAt,
            String deletedAt) {
        static DirectoryFileView of(DirectoryFileRecord f, ObjectMapper json) {
            return new DirectoryFileView(
                    f.getId(),
                    f.getDirectoryId(),
                    f.getDisplayName(),
                    f.getProjectId(),
                    f.getUniqueId(),
                    f.getFileId(),
                    parse(json, f.getMetadataJson()),
                    f.getDataSourceId(),
                    iso(f.getCreatedAt()),
                    iso(f.getUpdatedAt()),
                    iso(f.getDeletedAt()));
        }
    }

    record JobItemView(
            String itemId,
            String itemName,
            String status,
            String skipReason,
            String errorMessage,
            String startedAt,
            String completedAt,
            String effectiveAt,
            String jobId,
            String jobRecordId) {
        /**
         * {@code job_id} links a parse item to its child parse job once it has a result or an error,
         * an extract item to its extract job ({@code /api/v2/extract/{id}}), and a classify item to its
         * classify job ({@code /api/v1/classifier/jobs/{id}/results}).
         */
        static JobItemView of(JobItem i, JobType type) {
            boolean linked = i.getStatus() == ItemState.completed
                    || i.getStatus() == ItemState.failed
                    || i.getSkipReason() == SkipReason.already_processed;
            String childJob = !linked
                    ? null
                    : type == JobType.parse
                            ? Ids.parseJob(i.getJobId(), i.getItemId())
                            : type == JobType.extract
                                    ? Ids.extractJob(i.getJobId(), i.getItemId())
                                    : type == JobType.classify ? i.getJobId() : null;
            return new JobItemView(
                    i.getItemId(),
                    i.getItemName() == null ? i.getItemId() : i.getItemName(),
                    i.getStatus().name(),
                    i.getSkipReason() == null ? null : i.getSkipReason().name(),
                    i.getErrorMessage(),
                    iso(i.getStartedAt()),
                    iso(i.getCompletedAt()),
                    iso(i.getUpdatedAt()),
                    childJob,
                    childJob);
        }
    }

    record ProcessingResultView(
            String itemId,
            String resultId,
            String jobType,
            JsonNode jobConfig,
            String parametersHash,
            String outputS3Path,
            String processedAt,
            JsonNode outputMetadata) {
        /** {@code location}: where the output is for the caller (its s3:// URI in an S3 store, the store's key otherwise). */
        static ProcessingResultView of(String itemId, ProcessingResult r, String location, ObjectMapper json) {
            return new ProcessingResultView(
                    itemId,
                    r.getResultId(),
                    r.getJobType().name(),
                    parse(json, r.getJobConfigJson()),
                    r.getParametersHash(),
                    location,
                    iso(r.getProcessedAt()),
                    null);
        }
    }

    static JsonNode parse(ObjectMapper json, String text) {
        if (text == null) return null;
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
