package dev.batch.common.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.blob.ExternalOutput;
import dev.batch.common.jobs.JobRequestValidator.Invalid;
import dev.batch.common.json.ConfigHash;
import dev.batch.common.kafka.AvroSerdes;
import dev.batch.events.ItemTask;
import dev.batch.events.JobConfig;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import java.util.function.Function;

/**
 * The one reader of a job config's JSON: it checks the config and reads it into a {@link JobConfig}
 * in one pass, so every service after the entrance reads typed fields instead of parameters by
 * name. Parameters it does not honour are accepted and ignored: {@code job_config_json} keeps them.
 * A bad value is a {@link Invalid} naming its field.
 */
public final class JobConfigs {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        AvroSerdes.trustEvents(); // the builders below load our enum classes, which Avro allows only once trusted
    }

    private JobConfigs() {}

    /** The config of a job of {@code type}, with every webhook receiver allowed. */
    public static JobConfig read(JsonNode config, JobType type) {
        return read(config, type, url -> null);
    }

    /** The config of a job of {@code type}; {@code receiverRefusal} says why a webhook URL may not be called, null when it may. */
    public static JobConfig read(JsonNode config, JobType type, Function<String, String> receiverRefusal) {
        if (config == null || !config.isObject())
            throw new Invalid("job_config", "must be an object (a parse, classify or extract config)");
        JsonNode p = config.get("parameters");
        if (ParseParameters.absent(p)) {
            p = null;
        } else if (!p.isObject()) {
            throw new Invalid("job_config.parameters", "must be an object");
        }
        JobConfig.Builder out = JobConfig.newBuilder()
                .setParse(type == JobType.parse ? ParseParameters.read(p) : null)
                .setClassify(type == JobType.classify ? ClassifyConfigs.read(config) : null)
                .setExtract(type == JobType.extract ? ExtractConfigs.read(config, p) : null)
                .setWebhooks(WebhookConfigs.read(config, type, receiverRefusal))
                .setCustomMetadataJson(customMetadata(config, p));
        if (p != null) {
            out.setOutputS3PathPrefix(outputPrefix(p));
            out.setJobTimeoutInSeconds(ParseParameters.seconds(p, "job_timeout_in_seconds", 0.1, 86_400));
            out.setJobTimeoutExtraTimePerPageInSeconds(
                    ParseParameters.seconds(p, "job_timeout_extra_time_per_page_in_seconds", 0, 3_600));
            out.setDoNotCache(ParseParameters.bool(p, "do_not_cache"));
            out.setInvalidateCache(ParseParameters.bool(p, "invalidate_cache"));
        }
        return out.setParametersHash(ConfigHash.of(config)).build();
    }

    /** The config of a job of {@code type} from its JSON text. */
    public static JobConfig read(String json, JobType type) {
        return read(tree(json), type);
    }

    /** {@code json} as a tree: a {@link Invalid} when it is not JSON. */
    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new Invalid("job_config", "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** A request's config: as read where it entered, else read now (a producer may leave it out). */
    public static JobConfig of(JobRequested request) {
        return request.getConfig() != null
                ? request.getConfig()
                : read(request.getJobConfigJson(), request.getJobType());
    }

    /** A task's config: as its request carried it, else read now. */
    public static JobConfig of(ItemTask task) {
        return task.getConfig() != null ? task.getConfig() : read(task.getJobConfigJson(), task.getJobType());
    }

    /** {@code parameters.custom_metadata} (an object), else the config's own; null when neither is set. */
    private static String customMetadata(JsonNode config, JsonNode p) {
        JsonNode custom =
                p != null && p.has("custom_metadata") ? p.get("custom_metadata") : config.get("custom_metadata");
        if (ParseParameters.absent(custom)) return null;
        if (p != null && p.has("custom_metadata") && !custom.isObject()) {
            throw new Invalid(ParseParameters.P + "custom_metadata", "must be an object");
        }
        return custom.toString();
    }

    /** {@code output_s3_path_prefix} without surrounding spaces; null when absent or blank. */
    private static String outputPrefix(JsonNode p) {
        String prefix = ParseParameters.text(p, ExternalOutput.PARAMETER);
        if (prefix == null || prefix.isBlank()) return null;
        String problem = ExternalOutput.problem(prefix.strip());
        if (problem != null) throw new Invalid(ParseParameters.P + ExternalOutput.PARAMETER, problem);
        return prefix.strip();
    }
}
