package dev.batch.common.jobs;

import dev.batch.common.config.Config;
import dev.batch.common.config.Setting;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** What a deployment lets jobs do beyond the rules every job meets: urgent priority, copies to buckets. */
public final class JobPolicySettings {
    public static final Setting<Optional<String>> URGENT_PROJECTS = Setting.optional(
            "BATCH_URGENT_PRIORITY_PROJECTS",
            "Projects whose jobs may ask for priority high or critical (comma-separated project ids, or * for every project);"
                    + " other projects' jobs run as medium and say so. Unset: only the default project (BATCH_API_KEY's).");
    public static final Setting<String> OUTPUT_BUCKETS = Setting.string(
            "BATCH_OUTPUT_BUCKETS",
            "",
            "Buckets that output_s3_path_prefix may name (comma-separated); none when empty. Never inside the service's own store.");
    public static final List<Setting<?>> ALL = List.of(URGENT_PROJECTS, OUTPUT_BUCKETS);

    private JobPolicySettings() {}

    /**
     * The policy of this deployment. {@code receiverRefusal} says why a webhook URL is refused;
     * {@code outputsSupported} whether the blob store can copy results to S3; {@code ownStore} its
     * {@code s3://} location, if it has one; {@code defaultProject} the project of BATCH_API_KEY.
     */
    public static JobRequestValidator.Policy policy(
            Config config,
            Function<String, String> receiverRefusal,
            boolean outputsSupported,
            String ownStore,
            String defaultProject) {
        Set<String> buckets = list(config.get(OUTPUT_BUCKETS));
        Predicate<String> urgent = config.get(URGENT_PROJECTS)
                .map(JobPolicySettings::projects)
                .orElse(project -> project.equals(defaultProject));
        return new JobRequestValidator.Policy(
                receiverRefusal, new JobRequestValidator.Outputs(outputsSupported, buckets, ownStore), urgent);
    }

    private static Predicate<String> projects(String list) {
        Set<String> projects = list(list);
        return projects.contains("*") ? project -> true : projects::contains;
    }

    private static Set<String> list(String csv) {
        return Arrays.stream(csv.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
