package dev.batch.common.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.jobs.JobRequestValidator.Invalid;
import dev.batch.common.parse.PageRanges;
import dev.batch.events.FailedPageMode;
import dev.batch.events.PageRange;
import dev.batch.events.ParseConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;

/**
 * Reads the parse parameters this service honours into a {@link ParseConfig}, so a bad value is a
 * 422 naming it at create instead of a surprise later. Parameters it does not honour are accepted
 * and ignored (the SDK has more than a hundred; the README lists the honoured ones).
 */
final class ParseParameters {
    static final String P = "job_config.parameters.";
    private static final List<String> IMAGE_KINDS = List.of("screenshot", "embedded", "layout");

    private ParseParameters() {}

    /** {@code p}: the config's {@code parameters} object, or null when it has none. */
    static ParseConfig read(JsonNode p) {
        ParseConfig.Builder out = ParseConfig.newBuilder();
        if (p == null) return out.build();
        out.setTargetPages(targetPages(p.get("target_pages")));
        out.setMaxPages(positiveInt(p, "max_pages"));
        String separator = text(p, "page_separator");
        if (separator != null) out.setPageSeparator(separator);
        out.setPagePrefix(text(p, "page_prefix"));
        out.setPageSuffix(text(p, "page_suffix"));
        out.setDisableOcr(bool(p, "disable_ocr"));
        out.setLanguages(languages(p));
        Double tolerance = number(p, "page_error_tolerance", 0, 1);
        if (tolerance != null) out.setPageErrorTolerance(tolerance);
        out.setReplaceFailedPageMode(failedPageMode(p.get("replace_failed_page_mode")));
        String failedPrefix = text(p, "replace_failed_page_with_error_message_prefix");
        if (failedPrefix != null) out.setReplaceFailedPageWithErrorMessagePrefix(failedPrefix);
        String failedSuffix = text(p, "replace_failed_page_with_error_message_suffix");
        if (failedSuffix != null) out.setReplaceFailedPageWithErrorMessageSuffix(failedSuffix);
        out.setOutputTablesAsHtml(bool(p, "output_tables_as_HTML"));
        out.setHideHeaders(bool(p, "hide_headers"));
        out.setHideFooters(bool(p, "hide_footers"));
        out.setImagesToSave(images(p));
        out.setMergeContinuedTables(bool(p, "merge_continued_tables"));
        return out.build();
    }

    /** {@code target_pages} as ranges of consecutive pages; null when absent. */
    private static List<PageRange> targetPages(JsonNode target) {
        if (absent(target)) return null;
        if (!target.isTextual()) throw new Invalid(P + "target_pages", "must be a string such as \"0,2-4\" (0-based)");
        NavigableSet<Integer> pages;
        try {
            pages = PageRanges.parse(target.asText());
        } catch (IllegalArgumentException e) {
            throw new Invalid(P + "target_pages", e.getMessage());
        }
        return PageRanges.ranges(pages);
    }

    /** {@code languages}, else {@code lang} split on ',', '+' or ' '. */
    static List<String> languages(JsonNode p) {
        List<String> out = new ArrayList<>();
        JsonNode languages = p.get("languages");
        if (!absent(languages)) {
            if (!languages.isArray()) throw new Invalid(P + "languages", "must be a list of language codes");
            for (JsonNode l : languages) {
                if (!l.isTextual() || !l.asText().matches("[A-Za-z_-]{2,20}")) {
                    throw new Invalid(P + "languages", "'" + l.asText() + "' is not a language code");
                }
                out.add(l.asText());
            }
        }
        String lang = text(p, "lang");
        if (out.isEmpty() && lang != null) {
            for (String l : lang.split("[,+ ]+")) {
                if (!l.isBlank()) out.add(l.strip());
            }
        }
        return out;
    }

    /** {@code images_to_save}; {@code take_screenshot}, which the SDK still sends, adds {@code screenshot}. */
    private static List<String> images(JsonNode p) {
        List<String> out = new ArrayList<>();
        JsonNode images = p.get("images_to_save");
        if (!absent(images)) {
            if (!images.isArray()) throw new Invalid(P + "images_to_save", "must be a list");
            for (JsonNode i : images) {
                if (!i.isTextual() || !IMAGE_KINDS.contains(i.asText())) {
                    throw new Invalid(P + "images_to_save", "values must be screenshot, embedded or layout, got " + i);
                }
                if (!out.contains(i.asText())) out.add(i.asText());
            }
        }
        if (p.path("take_screenshot").asBoolean(false) && !out.contains("screenshot")) out.add("screenshot");
        return out;
    }

    private static FailedPageMode failedPageMode(JsonNode v) {
        if (absent(v)) return FailedPageMode.raw_text;
        for (FailedPageMode mode : FailedPageMode.values()) {
            if (v.isTextual() && mode.name().equals(v.asText())) return mode;
        }
        throw new Invalid(P + "replace_failed_page_mode", "must be one of [raw_text, blank_page, error_message]");
    }

    static boolean absent(JsonNode v) {
        return v == null || v.isNull();
    }

    static boolean bool(JsonNode p, String name) {
        JsonNode v = p.get(name);
        if (absent(v)) return false;
        if (!v.isBoolean()) throw new Invalid(P + name, "must be true or false");
        return v.asBoolean();
    }

    static String text(JsonNode p, String name) {
        JsonNode v = p.get(name);
        if (absent(v)) return null;
        if (!v.isTextual()) throw new Invalid(P + name, "must be a string");
        return v.asText();
    }

    private static Integer positiveInt(JsonNode p, String name) {
        JsonNode v = p.get(name);
        if (absent(v)) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1)
            throw new Invalid(P + name, "must be an integer of at least 1");
        return v.asInt();
    }

    /** A JSON number from {@code min} to {@code max}; null when absent. */
    static Double number(JsonNode p, String name, double min, double max) {
        JsonNode v = p.get(name);
        if (absent(v)) return null;
        return inRange(v.isNumber() ? v.asDouble() : Double.NaN, name, min, max);
    }

    /** Seconds from {@code min} to {@code max}, as a JSON number or as text ("45"); null when absent. */
    static Double seconds(JsonNode p, String name, double min, double max) {
        JsonNode v = p.get(name);
        if (absent(v)) return null;
        double d = Double.NaN;
        if (v.isNumber()) {
            d = v.asDouble();
        } else if (v.isTextual()) {
            try {
                d = new BigDecimal(v.asText().strip()).doubleValue();
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        return inRange(d, name, min, max);
    }

    private static double inRange(double d, String name, double min, double max) {
        if (Double.isNaN(d) || d < min || d > max) {
            throw new Invalid(P + name, "must be a number from " + stripZero(min) + " to " + stripZero(max));
        }
        return d;
    }

    private static String stripZero(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
