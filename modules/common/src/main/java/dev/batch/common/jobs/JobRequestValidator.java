package dev.batch.common.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.blob.ExternalOutput;
import dev.batch.common.kafka.AvroSerdes;
import dev.batch.events.FileRecord;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import dev.batch.events.Priority;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The rules a job request meets, whichever entrance it came through: the HTTP API checks a
 * request with them before it publishes it, and the splitter checks every {@link JobRequested}
 * read from {@code batch.job-requests}, so a request produced straight to Kafka is held to the
 * same item cap, parameter bounds, webhook and output rules. Every refusal names the field.
 */
public final class JobRequestValidator {
    public static final int MAX_ITEM_IDS = 10_000;
    public static final int MAX_ID_LENGTH = 255;
    public static final int MAX_CORRELATION_ID = 255;
    public static final int MAX_PAGE_SIZE = 1000;
    private static final Set<String> PARSE_JOB_NAMES = Set.of("parse_raw_file_job", "PARSE_RAW_FILE");
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern RULE_TYPE = Pattern.compile("[\\p{L}\\p{N} _-]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        AvroSerdes.trustEvents(); // copies events with their builders, whatever else this JVM has loaded
    }

    /** A request that breaks a rule: which field, and why. */
    public static final class Invalid extends RuntimeException {
        private final String field;

        public Invalid(String field, String reason) {
            super(field + ": " + reason);
            this.field = field;
        }

        public String field() {
            return field;
        }

        public String reason() {
            return getMessage().substring(field.length() + 2);
        }
    }

    /**
     * What the deployment allows: where webhooks may go ({@code receiverRefusal} says why a URL is
     * refused, null when allowed), where results may be copied, and which projects may ask for
     * {@code high} or {@code critical} priority.
     */
    public record Policy(Function<String, String> receiverRefusal, Outputs outputs, Predicate<String> mayUseUrgentPriority) {
        /** Everything allowed but copies to a bucket: for tests of the rules themselves. */
        public static Policy permissive() {
            return new Policy(url -> null, Outputs.NONE, project -> true);
        }
    }

    /**
     * Where {@code output_s3_path_prefix} may point: a bucket of {@code buckets}, never inside the
     * service's own store ({@code ownStore}, {@code s3://bucket/prefix}, or null), and only when the
     * store can write to S3 at all ({@code supported}).
     */
    public record Outputs(boolean supported, Set<String> buckets, String ownStore) {
        public static final Outputs NONE = new Outputs(false, Set.of(), null);

        /** Null when results may be copied under {@code prefix}, else why not. */
        String refusal(String prefix) {
            String problem = ExternalOutput.problem(prefix);
            if (problem != null) return problem;
            if (!supported) {
                return "this service keeps results in a local folder; it needs an S3 blob store (BATCH_BLOB_STORE=s3://…) to write there";
            }
            String[] target = bucketAndPath(prefix);
            if (!buckets.contains(target[0])) return "bucket '" + target[0] + "' is not one this service may write to (BATCH_OUTPUT_BUCKETS)";
            if (ownStore != null) {
                String[] own = bucketAndPath(ownStore);
                if (own[0].equals(target[0]) && (own[1].isEmpty() || target[1].equals(own[1]) || target[1].startsWith(own[1] + "/"))) {
                    return "points into this service's own store";
                }
            }
            return null;
        }

        /** {bucket, path without slashes at its ends} of an {@code s3://} location. */
        private static String[] bucketAndPath(String s3) {
            String rest = s3.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("/+$", "").replaceAll("^/+", "");
            return new String[] {bucket, path};
        }
    }

    /** A request as it will run, and what the service changed in it (said on the job). */
    public record Checked(JobRequested request, List<String> notices) {}

    private final Policy policy;

    public JobRequestValidator(Policy policy) {
        this.policy = policy;
    }

    /** The rules with everything a deployment may allow allowed, but copies to buckets: for tests of the rules themselves. */
    public static JobRequestValidator permissive() {
        return new JobRequestValidator(Policy.permissive());
    }

    /**
     * Checks everything the request itself tells. A {@code high} or {@code critical} priority the
     * project may not use is lowered to {@code medium}, with a notice. Throws {@link Invalid}.
     */
    public Checked check(JobRequested r) {
        if (r.getJobId() == null || !JOB_ID.matcher(r.getJobId()).matches()) {
            throw new Invalid("job_id", "must be 1 to 128 letters, digits, '_', '.', ':' or '-'");
        }
        if (r.getProjectId() == null || r.getProjectId().isBlank() || r.getProjectId().length() > MAX_ID_LENGTH) {
            throw new Invalid("project_id", "is required (at most " + MAX_ID_LENGTH + " characters)");
        }
        JsonNode config;
        try {
            config = JSON.readTree(r.getJobConfigJson() == null ? "" : r.getJobConfigJson());
        } catch (JsonProcessingException e) {
            throw new Invalid("job_config", "is not valid JSON: " + e.getOriginalMessage());
        }
        if (config == null || !config.isObject()) throw new Invalid("job_config", "must be an object (a parse or a classify config)");
        JobType type = jobType(config);
        if (r.getJobType() != type) {
            throw new Invalid("job_type", "is '" + r.getJobType() + "' but job_config is a " + type + " config"
                    + (type == JobType.classify ? " (it has rules)" : ""));
        }
        if (type == JobType.parse) ParseParameters.validate(config);
        webhooks(config);
        Priority asked = priority(config);
        correlationId(r.getCorrelationId(), "correlation_id");
        if (config.hasNonNull("correlation_id")) correlationId(config.get("correlation_id").asText(), "job_config.correlation_id");
        Optional<String> output = ExternalOutput.prefix(r.getJobConfigJson());
        if (output.isPresent()) {
            String why = policy.outputs().refusal(output.get());
            if (why != null) throw new Invalid("job_config.parameters." + ExternalOutput.PARAMETER, why);
        }
        boolean hasItems = r.getItemIds() != null;
        if (r.getDirectoryId() == null && !hasItems) throw new Invalid("item_ids", "either directory_id or item_ids is required");
        if (r.getDirectoryId() != null && hasItems) throw new Invalid("item_ids", "give either directory_id or item_ids, not both");
        if (r.getDirectoryId() != null && (r.getDirectoryId().isBlank() || r.getDirectoryId().length() > MAX_ID_LENGTH)) {
            throw new Invalid("directory_id", "must be a non-empty id of at most " + MAX_ID_LENGTH + " characters");
        }
        if (hasItems) itemIds(r.getItemIds());
        if (r.getPageSize() < 1 || r.getPageSize() > MAX_PAGE_SIZE) throw new Invalid("page_size", "must be an integer from 1 to " + MAX_PAGE_SIZE);
        if (r.getContinueAsNewThreshold() != null && r.getContinueAsNewThreshold() < 1) {
            throw new Invalid("continue_as_new_threshold", "must be an integer of at least 1");
        }
        List<String> notices = new ArrayList<>();
        JobRequested out = JobRequested.newBuilder(r).build();
        // The event's own priority decides the lane; a config that asks for less does not lower it.
        Priority priority = r.getPriority() != null && r.getPriority().ordinal() > asked.ordinal() ? r.getPriority() : asked;
        if (urgent(priority) && !policy.mayUseUrgentPriority().test(r.getProjectId())) {
            notices.add("priority '" + priority + "' is not enabled for this project; the job runs as medium");
            priority = Priority.medium;
        }
        out.setPriority(priority);
        return new Checked(out, List.copyOf(notices));
    }

    private static boolean urgent(Priority p) {
        return p == Priority.high || p == Priority.critical;
    }

    /**
     * The ids of {@code itemIds} that are not files of {@code projectId}: unknown, or another
     * project's (the two are told apart nowhere, so a caller learns nothing of other projects).
     */
    public static List<String> foreignItems(List<String> itemIds, String projectId, Function<String, Optional<FileRecord>> files) {
        List<String> foreign = new ArrayList<>();
        for (String id : itemIds) {
            Optional<FileRecord> f = files.apply(id);
            if (f.isEmpty() || !projectId.equals(f.get().getProjectId())) foreign.add(id);
        }
        return foreign;
    }

    /** The refusal of {@code foreign} item ids: at most 20 named. */
    public static Invalid unknownItems(List<String> foreign) {
        String shown = String.join(", ", foreign.subList(0, Math.min(20, foreign.size())))
                + (foreign.size() > 20 ? " and " + (foreign.size() - 20) + " more" : "");
        return new Invalid("item_ids", "unknown ids " + shown);
    }

    /** A classify config is recognised by its rules; otherwise it is a parse config. */
    public static JobType jobType(JsonNode config) {
        if (config.has("rules")) {
            validateClassify(config);
            return JobType.classify;
        }
        JsonNode name = config.get("job_name");
        if (name == null || name.isNull()) return JobType.parse;
        if (!name.isTextual() || !PARSE_JOB_NAMES.contains(name.asText())) {
            throw new Invalid("job_config.job_name", "'" + name.asText() + "' is not supported; use parse_raw_file_job");
        }
        return JobType.parse;
    }

    /** The priority a config asks for ({@code parameters.priority}), medium when it names none. */
    public static Priority priority(JsonNode config) {
        JsonNode p = config.path("parameters").path("priority");
        if (p.isMissingNode() || p.isNull()) return Priority.medium;
        if (p.isTextual()) {
            for (Priority v : Priority.values()) {
                if (v.name().equals(p.asText())) return v;
            }
        }
        throw new Invalid("job_config.parameters.priority", "must be one of low, medium, high, critical");
    }

    /** A correlation id goes into log lines and headers: one line of at most 255 characters. */
    public static void correlationId(String id, String field) {
        String problem = correlationIdProblem(id);
        if (problem != null) throw new Invalid(field, problem);
    }

    /** Why a correlation id cannot be used, or null when it can (or is absent). */
    public static String correlationIdProblem(String id) {
        if (id == null) return null;
        if (id.length() > MAX_CORRELATION_ID) return "at most " + MAX_CORRELATION_ID + " characters";
        if (id.chars().anyMatch(Character::isISOControl)) return "must not contain control characters";
        return null;
    }

    private static void itemIds(List<String> ids) {
        if (ids.isEmpty()) throw new Invalid("item_ids", "must not be empty");
        if (ids.size() > MAX_ITEM_IDS) {
            throw new Invalid("item_ids", "holds " + ids.size() + " ids; at most " + MAX_ITEM_IDS + " (use a directory for more)");
        }
        for (String id : ids) {
            if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
                throw new Invalid("item_ids", "every id must be a non-empty string of at most " + MAX_ID_LENGTH + " characters");
            }
        }
    }

    /** The receivers of the job's webhooks: in the parse parameters, or in a classify config. */
    private void webhooks(JsonNode config) {
        JsonNode p = config.path("parameters");
        WebhookConfigs.validate(p.get("webhook_configurations"), "job_config.parameters.webhook_configurations",
                p.get("webhook_url"), "job_config.parameters.webhook_url", policy.receiverRefusal());
        WebhookConfigs.validate(config.get("webhook_configurations"), "job_config.webhook_configurations",
                config.get("webhook_url"), "job_config.webhook_url", policy.receiverRefusal());
    }

    /**
     * A classify config: at least one rule, each with a {@code type} of letters, digits, spaces,
     * {@code -} and {@code _}, unique among the rules, and a non-empty {@code description}; {@code mode}
     * {@code FAST} or {@code MULTIMODAL}; {@code parsing_configuration} with a {@code lang} string,
     * {@code max_pages} of at least 1 and {@code target_pages} as 0-based page numbers.
     */
    private static void validateClassify(JsonNode config) {
        JsonNode rules = config.get("rules");
        if (!rules.isArray() || rules.isEmpty()) throw new Invalid("job_config.rules", "must be a non-empty list of rules");
        if (rules.size() > 500) throw new Invalid("job_config.rules", "at most 500 rules");
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
                throw new Invalid(at + ".type", "'" + t + "' may only hold letters, digits, spaces, '-' and '_' (at most 100)");
            }
            if (!types.add(t.toLowerCase(Locale.ROOT))) {
                throw new Invalid(at + ".type", "'" + t + "' is the type of an earlier rule too; types must be unique");
            }
            JsonNode description = rule.get("description");
            if (description == null || !description.isTextual() || description.asText().isBlank()) {
                throw new Invalid(at + ".description", "is required: say in words what identifies a '" + t + "' document");
            }
            if (description.asText().length() > 10_000) throw new Invalid(at + ".description", "is longer than 10000 characters");
        }
        JsonNode mode = config.get("mode");
        if (mode != null && !mode.isNull() && !(mode.isTextual() && (mode.asText().equals("FAST") || mode.asText().equals("MULTIMODAL")))) {
            throw new Invalid("job_config.mode", "must be FAST or MULTIMODAL");
        }
        JsonNode parsing = config.get("parsing_configuration");
        if (parsing == null || parsing.isNull()) return;
        if (!parsing.isObject()) throw new Invalid("job_config.parsing_configuration", "must be an object");
        JsonNode lang = parsing.get("lang");
        if (lang != null && !lang.isNull() && !lang.isTextual()) {
            throw new Invalid("job_config.parsing_configuration.lang", "must be a language code such as \"en\"");
        }
        JsonNode max = parsing.get("max_pages");
        if (max != null && !max.isNull() && !(max.canConvertToInt() && max.isIntegralNumber() && max.asInt() >= 1)) {
            throw new Invalid("job_config.parsing_configuration.max_pages", "must be an integer of at least 1");
        }
        JsonNode target = parsing.get("target_pages");
        if (target != null && !target.isNull()) {
            if (!target.isArray()) throw new Invalid("job_config.parsing_configuration.target_pages", "must be a list of 0-based page numbers");
            for (JsonNode n : target) {
                if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
                    throw new Invalid("job_config.parsing_configuration.target_pages", "must be a list of 0-based page numbers");
                }
            }
        }
    }
}
