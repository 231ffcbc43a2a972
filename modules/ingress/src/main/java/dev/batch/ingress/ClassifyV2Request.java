package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /api/v2/classify} (the SDK's {@code ClassifyCreateRequest}), checked field
 * by field: what to classify ({@code file_input}, or the deprecated {@code file_id} /
 * {@code parse_job_id}), with which rules ({@code configuration} or {@code configuration_id}), and
 * the project's idempotency key {@code transaction_id}.
 */
record ClassifyV2Request(String fileInput, JsonNode configuration, String configurationId, String transactionId) {
    private static final int MAX_TARGET_PAGES = 1000;
    private static final String TARGET_PAGES = "configuration.parsing_configuration.target_pages";
    private static final String PAGES_FORMAT = "must be 1-based page numbers or ranges, e.g. \"1,3-5\"";

    static ClassifyV2Request read(JsonNode body) {
        if (body == null || !body.isObject()) throw new ApiException(422, "the request body must be a JSON object");
        String input = V2Fields.input(body, List.of("file_id", "parse_job_id"), "file_id or parse_job_id");
        JsonNode configuration = body.get("configuration");
        if (configuration != null && configuration.isNull()) configuration = null;
        if (configuration != null && !configuration.isObject())
            throw ApiException.invalid("configuration", "must be an object with rules");
        // Without rules the batch job would be a parse job: a classify request always has them.
        if (configuration != null && !configuration.hasNonNull("rules"))
            throw ApiException.invalid("configuration.rules", "field required: at least one rule");
        String configurationId = V2Fields.text(body, "configuration_id", 512);
        if (configuration != null && configurationId != null)
            throw ApiException.invalid("configuration_id", "give either configuration or configuration_id, not both");
        if (configuration == null && configurationId == null)
            throw ApiException.invalid(
                    "configuration", "field required: the rules (or configuration_id, a saved configuration)");
        return new ClassifyV2Request(input, configuration, configurationId, V2Fields.text(body, "transaction_id", 255));
    }

    boolean byParseJob() {
        return fileInput.startsWith(V2Fields.PARSE_JOB_PREFIX);
    }

    /**
     * The classify config of the batch job that runs this: {@code configuration} as sent, but for
     * {@code parsing_configuration.target_pages}, which the SDK writes as 1-based ranges and the
     * job config holds as 0-based page numbers.
     */
    static ObjectNode jobConfig(JsonNode configuration) {
        ObjectNode config = configuration.deepCopy();
        JsonNode parsing = config.get("parsing_configuration");
        if (parsing instanceof ObjectNode p && p.hasNonNull("target_pages")) {
            p.set("target_pages", zeroBased(p.get("target_pages")));
        }
        return config;
    }

    private static ArrayNode zeroBased(JsonNode target) {
        if (!target.isTextual()) throw ApiException.invalid(TARGET_PAGES, PAGES_FORMAT);
        List<int[]> ranges = new ArrayList<>();
        long count = 0;
        for (String part : target.asText().split(",", -1)) {
            int[] range = range(part.strip());
            count += range[1] - range[0] + 1L;
            if (count > MAX_TARGET_PAGES)
                throw ApiException.invalid(TARGET_PAGES, "names more than " + MAX_TARGET_PAGES + " pages");
            ranges.add(range);
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int[] r : ranges) for (int page = r[0]; page <= r[1]; page++) out.add(page - 1);
        return out;
    }

    private static int[] range(String part) {
        int dash = part.indexOf('-');
        try {
            int from =
                    Integer.parseInt(dash < 0 ? part : part.substring(0, dash).strip());
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).strip());
            if (from >= 1 && to >= from) return new int[] {from, to};
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.invalid(TARGET_PAGES, PAGES_FORMAT + "; got '" + part + "'");
    }

    /**
     * A refusal of the batch job this request became, in this request's terms: the job config's
     * fields are {@code configuration}'s, its one item is {@code file_input}.
     */
    ApiException renamed(ApiException e) {
        if (e.status != 422) return e;
        if (e.errors.stream().anyMatch(f -> f.loc().contains("item_ids"))) {
            String what = byParseJob() ? "parse job" : fileInput.startsWith("dfl-") ? "directory file" : "file";
            return ApiException.invalid("file_input", what + " '" + fileInput + "' not found");
        }
        return e.renamed(ClassifyV2Request::renamed);
    }

    private static String renamed(String field) {
        return field.startsWith("job_config") ? "configuration" + field.substring("job_config".length()) : field;
    }
}
