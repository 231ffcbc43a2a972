package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.events.JobStatus;

/**
 * A standalone classify job as the SDK reads it ({@code ClassifyGetResponse}, the same shape for
 * create and list). {@code user_id} is the project: an API key belongs to a project, not to a user.
 */
record ClassifyV2View(
        String id,
        JsonNode configuration,
        String documentInputType,
        String fileInput,
        String projectId,
        String status,
        String userId,
        String configurationId,
        String createdAt,
        String errorMessage,
        String parseJobId,
        Result result,
        String transactionId,
        String updatedAt) {

    /** The SDK's {@code ClassifyResult}: the matched rule's type (null when none fits), how sure, and why. */
    record Result(String type, double confidence, String reasoning) {
        static Result of(JsonNode stored) {
            if (stored == null) return null;
            JsonNode type = stored.path("type");
            return new Result(
                    type.isNull() || type.isMissingNode() ? null : type.asText(),
                    stored.path("confidence").asDouble(),
                    stored.path("reasoning").asText());
        }
    }

    static ClassifyV2View of(
            ClassifyV2Records.Job record, JobStatus status, ClassifyV2Jobs.Outcome outcome, JsonNode result) {
        return new ClassifyV2View(
                record.id(),
                record.configuration(),
                record.documentInputType(),
                record.fileInput(),
                record.projectId(),
                outcome.status(),
                record.projectId(),
                record.configurationId(),
                status.getCreatedAt() != null ? Views.iso(status.getCreatedAt()) : record.createdAt(),
                outcome.errorMessage(),
                record.parseJobId(),
                Result.of(result),
                record.transactionId(),
                status.getUpdatedAt() != null ? Views.iso(status.getUpdatedAt()) : record.createdAt());
    }
}
