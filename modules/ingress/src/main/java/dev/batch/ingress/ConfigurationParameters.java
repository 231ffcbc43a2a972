package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.common.jobs.JobRequestValidator.Invalid;
import dev.batch.events.JobType;
import java.util.List;

/**
 * The {@code parameters} of a saved configuration, checked by the SDK's types for the product
 * types this service runs ({@code parse_v2}, {@code classify_v2}, {@code extract_v2}: the data
 * schema and fields as every extract job reads them); the SDK's other product types
 * are refused, so a configuration is never saved that no route here could use. Fields the types
 * do not constrain are kept as given: the route that runs the configuration reads them.
 */
final class ConfigurationParameters {
    static final String PARSE = "parse_v2";
    static final String CLASSIFY = "classify_v2";
    static final String EXTRACT = "extract_v2";
    private static final List<String> SUPPORTED = List.of(PARSE, CLASSIFY, EXTRACT);
    /** Every product type the SDK names. */
    static final List<String> KNOWN =
            List.of("split_v1", "extract_v2", "classify_v2", "parse_v2", "spreadsheet_v1", "unknown");

    static final List<String> TIERS = List.of("fast", "cost_effective", "agentic", "agentic_plus");
    /** A record on Kafka stays well under the broker's default message size. */
    static final int MAX_JSON_CHARS = 256 * 1024;

    private static final String P = "parameters.";
    private static final List<String> PARSE_OBJECTS = List.of(
            "agentic_options",
            "crop_box",
            "input_options",
            "output_options",
            "page_ranges",
            "processing_control",
            "processing_options");

    private ConfigurationParameters() {}

    /** The product type of {@code parameters} once they are valid; a 422 naming the field otherwise. */
    static String check(JsonNode parameters) {
        if (parameters == null || parameters.isNull()) throw ApiException.invalid("parameters", "field required");
        if (!parameters.isObject()) throw ApiException.invalid("parameters", "must be an object");
        if (parameters.toString().length() > MAX_JSON_CHARS) {
            throw ApiException.invalid("parameters", "must be at most " + MAX_JSON_CHARS + " characters of JSON");
        }
        String type = productType(parameters.get("product_type"));
        if (type.equals(PARSE)) checkParse(parameters);
        else if (type.equals(EXTRACT)) checkExtract(parameters);
        else checkClassify(parameters);
        return type;
    }

    private static String productType(JsonNode type) {
        if (type == null || type.isNull()) throw ApiException.invalid(P + "product_type", "field required");
        if (!type.isTextual() || !KNOWN.contains(type.asText())) {
            throw ApiException.invalid(P + "product_type", "must be one of " + KNOWN);
        }
        String t = type.asText();
        if (!SUPPORTED.contains(t)) {
            throw ApiException.invalid(
                    P + "product_type",
                    "'" + t + "' is not supported by this service; saved configurations may be " + SUPPORTED);
        }
        return t;
    }

    private static void checkParse(JsonNode p) {
        JsonNode tier = p.get("tier");
        if (tier == null || tier.isNull()) throw ApiException.invalid(P + "tier", "field required");
        if (!tier.isTextual() || !TIERS.contains(tier.asText())) {
            throw ApiException.invalid(P + "tier", "must be one of " + TIERS);
        }
        JsonNode version = p.get("version");
        if (version == null || version.isNull()) throw ApiException.invalid(P + "version", "field required");
        if (!version.isTextual() || version.asText().isBlank()) {
            throw ApiException.invalid(P + "version", "must be a non-empty string such as \"latest\"");
        }
        for (String field : PARSE_OBJECTS) {
            JsonNode v = p.get(field);
            if (v != null && !v.isNull() && !v.isObject()) throw ApiException.invalid(P + field, "must be an object");
        }
        JsonNode hooks = p.get("webhook_configurations");
        if (hooks != null && !hooks.isNull() && !hooks.isArray()) {
            throw ApiException.invalid(P + "webhook_configurations", "must be a list of webhook configurations");
        }
    }

    /** The SDK's {@code ExtractV2Parameters}: its fields as an extract job's config reads them (the schema checked). */
    private static void checkExtract(JsonNode p) {
        if (!p.hasNonNull("data_schema")) {
            throw ApiException.invalid(P + "data_schema", "field required: the JSON Schema of the fields to extract");
        }
        try {
            JobConfigs.read(ExtractV2Request.configurationOf(p), JobType.extract);
        } catch (Invalid e) {
            throw ApiException.invalid(e.field().replaceFirst("^job_config\\.", P), e.reason());
        }
    }

    private static void checkClassify(JsonNode p) {
        // The rules as every classify job reads them: types unique ignoring case, descriptions given.
        ObjectNode rules = JsonNodeFactory.instance.objectNode();
        if (p.has("rules")) rules.set("rules", p.get("rules"));
        try {
            JobConfigs.read(rules, JobType.classify);
        } catch (Invalid e) {
            throw ApiException.invalid(e.field().replaceFirst("^job_config\\.", P), e.reason());
        }
        JsonNode mode = p.get("mode");
        if (mode != null
                && !mode.isNull()
                && !(mode.isTextual() && mode.asText().equals("FAST"))) {
            throw ApiException.invalid(P + "mode", "must be FAST");
        }
        JsonNode parsing = p.get("parsing_configuration");
        if (parsing == null || parsing.isNull()) return;
        String at = P + "parsing_configuration";
        if (!parsing.isObject()) throw ApiException.invalid(at, "must be an object");
        JsonNode lang = parsing.get("lang");
        if (lang != null && !lang.isTextual()) throw ApiException.invalid(at + ".lang", "must be a language code");
        JsonNode max = parsing.get("max_pages");
        if (max != null && !max.isNull() && !(max.isIntegralNumber() && max.canConvertToInt() && max.asInt() >= 1)) {
            throw ApiException.invalid(at + ".max_pages", "must be an integer of at least 1");
        }
        JsonNode target = parsing.get("target_pages");
        if (target != null && !target.isNull() && !target.isTextual()) {
            throw ApiException.invalid(at + ".target_pages", "must be a string such as \"1-3,5\"");
        }
    }
}
