package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.events.JobStatus;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/**
 * An extract job as the SDK reads it ({@code ExtractV2Job}, the same shape for create, get and list).
 * {@code extract_result} and {@code metadata.usage} come with a COMPLETED job; {@code configuration}
 * and {@code extract_metadata} (the per-field citations and confidence) only when {@code expand}
 * asks for them, as in LlamaCloud: a list of jobs with their schemas and citations would be large.
 */
record ExtractV2View(
        String id,
        String createdAt,
        String fileInput,
        String projectId,
        String status,
        String updatedAt,
        JsonNode configuration,
        String configurationId,
        String errorMessage,
        JsonNode extractMetadata,
        JsonNode extractResult,
        JsonNode metadata) {

    /** What {@code expand} adds to a job. */
    record Expand(boolean configuration, boolean extractMetadata) {
        static final List<String> VALUES = List.of("configuration", "extract_metadata");
        static final Expand ALL = new Expand(true, true);

        /** {@code expand}, repeated or comma-separated; an unknown value is a 422 naming it. */
        static Expand of(Context ctx) {
            boolean configuration = false;
            boolean metadata = false;
            for (String value : ctx.queryParams("expand")) {
                for (String part : value.split(",")) {
                    String p = part.strip().toLowerCase(Locale.ROOT);
                    if (p.isEmpty()) continue;
                    if (p.equals("configuration")) configuration = true;
                    else if (p.equals("extract_metadata")) metadata = true;
                    else throw Http.query("expand", "unknown value '" + part.strip() + "'; one of " + VALUES);
                }
            }
            return new Expand(configuration, metadata);
        }
    }

    /** {@code stored}: the result the worker wrote for the job, once it is COMPLETED. */
    static ExtractV2View of(
            ExtractV2Records.Job record,
            JobStatus status,
            ExtractV2Jobs.Outcome outcome,
            JsonNode stored,
            Expand expand) {
        return new ExtractV2View(
                record.id(),
                status.getCreatedAt() != null ? Views.iso(status.getCreatedAt()) : record.createdAt(),
                record.fileInput(),
                record.projectId(),
                outcome.status(),
                status.getUpdatedAt() != null ? Views.iso(status.getUpdatedAt()) : record.createdAt(),
                expand.configuration() ? record.configuration() : null,
                record.configurationId(),
                outcome.errorMessage(),
                expand.extractMetadata() && stored != null ? extractMetadata(stored, record) : null,
                stored == null ? null : stored.get("extract_result"),
                stored == null ? null : metadata(stored));
    }

    /** The SDK's {@code ExtractJobMetadata}: the per-field metadata, and the parse job read when the input was one. */
    private static JsonNode extractMetadata(JsonNode stored, ExtractV2Records.Job record) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        JsonNode fields = stored.path("extract_metadata").path("field_metadata");
        out.set("field_metadata", fields.isObject() ? fields.deepCopy() : null);
        out.put("parse_job_id", record.parseJobId());
        out.putNull("parse_tier");
        return out;
    }

    /** Job-level metadata: the usage, which extractor answered, and what the result broke of the schema, if anything. */
    private static JsonNode metadata(JsonNode stored) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("usage", stored.has("usage") ? stored.get("usage").deepCopy() : null);
        if (stored.hasNonNull("extractor"))
            out.put("extractor", stored.get("extractor").asText());
        if (stored.has("schema_violations")) out.set("schema_violations", stored.get("schema_violations"));
        return out;
    }
}
