package dev.batch.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.Ids;
import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.events.JobRequested;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Reads the body of {@code POST /api/v1/beta/batch-processing} into a {@link JobRequested} and
 * checks it with the {@link JobRequestValidator} every entrance shares. Every refusal names the
 * field. Checks that need the catalog (do the files exist?) are the route's.
 */
final class JobRequestReader {
    private final ObjectMapper json;
    private final JobRequestValidator validator;

    JobRequestReader(ObjectMapper json, JobRequestValidator validator) {
        this.json = json;
        this.validator = validator;
    }

    /**
     * A request as the client asked it ({@code asked}, what is published with its config read: the
     * splitter runs the same check and decides what runs) and as it will run ({@code checked}: its
     * priority possibly lowered, the notices saying so).
     */
    record Read(JobRequested asked, JobRequestValidator.Checked checked) {}

    Read read(JsonNode body, String projectId, String correlationHeader, Instant now) {
        JsonNode config = jobConfig(body);
        String directoryId = optionalString(body, "directory_id");
        List<String> itemIds = itemIds(body);
        if (directoryId == null && itemIds == null) {
            throw new ApiException(
                    422,
                    "either directory_id or item_ids is required",
                    List.of(
                            new ApiException.FieldError(
                                    List.of("body", "directory_id"), "either directory_id or item_ids is required"),
                            new ApiException.FieldError(
                                    List.of("body", "item_ids"), "either directory_id or item_ids is required")));
        }
        int pageSize = integer(body, "page_size", 100);
        Integer threshold =
                body.hasNonNull("continue_as_new_threshold") ? integer(body, "continue_as_new_threshold", 1) : null;
        String configJson;
        try {
            configJson = json.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("job_config", "cannot be stored: " + e.getOriginalMessage());
        }
        try {
            String correlation = correlationId(config, correlationHeader);
            JobRequested request = JobRequested.newBuilder()
                    .setJobId(Ids.job())
                    .setProjectId(projectId)
                    .setJobType(JobRequestValidator.jobType(config))
                    .setJobConfigJson(configJson)
                    .setDirectoryId(directoryId)
                    .setItemIds(itemIds)
                    .setPageSize(pageSize)
                    .setContinueAsNewThreshold(threshold)
                    .setPriority(JobRequestValidator.priority(config))
                    .setCorrelationId(correlation)
                    .setRequestedAt(now)
                    .build();
            JobRequestValidator.Checked checked = validator.check(request);
            request.setConfig(
                    checked.request().getConfig()); // published read, so no service after this one reads the JSON
            return new Read(request, checked);
        } catch (JobRequestValidator.Invalid e) {
            throw ApiException.invalid(e.field(), e.reason());
        }
    }

    /** The body's job_config: present, and an object. */
    private static JsonNode jobConfig(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ApiException(422, "the request body must be a JSON object");
        }
        JsonNode config = body.get("job_config");
        if (config == null || config.isNull()) {
            throw ApiException.invalid("job_config", "field required");
        }
        if (!config.isObject()) {
            throw ApiException.invalid("job_config", "must be an object (a parse, classify or extract config)");
        }
        return config;
    }

    /** The config's correlation_id, else the header's (checked as the field would be), else null. */
    private static String correlationId(JsonNode config, String header) {
        String correlation = config.hasNonNull("correlation_id")
                ? config.get("correlation_id").asText()
                : null;
        if (correlation == null && header != null && !header.isBlank()) {
            JobRequestValidator.correlationId(header.strip(), HttpApi.CORRELATION_HEADER);
            correlation = header.strip();
        }
        return correlation;
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
        if (v.size() > JobRequestValidator.MAX_ITEM_IDS) {
            throw ApiException.invalid(
                    "item_ids",
                    "holds " + v.size() + " ids; at most " + JobRequestValidator.MAX_ITEM_IDS
                            + " (use a directory for more)");
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (JsonNode id : v) {
            if (!id.isTextual() || id.asText().isBlank())
                throw ApiException.invalid("item_ids", "every id must be a non-empty string");
            ids.add(id.asText());
        }
        return new ArrayList<>(ids);
    }

    private static int integer(JsonNode body, String field, int def) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return def;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiException.invalid(
                    field,
                    field.equals("page_size")
                            ? "must be an integer from 1 to " + JobRequestValidator.MAX_PAGE_SIZE
                            : "must be an integer of at least 1");
        }
        return v.asInt();
    }
}
