package dev.batch.common.jobs;

import dev.batch.common.jobs.JobRequestValidator.Invalid;
import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.parse.PageRanges;
import java.util.List;
import java.util.Set;

/**
 * Checks the parse parameters this service honours, so a bad value is a 422 naming it at create
 * instead of a surprise later. Parameters it does not honour are accepted and ignored (the SDK has
 * more than a hundred; the README lists the honoured ones).
 */
final class ParseParameters {
    private static final String P = "job_config.parameters.";
    private static final Set<String> BOOLEANS = Set.of("disable_ocr", "invalidate_cache", "do_not_cache", "output_tables_as_HTML",
            "hide_headers", "hide_footers");
    private static final Set<String> STRINGS = Set.of("page_separator", "page_prefix", "page_suffix", "lang",
            "replace_failed_page_with_error_message_prefix", "replace_failed_page_with_error_message_suffix");

    private ParseParameters() {}

    static void validate(JsonNode config) {
        JsonNode p = config.get("parameters");
        if (p == null || p.isNull()) return;
        if (!p.isObject()) throw new Invalid("job_config.parameters", "must be an object");
        for (String name : BOOLEANS) {
            JsonNode v = p.get(name);
            if (v != null && !v.isNull() && !v.isBoolean()) throw new Invalid(P + name, "must be true or false");
        }
        for (String name : STRINGS) {
            JsonNode v = p.get(name);
            if (v != null && !v.isNull() && !v.isTextual()) throw new Invalid(P + name, "must be a string");
        }
        JsonNode target = p.get("target_pages");
        if (target != null && !target.isNull()) {
            if (!target.isTextual()) throw new Invalid(P + "target_pages", "must be a string such as \"0,2-4\" (0-based)");
            try {
                PageRanges.parse(target.asText());
            } catch (IllegalArgumentException e) {
                throw new Invalid(P + "target_pages", e.getMessage());
            }
        }
        positiveInt(p, "max_pages", 1);
        number(p, "page_error_tolerance", 0, 1);
        number(p, "job_timeout_in_seconds", 0.1, 86_400);
        number(p, "job_timeout_extra_time_per_page_in_seconds", 0, 3_600);
        oneOf(p, "replace_failed_page_mode", List.of("raw_text", "blank_page", "error_message"));
        JsonNode images = p.get("images_to_save");
        if (images != null && !images.isNull()) {
            if (!images.isArray()) throw new Invalid(P + "images_to_save", "must be a list");
            for (JsonNode i : images) {
                if (!i.isTextual() || !List.of("screenshot", "embedded", "layout").contains(i.asText())) {
                    throw new Invalid(P + "images_to_save", "values must be screenshot, embedded or layout, got " + i);
                }
            }
        }
        JsonNode languages = p.get("languages");
        if (languages != null && !languages.isNull()) {
            if (!languages.isArray()) throw new Invalid(P + "languages", "must be a list of language codes");
            for (JsonNode l : languages) {
                if (!l.isTextual() || !l.asText().matches("[A-Za-z_-]{2,20}")) {
                    throw new Invalid(P + "languages", "'" + l.asText() + "' is not a language code");
                }
            }
        }
        JsonNode custom = p.get("custom_metadata");
        if (custom != null && !custom.isNull() && !custom.isObject()) throw new Invalid(P + "custom_metadata", "must be an object");
    }

    private static void positiveInt(JsonNode p, String name, int min) {
        JsonNode v = p.get(name);
        if (v == null || v.isNull()) return;
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min) {
            throw new Invalid(P + name, "must be an integer of at least " + min);
        }
    }

    private static void number(JsonNode p, String name, double min, double max) {
        JsonNode v = p.get(name);
        if (v == null || v.isNull()) return;
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            throw new Invalid(P + name, "must be a number from " + stripZero(min) + " to " + stripZero(max));
        }
    }

    private static void oneOf(JsonNode p, String name, List<String> allowed) {
        JsonNode v = p.get(name);
        if (v == null || v.isNull()) return;
        if (!v.isTextual() || !allowed.contains(v.asText())) throw new Invalid(P + name, "must be one of " + allowed);
    }

    private static String stripZero(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
