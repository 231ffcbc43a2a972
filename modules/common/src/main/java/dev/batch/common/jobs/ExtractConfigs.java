package dev.batch.common.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.extract.SchemaCheck;
import dev.batch.common.extract.SchemaProblem;
import dev.batch.common.jobs.JobRequestValidator.Invalid;
import dev.batch.events.ExtractConfig;
import dev.batch.events.ExtractTier;
import dev.batch.events.ExtractionTarget;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads an extract config (the fields of LlamaCloud's {@code ExtractConfiguration} at the top of a
 * job config, as a classify config carries {@code rules}) into an {@link ExtractConfig}: a
 * {@code data_schema} that {@link SchemaCheck} accepts, stored normalised; {@code extraction_target},
 * {@code tier} among their values; {@code target_pages} as 1-based pages and ranges; {@code max_pages}
 * of at least 1. OCR languages come from {@code parameters.languages} or {@code parameters.lang}.
 * {@code extract_version}, {@code parse_tier} and {@code parse_config_id} are accepted and not read.
 */
final class ExtractConfigs {
    static final int MAX_SYSTEM_PROMPT = 20_000;
    private static final Pattern PAGES =
            Pattern.compile("\\s*\\d{1,6}\\s*(-\\s*\\d{1,6}\\s*)?(,\\s*\\d{1,6}\\s*(-\\s*\\d{1,6}\\s*)?)*");
    private static final String AT = "job_config.";

    private ExtractConfigs() {}

    static ExtractConfig read(JsonNode config, JsonNode parameters) {
        JsonNode schema = config.get("data_schema");
        if (ParseParameters.absent(schema)) throw new Invalid(AT + "data_schema", "is required: the fields to extract");
        ExtractConfig.Builder out = ExtractConfig.newBuilder();
        try {
            out.setDataSchemaJson(SchemaCheck.normalise(schema).toString());
        } catch (SchemaProblem e) {
            throw new Invalid(AT + "data_schema" + e.pointer(), e.reason());
        }
        String target = choice(config, "extraction_target", List.of("per_doc", "per_page", "per_table_row"));
        if (target != null) out.setExtractionTarget(ExtractionTarget.valueOf(target));
        String tier = choice(config, "tier", List.of("cost_effective", "agentic"));
        if (tier != null) out.setTier(ExtractTier.valueOf(tier));
        out.setCiteSources(bool(config, "cite_sources"));
        out.setConfidenceScores(bool(config, "confidence_scores"));
        String pages = text(config, "target_pages");
        if (pages != null && !pages.isBlank()) {
            if (!PAGES.matcher(pages).matches() || pages.matches(".*\\b0\\b.*")) {
                throw new Invalid(
                        AT + "target_pages", "'" + pages + "' is not 1-based pages and ranges such as \"1,3-5\"");
            }
            out.setTargetPages(pages.strip());
        }
        JsonNode max = config.get("max_pages");
        if (!ParseParameters.absent(max)) {
            if (!(max.isIntegralNumber() && max.canConvertToInt() && max.asInt() >= 1)) {
                throw new Invalid(AT + "max_pages", "must be an integer of at least 1");
            }
            out.setMaxPages(max.asInt());
        }
        String prompt = text(config, "system_prompt");
        if (prompt != null && prompt.length() > MAX_SYSTEM_PROMPT) {
            throw new Invalid(AT + "system_prompt", "is longer than " + MAX_SYSTEM_PROMPT + " characters");
        }
        out.setSystemPrompt(prompt == null || prompt.isBlank() ? null : prompt);
        out.setLanguages(parameters == null ? List.of() : ParseParameters.languages(parameters));
        return out.build();
    }

    /** The symbol asked for {@code name}, null when absent; an {@link Invalid} listing the allowed ones otherwise. */
    private static String choice(JsonNode config, String name, List<String> allowed) {
        String s = text(config, name);
        if (s == null || allowed.contains(s)) return s;
        throw new Invalid(AT + name, "must be one of " + String.join(", ", allowed));
    }

    private static boolean bool(JsonNode config, String name) {
        JsonNode v = config.get(name);
        if (ParseParameters.absent(v)) return false;
        if (!v.isBoolean()) throw new Invalid(AT + name, "must be true or false");
        return v.asBoolean();
    }

    private static String text(JsonNode config, String name) {
        JsonNode v = config.get(name);
        if (ParseParameters.absent(v)) return null;
        if (!v.isTextual()) throw new Invalid(AT + name, "must be a string");
        return v.asText();
    }
}
