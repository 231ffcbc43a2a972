package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A parse job's {@code job_metadata} (which engine ran, at which tier, what was asked and not
 * honoured, pages) and its {@code raw_parameters} (the request as sent).
 */
final class ParseJobMetadata {
    static final String ENGINE = "built-in (PDFBox, Apache Tika, Tesseract OCR)";

    private ParseJobMetadata() {}

    /** {@code result}: the stored parse result, or null before there is one. */
    static ObjectNode of(ParseJobs.ParseJob job, JsonNode result) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("engine", ENGINE);
        m.put("tier", job.tier());
        JsonNode v2 = job.v2();
        ArrayNode notes = Json.MAPPER.createArrayNode();
        if (v2 != null) {
            String asked = v2.path("tier").asText();
            m.put("requested_tier", asked);
            m.put("version", v2.path("version").asText());
            m.set("client_name", v2.get("client_name"));
            m.set("ignored_parameters", v2.path("ignored_parameters"));
            if (!asked.equals(job.tier()))
                notes.add("tier '" + asked + "' ran the built-in engine (tier " + job.tier()
                        + "): no model-backed parser is configured in this service");
            notes.add("version '" + v2.path("version").asText() + "' accepted: the built-in engine has one version");
            if (!v2.path("ignored_parameters").isEmpty())
                notes.add("parameters accepted but not honoured by the built-in engine: see ignored_parameters");
        } else {
            m.putArray("ignored_parameters");
        }
        m.set("notes", notes);
        m.put("batch_job_id", job.batchJobId());
        m.put("item_id", job.itemId());
        if (result != null) {
            m.put("pages_parsed", result.path("pages").size());
            m.put("document_pages", result.path("total_pages").asInt());
            m.set("custom_metadata", result.get("custom_metadata"));
        }
        return m;
    }

    /** The parameters the job was created with: a standalone job's v2 request, else its batch job's config. */
    static JsonNode rawParameters(ParseJobs.ParseJob job) {
        JsonNode v2 = job.v2();
        if (v2 != null) return v2.get("raw_parameters");
        if (job.request() == null) return null;
        return Json.read(job.request().getJobConfigJson());
    }
}
