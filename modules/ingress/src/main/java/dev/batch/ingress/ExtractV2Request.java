package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The body of {@code POST /api/v2/extract} (the SDK's {@code ExtractV2JobCreate}), checked field by
 * field: what to read ({@code file_input}, or the deprecated {@code document_input_value}: a file,
 * a directory file or a parse job's file), by which schema ({@code configuration} or
 * {@code configuration_id}), and who hears of it ({@code webhook_configurations}). The schema itself
 * and the other configuration fields are checked where every extract job's config is read.
 */
record ExtractV2Request(
        String fileInput, ObjectNode configuration, String configurationId, JsonNode webhookConfigurations) {
    /** The SDK's {@code ExtractConfiguration}: the fields an extract job config carries at its top. */
    static final List<String> CONFIGURATION_FIELDS = List.of(
            "data_schema",
            "extraction_target",
            "cite_sources",
            "confidence_scores",
            "target_pages",
            "max_pages",
            "system_prompt",
            "tier",
            "extract_version",
            "parse_tier",
            "parse_config_id");

    static ExtractV2Request read(JsonNode body) {
        if (body == null || !body.isObject()) throw new ApiException(422, "the request body must be a JSON object");
        String input = V2Fields.input(body, List.of("document_input_value"), "document_input_value");
        JsonNode configuration = body.get("configuration");
        if (configuration != null && configuration.isNull()) configuration = null;
        if (configuration != null && !configuration.isObject())
            throw ApiException.invalid("configuration", "must be an object with a data_schema");
        if (configuration != null && !configuration.hasNonNull("data_schema"))
            throw ApiException.invalid("configuration.data_schema", "field required: the JSON Schema of the fields");
        String configurationId = V2Fields.text(body, "configuration_id", 512);
        if (configuration != null && configurationId != null)
            throw ApiException.invalid("configuration_id", "give either configuration or configuration_id, not both");
        if (configuration == null && configurationId == null)
            throw ApiException.invalid(
                    "configuration",
                    "field required: a data_schema to extract by (or configuration_id, a saved configuration)");
        JsonNode hooks = body.get("webhook_configurations");
        if (hooks != null && !hooks.isNull() && !hooks.isArray())
            throw ApiException.invalid("webhook_configurations", "must be a list of webhook configurations");
        return new ExtractV2Request(
                input, (ObjectNode) configuration, configurationId, hooks == null || hooks.isNull() ? null : hooks);
    }

    boolean byParseJob() {
        return fileInput.startsWith(V2Fields.PARSE_JOB_PREFIX);
    }

    /**
     * The extract config of the batch job that runs this: the configuration's fields at the top (only
     * the SDK's: anything else in it is not the job's business) and the webhook configurations.
     */
    ObjectNode jobConfig(JsonNode configuration) {
        ObjectNode config = Json.MAPPER.createObjectNode();
        for (String field : CONFIGURATION_FIELDS) {
            JsonNode v = configuration.get(field);
            if (v != null) config.set(field, v.deepCopy());
        }
        if (webhookConfigurations != null) config.set("webhook_configurations", webhookConfigurations.deepCopy());
        return config;
    }

    /** The fields of {@code jobConfig} (an extract job config) that are the SDK's {@code ExtractConfiguration}. */
    static ObjectNode configurationOf(JsonNode jobConfig) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (String field : CONFIGURATION_FIELDS) {
            JsonNode v = jobConfig.get(field);
            if (v != null) out.set(field, v.deepCopy());
        }
        return out;
    }

    /**
     * A refusal of the batch job this request became, in this request's terms: the job config's
     * fields are {@code configuration}'s (its webhooks the request's own), its one item is
     * {@code file_input}.
     */
    ApiException renamed(ApiException e) {
        if (e.status != 422) return e;
        if (e.errors.stream().anyMatch(f -> f.loc().contains("item_ids"))) {
            String what = byParseJob() ? "parse job" : fileInput.startsWith("dfl-") ? "directory file" : "file";
            return ApiException.invalid("file_input", what + " '" + fileInput + "' not found");
        }
        return e.renamed(ExtractV2Request::renamed);
    }

    static String renamed(String field) {
        if (field.startsWith("job_config.webhook_configurations")) return field.substring("job_config.".length());
        return field.startsWith("job_config") ? "configuration" + field.substring("job_config".length()) : field;
    }
}
