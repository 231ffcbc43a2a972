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

    private final dev.batch.webhooks.ReceiverPolicy webhookPolicy;

    JobRequestReader(ObjectMapper json, dev.batch.webhooks.ReceiverPolicy webhookPolicy) {
        this.webhookPolicy = webhookPolicy;
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
        webhooks(config);
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
            validateClassify(config);
            return JobType.classify;
        }
        JsonNode name = config.get("job_name");
        if (name == null || name.isNull()) return JobType.parse;
        if (!name.isTextual() || !PARSE_JOB_NAMES.contains(name.asText())) {
            throw ApiException.invalid("job_config.job_name", "'" + name.asText() + "' is not supported; use parse_raw_file_job");
        }
        return JobType.parse;
    }

    private static final java.util.regex.Pattern RULE_TYPE = java.util.regex.Pattern.compile("[\\p{L}\\p{N} _-]+");

    /**
     * A classify config: at least one rule, each with a {@code type} of letters, digits, spaces,
     * {@code -} and {@code _}, unique among the rules, and a non-empty {@code description}; {@code mode}
     * {@code FAST} or {@code MULTIMODAL}; {@code parsing_configuration} with a {@code lang} string,
     * {@code max_pages} of at least 1 and {@code target_pages} as 0-based page numbers.
     */
    private static void validateClassify(JsonNode config) {
        JsonNode rules = config.get("rules");
        if (!rules.isArray() || rules.isEmpty()) {
            throw ApiException.invalid("job_config.rules", "must be a non-empty list of rules");
        }
        java.util.Set<String> types = new java.util.HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            String at = "job_config.rules[" + i + "]";
            JsonNode rule = rules.get(i);
            if (!rule.isObject()) throw ApiException.invalid(at, "must be an object with type and description");
            JsonNode type = rule.get("type");
            if (type == null || !type.isTextual() || type.asText().isBlank()) {
                throw ApiException.invalid(at + ".type", "is required: the document type this rule identifies");
            }
            String t = type.asText().strip();
            if (t.length() > 100 || !RULE_TYPE.matcher(t).matches()) {
                throw ApiException.invalid(at + ".type", "'" + t + "' may only hold letters, digits, spaces, '-' and '_' (at most 100)");
            }
            if (!types.add(t.toLowerCase(java.util.Locale.ROOT))) {
                throw ApiException.invalid(at + ".type", "'" + t + "' is the type of an earlier rule too; types must be unique");
            }
            JsonNode description = rule.get("description");
            if (description == null || !description.isTextual() || description.asText().isBlank()) {
                throw ApiException.invalid(at + ".description", "is required: say in words what identifies a '" + t + "' document");
            }
            if (description.asText().length() > 10_000) throw ApiException.invalid(at + ".description", "is longer than 10000 characters");
        }
        JsonNode mode = config.get("mode");
        if (mode != null && !mode.isNull() && !(mode.isTextual() && (mode.asText().equals("FAST") || mode.asText().equals("MULTIMODAL")))) {
            throw ApiException.invalid("job_config.mode", "must be FAST or MULTIMODAL");
        }
        JsonNode parsing = config.get("parsing_configuration");
        if (parsing == null || parsing.isNull()) return;
        if (!parsing.isObject()) throw ApiException.invalid("job_config.parsing_configuration", "must be an object");
        JsonNode lang = parsing.get("lang");
        if (lang != null && !lang.isNull() && !lang.isTextual()) {
            throw ApiException.invalid("job_config.parsing_configuration.lang", "must be a language code such as \"en\"");
        }
        JsonNode max = parsing.get("max_pages");
        if (max != null && !max.isNull() && !(max.canConvertToInt() && max.isIntegralNumber() && max.asInt() >= 1)) {
            throw ApiException.invalid("job_config.parsing_configuration.max_pages", "must be an integer of at least 1");
        }
        JsonNode target = parsing.get("target_pages");
        if (target != null && !target.isNull()) {
            if (!target.isArray()) throw ApiException.invalid("job_config.parsing_configuration.target_pages", "must be a list of 0-based page numbers");
            for (JsonNode n : target) {
                if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
                    throw ApiException.invalid("job_config.parsing_configuration.target_pages", "must be a list of 0-based page numbers");
                }
            }
        }
    }

    /** The receivers of the job's webhooks: in the parse parameters, or in a classify config. */
    private void webhooks(JsonNode config) {
        try {
            JsonNode p = config.path("parameters");
            dev.batch.webhooks.WebhookConfigs.validate(p.get("webhook_configurations"), "job_config.parameters.webhook_configurations",
                    p.get("webhook_url"), "job_config.parameters.webhook_url", webhookPolicy);
            dev.batch.webhooks.WebhookConfigs.validate(config.get("webhook_configurations"), "job_config.webhook_configurations",
                    config.get("webhook_url"), "job_config.webhook_url", webhookPolicy);
        } catch (dev.batch.webhooks.WebhookConfigs.Invalid e) {
            throw ApiException.invalid(e.field(), e.reason());
        }
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
