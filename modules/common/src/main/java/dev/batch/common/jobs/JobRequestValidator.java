package dev.batch.common.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.blob.ExternalOutput;
import dev.batch.common.kafka.AvroSerdes;
import dev.batch.events.JobConfig;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import dev.batch.events.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The rules a job request meets, whichever entrance it came through: the HTTP API checks a
 * request with them before it publishes it, and the splitter checks every {@link JobRequested}
 * read from {@code batch.job-requests}, so a request produced straight to Kafka is held to the
 * same item cap, parameter bounds, webhook and output rules. Every refusal names the field.
 * Checking reads the config too ({@link JobConfigs}): the request it passes carries it typed.
 */
public final class JobRequestValidator {
    public static final int MAX_ITEM_IDS = 10_000;
    public static final int MAX_ID_LENGTH = 255;
    public static final int MAX_CORRELATION_ID = 255;
    public static final int MAX_PAGE_SIZE = 1000;
    private static final Set<String> PARSE_JOB_NAMES = Set.of("parse_raw_file_job", "PARSE_RAW_FILE");
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

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
    public record Policy(
            Function<String, String> receiverRefusal, Outputs outputs, Predicate<String> mayUseUrgentPriority) {
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
            if (!buckets.contains(target[0]))
                return "bucket '" + target[0] + "' is not one this service may write to (BATCH_OUTPUT_BUCKETS)";
            if (ownStore != null) {
                String[] own = bucketAndPath(ownStore);
                if (own[0].equals(target[0])
                        && (own[1].isEmpty() || target[1].equals(own[1]) || target[1].startsWith(own[1] + "/"))) {
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
            String path = slash < 0
                    ? ""
                    : rest.substring(slash + 1).replaceAll("/+$", "").replaceAll("^/+", "");
            return new String[] {bucket, path};
        }
    }

    /** A request as it will run (its {@code config} read from its JSON), and what the service changed in it (said on the job). */
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
        if (r.getProjectId() == null
                || r.getProjectId().isBlank()
                || r.getProjectId().length() > MAX_ID_LENGTH) {
            throw new Invalid("project_id", "is required (at most " + MAX_ID_LENGTH + " characters)");
        }
        JsonNode config = JobConfigs.tree(r.getJobConfigJson());
        if (config == null || !config.isObject())
            throw new Invalid("job_config", "must be an object (a parse, classify or extract config)");
        JobType type = jobType(config);
        JobConfig typed = JobConfigs.read(config, type, policy.receiverRefusal());
        if (r.getJobType() != type) {
            throw new Invalid(
                    "job_type",
                    "is '" + r.getJobType() + "' but job_config is a " + type + " config"
                            + (type == JobType.classify ? " (it has rules)" : "")
                            + (type == JobType.extract ? " (it has a data_schema)" : ""));
        }
        Priority asked = priority(config);
        correlationId(r.getCorrelationId(), "correlation_id");
        if (config.hasNonNull("correlation_id"))
            correlationId(config.get("correlation_id").asText(), "job_config.correlation_id");
        if (typed.getOutputS3PathPrefix() != null) {
            String why = policy.outputs().refusal(typed.getOutputS3PathPrefix());
            if (why != null) throw new Invalid("job_config.parameters." + ExternalOutput.PARAMETER, why);
        }
        boolean hasItems = r.getItemIds() != null;
        if (r.getDirectoryId() == null && !hasItems)
            throw new Invalid("item_ids", "either directory_id or item_ids is required");
        if (r.getDirectoryId() != null && hasItems)
            throw new Invalid("item_ids", "give either directory_id or item_ids, not both");
        if (r.getDirectoryId() != null
                && (r.getDirectoryId().isBlank() || r.getDirectoryId().length() > MAX_ID_LENGTH)) {
            throw new Invalid("directory_id", "must be a non-empty id of at most " + MAX_ID_LENGTH + " characters");
        }
        if (hasItems) itemIds(r.getItemIds());
        if (r.getPageSize() < 1 || r.getPageSize() > MAX_PAGE_SIZE)
            throw new Invalid("page_size", "must be an integer from 1 to " + MAX_PAGE_SIZE);
        if (r.getContinueAsNewThreshold() != null && r.getContinueAsNewThreshold() < 1) {
            throw new Invalid("continue_as_new_threshold", "must be an integer of at least 1");
        }
        List<String> notices = new ArrayList<>();
        JobRequested out = JobRequested.newBuilder(r).setConfig(typed).build();
        // The event's own priority decides the lane; a config that asks for less does not lower it.
        Priority priority =
                r.getPriority() != null && r.getPriority().ordinal() > asked.ordinal() ? r.getPriority() : asked;
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

    /** The refusal of {@code foreign} item ids: at most 20 named. */
    public static Invalid unknownItems(List<String> foreign) {
        String shown = String.join(", ", foreign.subList(0, Math.min(20, foreign.size())))
                + (foreign.size() > 20 ? " and " + (foreign.size() - 20) + " more" : "");
        return new Invalid("item_ids", "unknown ids " + shown);
    }

    /** A classify config is recognised by its rules, an extract config by its data schema; otherwise it is a parse config. */
    public static JobType jobType(JsonNode config) {
        if (config.has("rules") && config.has("data_schema")) {
            throw new Invalid("job_config", "has both rules (classify) and a data_schema (extract); a job does one");
        }
        if (config.has("rules")) return JobType.classify;
        if (config.has("data_schema")) return JobType.extract;
        JsonNode name = config.get("job_name");
        if (name == null || name.isNull()) return JobType.parse;
        if (!name.isTextual() || !PARSE_JOB_NAMES.contains(name.asText())) {
            throw new Invalid(
                    "job_config.job_name", "'" + name.asText() + "' is not supported; use parse_raw_file_job");
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
            throw new Invalid(
                    "item_ids",
                    "holds " + ids.size() + " ids; at most " + MAX_ITEM_IDS + " (use a directory for more)");
        }
        for (String id : ids) {
            if (id == null
                    || id.isBlank()
                    || id.length() > MAX_ID_LENGTH
                    || id.chars().anyMatch(Character::isISOControl)) {
                throw new Invalid(
                        "item_ids", "every id must be a non-empty string of at most " + MAX_ID_LENGTH + " characters");
            }
        }
    }
}
