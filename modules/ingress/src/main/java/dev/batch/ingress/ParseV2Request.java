package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.common.parse.PageRanges;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a LlamaParse v2 request ({@code POST /api/v2/parse}, the SDK's {@code ParsingCreateParams})
 * into the config of the one-item batch job that runs it. What the built-in engine honours maps onto
 * the batch parse parameters; every other parameter that is set is accepted and listed in
 * {@code ignored}, which the job's metadata reports. The request itself is kept under
 * {@value #SECTION} for {@code raw_parameters}.
 */
final class ParseV2Request {
    static final String SECTION = "parse_v2";
    static final List<String> TIERS = List.of("fast", "cost_effective", "agentic", "agentic_plus");
    /** The tier the built-in engine serves; every tier asked for runs it. */
    static final String ENGINE_TIER = "fast";

    /** v2 parameter path → batch parameter it becomes (the worker honours these). */
    private static final Map<String, String> HONOURED = Map.ofEntries(
            Map.entry("page_ranges.max_pages", "max_pages"),
            Map.entry("page_ranges.target_pages", "target_pages"),
            Map.entry("processing_options.ocr_parameters.languages", "languages"),
            Map.entry("processing_options.ignore.ignore_text_in_image", "disable_ocr"),
            Map.entry("output_options.images_to_save", "images_to_save"),
            Map.entry("output_options.markdown.tables.output_tables_as_markdown", "output_tables_as_HTML"),
            Map.entry("output_options.markdown.tables.merge_continued_tables", "merge_continued_tables"),
            Map.entry("processing_control.timeouts.base_in_seconds", "job_timeout_in_seconds"),
            Map.entry(
                    "processing_control.timeouts.extra_time_per_page_in_seconds",
                    "job_timeout_extra_time_per_page_in_seconds"),
            Map.entry("processing_control.job_failure_conditions.allowed_page_failure_ratio", "page_error_tolerance"),
            Map.entry("disable_cache", "invalidate_cache"));
    /** Read by the route itself, or kept as the job's record. */
    private static final Set<String> USED =
            Set.of("tier", "version", "file_id", "source_url", "client_name", "webhook_configurations");
    /** v2 webhook event names → the service's. */
    private static final Map<String, String> EVENTS = Map.of(
            "parse.failure", "parse.error",
            "parse.partial", "parse.partial_success");

    /** A read request: its input, its tier and version, the batch job config, and what is not honoured. */
    record Read(
            String tier,
            String version,
            String fileId,
            String sourceUrl,
            String clientName,
            ObjectNode jobConfig,
            List<String> ignored) {}

    private ParseV2Request() {}

    /** {@code upload}: the file comes in the request, so neither {@code file_id} nor {@code source_url} may. */
    static Read read(JsonNode body, boolean upload) {
        if (body == null || !body.isObject()) throw new ApiException(422, "the request body must be a JSON object");
        String tier = requiredText(body, "tier");
        if (!TIERS.contains(tier))
            throw ApiException.invalid("tier", "must be one of " + TIERS + ", got '" + tier + "'");
        String version = requiredText(body, "version");
        String fileId = optionalText(body, "file_id");
        String sourceUrl = optionalText(body, "source_url");
        if (upload && (fileId != null || sourceUrl != null)) {
            throw ApiException.invalid(
                    fileId != null ? "file_id" : "source_url", "must be left out when the file is uploaded");
        }
        if (!upload && (fileId == null) == (sourceUrl == null)) {
            throw ApiException.invalid("file_id", "give exactly one of file_id and source_url");
        }
        ObjectNode parameters = Json.MAPPER.createObjectNode();
        mapHonoured(body, parameters);
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.set("parameters", parameters);
        JsonNode hooks = body.get("webhook_configurations");
        if (hooks != null && !hooks.isNull()) config.set("webhook_configurations", webhooks(hooks));
        List<String> ignored = ignored(body);
        ObjectNode section = config.putObject(SECTION);
        section.put("tier", tier).put("version", version).put("tier_used", ENGINE_TIER);
        section.put("client_name", optionalText(body, "client_name"));
        ArrayNode list = section.putArray("ignored_parameters");
        ignored.forEach(list::add);
        section.set("raw_parameters", body.deepCopy());
        return new Read(tier, version, fileId, sourceUrl, optionalText(body, "client_name"), config, ignored);
    }

    /** The honoured parameters, checked and renamed; a bad value is a 422 naming its v2 path. */
    private static void mapHonoured(JsonNode body, ObjectNode p) {
        JsonNode max = at(body, "page_ranges.max_pages");
        if (max != null) {
            if (!max.isIntegralNumber() || !max.canConvertToInt() || max.asInt() < 1)
                throw ApiException.invalid("page_ranges.max_pages", "must be an integer of at least 1");
            p.put("max_pages", max.asInt());
        }
        JsonNode target = at(body, "page_ranges.target_pages");
        if (target != null) p.put("target_pages", zeroBased(target));
        JsonNode languages = at(body, "processing_options.ocr_parameters.languages");
        if (languages != null) p.set("languages", languages);
        copyBoolean(body, "processing_options.ignore.ignore_text_in_image", p, "disable_ocr", false);
        JsonNode images = at(body, "output_options.images_to_save");
        if (images != null) p.set("images_to_save", images);
        copyBoolean(body, "output_options.markdown.tables.output_tables_as_markdown", p, "output_tables_as_HTML", true);
        copyBoolean(body, "output_options.markdown.tables.merge_continued_tables", p, "merge_continued_tables", false);
        copyNumber(body, "processing_control.timeouts.base_in_seconds", p, "job_timeout_in_seconds", 1800);
        copyNumber(
                body,
                "processing_control.timeouts.extra_time_per_page_in_seconds",
                p,
                "job_timeout_extra_time_per_page_in_seconds",
                300);
        copyNumber(
                body,
                "processing_control.job_failure_conditions.allowed_page_failure_ratio",
                p,
                "page_error_tolerance",
                1);
        copyBoolean(body, "disable_cache", p, "invalidate_cache", false);
    }

    /** LlamaParse v2 numbers pages from 1 ("1,3,5-8"); the batch parameter from 0. */
    private static String zeroBased(JsonNode target) {
        if (!target.isTextual())
            throw ApiException.invalid("page_ranges.target_pages", "must be a string such as \"1,3,5-8\"");
        NavigableSet<Integer> pages;
        try {
            pages = PageRanges.parse(target.asText());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(
                    "page_ranges.target_pages",
                    e.getMessage().replace("0-based, e.g. \"0,2-4\"", "1-based, e.g. \"1,3-5\""));
        }
        if (pages.first() < 1) throw ApiException.invalid("page_ranges.target_pages", "pages are numbered from 1");
        return pages.stream().map(page -> Integer.toString(page - 1)).collect(Collectors.joining(","));
    }

    private static void copyBoolean(JsonNode body, String path, ObjectNode p, String name, boolean negate) {
        JsonNode v = at(body, path);
        if (v == null) return;
        if (!v.isBoolean()) throw ApiException.invalid(path, "must be true or false");
        p.put(name, negate != v.asBoolean());
    }

    private static void copyNumber(JsonNode body, String path, ObjectNode p, String name, double max) {
        JsonNode v = at(body, path);
        if (v == null) return;
        if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > max)
            throw ApiException.invalid(path, "must be a number from 0 to " + (long) max);
        p.put(name, v.asDouble());
    }

    /** The receivers, with the v2 event names translated; each is checked when the job is read. */
    private static JsonNode webhooks(JsonNode hooks) {
        if (!hooks.isArray()) throw ApiException.invalid("webhook_configurations", "must be a list");
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode hook : hooks) {
            if (!hook.isObject()) throw ApiException.invalid("webhook_configurations", "every entry must be an object");
            ObjectNode copy = hook.deepCopy();
            JsonNode events = hook.get("webhook_events");
            if (events != null && events.isArray()) {
                ArrayNode renamed = copy.putArray("webhook_events");
                events.forEach(e -> renamed.add(EVENTS.getOrDefault(e.asText(), e.asText())));
            }
            out.add(copy);
        }
        return out;
    }

    /** The paths of the parameters set to something other than nothing that the engine does not honour. */
    static List<String> ignored(JsonNode body) {
        List<String> out = new ArrayList<>();
        collectIgnored(body, "", out);
        return out;
    }

    private static void collectIgnored(JsonNode node, String prefix, List<String> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String path = prefix + f.getKey();
            JsonNode v = f.getValue();
            if (USED.contains(path) || HONOURED.containsKey(path) || nothing(v)) continue;
            if (v.isObject()) collectIgnored(v, path + ".", out);
            else out.add(path);
        }
    }

    /** A value that asks for nothing: null, false, an empty string, list or object. */
    private static boolean nothing(JsonNode v) {
        return v.isNull()
                || (v.isBoolean() && !v.asBoolean())
                || (v.isTextual() && v.asText().isEmpty())
                || (v.isContainerNode() && v.isEmpty());
    }

    /** The value at a dotted path, or null when it or any object on the way is absent or null. */
    private static JsonNode at(JsonNode body, String path) {
        JsonNode n = body;
        String walked = "";
        for (String part : path.split("\\.")) {
            if (n == null || n.isNull()) return null;
            if (!n.isObject()) throw ApiException.invalid(walked, "must be an object");
            n = n.get(part);
            walked = walked.isEmpty() ? part : walked + "." + part;
        }
        return n == null || n.isNull() ? null : n;
    }

    /**
     * The v2 name of a field the batch config reader refused ({@code job_config.parameters.languages}
     * is {@code processing_options.ocr_parameters.languages} here).
     */
    static String v2Field(String batchField) {
        String name = batchField.replaceFirst("^job_config\\.(parameters\\.)?", "");
        for (Map.Entry<String, String> e : HONOURED.entrySet()) {
            if (e.getValue().equals(name)) return e.getKey();
        }
        return name;
    }

    private static String requiredText(JsonNode body, String field) {
        String v = optionalText(body, field);
        if (v == null) throw ApiException.invalid(field, "field required");
        return v;
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() || v.asText().isBlank()) throw ApiException.invalid(field, "must be a non-empty string");
        return v.asText().strip();
    }
}
