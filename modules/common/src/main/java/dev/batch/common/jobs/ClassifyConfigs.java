package dev.batch.common.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.jobs.JobRequestValidator.Invalid;
import dev.batch.events.ClassifyConfig;
import dev.batch.events.ClassifyMode;
import dev.batch.events.ClassifyRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a classify config into a {@link ClassifyConfig}: at least one rule, each with a {@code type}
 * of letters, digits, spaces, {@code -} and {@code _}, unique among the rules, and a non-empty
 * {@code description}; {@code mode} {@code FAST} or {@code MULTIMODAL}; {@code parsing_configuration}
 * with a {@code lang} string, {@code max_pages} of at least 1 and {@code target_pages} as 0-based
 * page numbers.
 */
final class ClassifyConfigs {
    static final int MAX_RULES = 500;
    static final int MAX_DESCRIPTION = 10_000;
    private static final Pattern RULE_TYPE = Pattern.compile("[\\p{L}\\p{N} _-]+");
    private static final String PARSING = "job_config.parsing_configuration";

    private ClassifyConfigs() {}

    static ClassifyConfig read(JsonNode config) {
        ClassifyConfig.Builder out = ClassifyConfig.newBuilder().setRules(rules(config.get("rules")));
        JsonNode mode = config.get("mode");
        if (!ParseParameters.absent(mode)) {
            if (!(mode.isTextual()
                    && (mode.asText().equals("FAST") || mode.asText().equals("MULTIMODAL")))) {
                throw new Invalid("job_config.mode", "must be FAST or MULTIMODAL");
            }
            out.setMode(ClassifyMode.valueOf(mode.asText()));
        }
        JsonNode parsing = config.get("parsing_configuration");
        if (ParseParameters.absent(parsing)) return out.build();
        if (!parsing.isObject()) throw new Invalid(PARSING, "must be an object");
        JsonNode lang = parsing.get("lang");
        if (!ParseParameters.absent(lang)) {
            if (!lang.isTextual()) throw new Invalid(PARSING + ".lang", "must be a language code such as \"en\"");
            out.setLang(lang.asText());
        }
        JsonNode max = parsing.get("max_pages");
        if (!ParseParameters.absent(max)) {
            if (!(max.canConvertToInt() && max.isIntegralNumber() && max.asInt() >= 1)) {
                throw new Invalid(PARSING + ".max_pages", "must be an integer of at least 1");
            }
            out.setMaxPages(max.asInt());
        }
        out.setTargetPages(targetPages(parsing.get("target_pages")));
        return out.build();
    }

    private static List<ClassifyRule> rules(JsonNode rules) {
        if (rules == null || !rules.isArray() || rules.isEmpty())
            throw new Invalid("job_config.rules", "must be a non-empty list of rules");
        if (rules.size() > MAX_RULES) throw new Invalid("job_config.rules", "at most " + MAX_RULES + " rules");
        List<ClassifyRule> out = new ArrayList<>();
        Set<String> types = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            String at = "job_config.rules[" + i + "]";
            JsonNode rule = rules.get(i);
            if (!rule.isObject()) throw new Invalid(at, "must be an object with type and description");
            JsonNode type = rule.get("type");
            if (type == null || !type.isTextual() || type.asText().isBlank()) {
                throw new Invalid(at + ".type", "is required: the document type this rule identifies");
            }
            String t = type.asText().strip();
            if (t.length() > 100 || !RULE_TYPE.matcher(t).matches()) {
                throw new Invalid(
                        at + ".type", "'" + t + "' may only hold letters, digits, spaces, '-' and '_' (at most 100)");
            }
            if (!types.add(t.toLowerCase(Locale.ROOT))) {
                throw new Invalid(at + ".type", "'" + t + "' is the type of an earlier rule too; types must be unique");
            }
            JsonNode description = rule.get("description");
            if (description == null
                    || !description.isTextual()
                    || description.asText().isBlank()) {
                throw new Invalid(
                        at + ".description", "is required: say in words what identifies a '" + t + "' document");
            }
            if (description.asText().length() > MAX_DESCRIPTION) {
                throw new Invalid(at + ".description", "is longer than " + MAX_DESCRIPTION + " characters");
            }
            out.add(new ClassifyRule(t, description.asText()));
        }
        return out;
    }

    /** 0-based page numbers; null when absent or empty (from the first page). */
    private static List<Integer> targetPages(JsonNode target) {
        if (ParseParameters.absent(target)) return null;
        String why = "must be a list of 0-based page numbers";
        if (!target.isArray()) throw new Invalid(PARSING + ".target_pages", why);
        List<Integer> pages = new ArrayList<>();
        for (JsonNode n : target) {
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0)
                throw new Invalid(PARSING + ".target_pages", why);
            pages.add(n.asInt());
        }
        return pages.isEmpty() ? null : pages;
    }
}
