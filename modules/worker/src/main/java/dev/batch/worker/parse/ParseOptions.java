package dev.batch.worker.parse;

import dev.batch.common.jobs.TimeLimit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.parse.PageRanges;
import java.io.IOException;
import java.util.NavigableSet;

/**
 * The parse parameters this worker honours, read from a job config's {@code parameters}; the time
 * limit is {@link TimeLimit}'s.
 */
public record ParseOptions(NavigableSet<Integer> targetPages, Integer maxPages, String pageSeparator, String pagePrefix,
                           String pageSuffix, JsonNode customMetadata, boolean disableOcr,
                           String ocrLanguages, double pageErrorTolerance, String replaceFailedPageMode, String failedPagePrefix,
                           String failedPageSuffix, boolean tablesAsHtml, boolean hideHeaders, boolean hideFooters,
                           java.util.Set<String> imagesToSave) {
    /** LlamaParse's default separator between pages in the whole-document text and markdown. */
    public static final String DEFAULT_SEPARATOR = "\n---\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ParseOptions of(String jobConfigJson) {
        JsonNode p;
        try {
            p = JSON.readTree(jobConfigJson == null ? "{}" : jobConfigJson).path("parameters");
        } catch (IOException e) {
            p = JSON.createObjectNode();
        }
        NavigableSet<Integer> target = null;
        if (p.hasNonNull("target_pages")) {
            try {
                target = PageRanges.parse(p.get("target_pages").asText());
            } catch (IllegalArgumentException e) {
                target = null; // refused at create; a direct producer's bad value means "all pages"
            }
        }
        Integer max = p.hasNonNull("max_pages") && p.get("max_pages").canConvertToInt() && p.get("max_pages").asInt() > 0
                ? p.get("max_pages").asInt() : null;
        return new ParseOptions(target, max,
                p.hasNonNull("page_separator") ? p.get("page_separator").asText() : DEFAULT_SEPARATOR,
                p.hasNonNull("page_prefix") ? p.get("page_prefix").asText() : null,
                p.hasNonNull("page_suffix") ? p.get("page_suffix").asText() : null,
                p.hasNonNull("custom_metadata") ? p.get("custom_metadata") : null,
                p.path("disable_ocr").asBoolean(false),
                Ocr.languages(languages(p)),
                p.hasNonNull("page_error_tolerance") ? p.get("page_error_tolerance").asDouble() : 0.05,
                p.hasNonNull("replace_failed_page_mode") ? p.get("replace_failed_page_mode").asText() : "raw_text",
                p.hasNonNull("replace_failed_page_with_error_message_prefix") ? p.get("replace_failed_page_with_error_message_prefix").asText() : "",
                p.hasNonNull("replace_failed_page_with_error_message_suffix") ? p.get("replace_failed_page_with_error_message_suffix").asText() : "",
                p.path("output_tables_as_HTML").asBoolean(false),
                p.path("hide_headers").asBoolean(false),
                p.path("hide_footers").asBoolean(false),
                images(p));
    }

    private static java.util.Set<String> images(JsonNode p) {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (p.path("images_to_save").isArray()) p.get("images_to_save").forEach(i -> out.add(i.asText()));
        if (p.path("take_screenshot").asBoolean(false)) out.add("screenshot");
        return out;
    }

    private static java.util.List<String> languages(JsonNode p) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (p.path("languages").isArray()) p.get("languages").forEach(l -> out.add(l.asText()));
        if (out.isEmpty() && p.hasNonNull("lang")) {
            for (String l : p.get("lang").asText().split("[,+ ]+")) if (!l.isBlank()) out.add(l.strip());
        }
        return out;
    }

    /** Whether the 1-based page {@code n} is in the output. */
    boolean wants(int n) {
        return targetPages == null || targetPages.contains(n - 1);
    }

    static String withPageNumber(String template, int n) {
        return template.replace("{page_number}", Integer.toString(n));
    }
}
