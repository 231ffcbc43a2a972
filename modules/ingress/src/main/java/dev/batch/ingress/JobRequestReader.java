package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.Ids;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import dev.batch.events.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and validates the body of {@code POST /api/v1/beta/batch-processing} into a
 * {@link JobRequested}. Every refusal names the field. Checks that need the catalog (do the files
 * exist?) are the route's.
 */
final class JobRequestReader {
    static final int MAX_ITEM_IDS = 10_000;
    private static final Set<String> PARSE_JOB_NAMES = Set.of("parse_raw_file_job", "PARSE_RAW_FILE");

    private final ObjectMapper json;

    JobRequestReader(ObjectMapper json) {
        this.json = json;
    }

    JobRequested read(JsonNode body, String projectId, Instant now) {
        if (body == null || !body.isObject()) {
            throw new ApiException(422, "the request body must be a JSON object");
        }
        JsonNode config = body.get("job_config");
        if (config == null || config.isNull()) {
            throw ApiException.invalid("job_config", "field required");
        }
        if (!config.isObject()) {
            throw ApiException.invalid("job_config", "must be an object (a parse or a classify config)");
        }
        JobType type = jobType(config);
        Priority priority = priority(config);
        if (type == JobType.parse) ParseParameters.validate(config);

        String directoryId = optionalString(body, "directory_id");
        List<String> itemIds = itemIds(body);
        if (directoryId == null && itemIds == null) {
            throw new ApiException(422, "either directory_id or item_ids is required",
                    List.of(new ApiException.FieldError(List.of("body", "directory_id"), "either directory_id or item_ids is required"),
                            new ApiException.FieldError(List.of("body", "item_ids"), "either directory_id or item_ids is required")));
        }
        if (directoryId != null && itemIds != null) {
            throw ApiException.invalid("item_ids", "give either directory_id or item_ids, not both");
        }
        int pageSize = intInRange(body, "page_size", 100, 1, 1000);
        Integer threshold = body.hasNonNull("continue_as_new_threshold")
                ? intInRange(body, "continue_as_new_threshold", 1, 1, Integer.MAX_VALUE) : null;

        String configJson;
        try {
            configJson = json.writeValueAsString(config);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.invalid("job_config", "cannot be stored: " + e.getOriginalMessage());
        }
        return JobRequested.newBuilder()
                .setJobId(Ids.job())
                .setProjectId(projectId)
                .setJobType(type)
                .setJobConfigJson(configJson)
                .setDirectoryId(directoryId)
                .setItemIds(itemIds)
                .setPageSize(pageSize)
                .setContinueAsNewThreshold(threshold)
                .setPriority(priority)
                .setCorrelationId(config.hasNonNull("correlation_id") ? config.get("correlation_id").asText() : null)
                .setRequestedAt(now)
                .build();
    }

    /** A classify config is recognised by its rules; otherwise it is a parse config. */
    private static JobType jobType(JsonNode config) {
        if (config.has("rules")) {
            JsonNode rules = config.get("rules");
            if (!rules.isArray() || rules.isEmpty()) {
                throw ApiException.invalid("job_config.rules", "must be a non-empty list of rules");
            }
            return JobType.classify;
        }
        JsonNode name = config.get("job_name");
        if (name == null || name.isNull()) return JobType.parse;
        if (!name.isTextual() || !PARSE_JOB_NAMES.contains(name.asText())) {
            throw ApiException.invalid("job_config.job_name", "'" + name.asText() + "' is not supported; use parse_raw_file_job");
        }
        return JobType.parse;
    }

    private static Priority priority(JsonNode config) {
        JsonNode p = config.path("parameters").path("priority");
        if (p.isMissingNode() || p.isNull()) return Priority.medium;
        if (p.isTextual()) {
            for (Priority v : Priority.values()) {
                if (v.name().equals(p.asText())) return v;
            }
        }
        throw ApiException.invalid("job_config.parameters.priority", "must be one of low, medium, high, critical");
    }

    private static String optionalString(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() || v.asText().isBlank()) throw ApiException.invalid(field, "must be a non-empty string");
        return v.asText();
    }

    private static List<String> itemIds(JsonNode body) {
        JsonNode v = body.get("item_ids");
        if (v == null || v.isNull()) return null;
        if (!v.isArray()) throw ApiException.invalid("item_ids", "must be a list of ids");
        if (v.isEmpty()) throw ApiException.invalid("item_ids", "must not be empty");
        if (v.size() > MAX_ITEM_IDS) {
            throw ApiException.invalid("item_ids", "holds " + v.size() + " ids; at most " + MAX_ITEM_IDS + " (use a directory for more)");
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (JsonNode id : v) {
            if (!id.isTextual() || id.asText().isBlank()) throw ApiException.invalid("item_ids", "every id must be a non-empty string");
            ids.add(id.asText());
        }
        return new ArrayList<>(ids);
    }

    private static int intInRange(JsonNode body, String field, int def, int min, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return def;
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw ApiException.invalid(field, "must be an integer from " + min + " to " + max);
        }
        return v.asInt();
    }
}
