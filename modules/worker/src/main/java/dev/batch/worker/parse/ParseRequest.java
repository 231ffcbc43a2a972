package dev.batch.worker.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.kafka.AvroSerdes;
import dev.batch.events.JobConfig;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/** One document to parse: where it is, where its result and images go, how (its job's config), and whose it is (for the parser's log). */
record ParseRequest(
        long id,
        Path input,
        Path output,
        Path imagesDir,
        String name,
        JobConfig config,
        String jobId,
        String itemId,
        String fileId,
        String projectId) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Serde<JobConfig> CONFIG = AvroSerdes.serde(JobConfig.class);

    /** The config as the protocol carries it: its Avro encoding in Base64. */
    static JobConfig config(String encoded) {
        return CONFIG.deserializer().deserialize("parser", Base64.getDecoder().decode(encoded));
    }

    String toJson() throws JsonProcessingException {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("id", id);
        req.put("input", input.toString());
        req.put("output", output.toString());
        req.put("images_dir", imagesDir == null ? null : imagesDir.toString());
        req.put("name", name);
        req.put("config", Base64.getEncoder().encodeToString(CONFIG.serializer().serialize("parser", config)));
        req.put("job_id", jobId);
        req.put("item_id", itemId);
        req.put("file_id", fileId);
        req.put("project_id", projectId);
        return JSON.writeValueAsString(req);
    }
}
