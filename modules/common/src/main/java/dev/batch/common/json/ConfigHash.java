package dev.batch.common.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code parameters_hash} of a job config: sha256 of its canonical JSON (keys sorted, nulls
 * dropped), leaving out fields that do not change results (webhooks, ids for correlation, cache
 * switches). Same content + same hash = already processed.
 */
public final class ConfigHash {
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    static final Set<String> IGNORED = Set.of(
            "webhook_url",
            "webhook_configurations",
            "correlation_id",
            "session_id",
            "parent_job_execution_id",
            "user_id",
            "project_id",
            "id",
            "status",
            "invalidate_cache",
            "do_not_cache",
            "custom_metadata",
            "priority",
            "job_timeout_in_seconds",
            "job_timeout_extra_time_per_page_in_seconds",
            "partitions",
            "created_at",
            "updated_at",
            // A parse v2 request as sent: its effect is in the parameters it maps to.
            "parse_v2");

    private ConfigHash() {}

    public static String of(String jobConfigJson) {
        try {
            return of(CANONICAL.readTree(jobConfigJson == null ? "{}" : jobConfigJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("job config is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static String of(JsonNode jobConfig) {
        try {
            byte[] bytes = CANONICAL.writeValueAsString(canonical(jobConfig)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("job config cannot be written as JSON: " + e.getOriginalMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                JsonNode v = node.get(name);
                if (v.isNull() || IGNORED.contains(name)) continue;
                sorted.put(name, canonical(v));
            }
            ObjectNode out = CANONICAL.createObjectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            var out = CANONICAL.createArrayNode();
            node.forEach(v -> out.add(canonical(v)));
            return out;
        }
        return node;
    }
}
