package dev.batch.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Identifiers in the shapes LlamaCloud uses: {@code bjb-} jobs, {@code pjb-}/{@code cjb-} parse and
 * classify jobs, {@code dir-}/{@code dfl-} directories, UUID files.
 */
public final class Ids {
    private Ids() {}

    public static String job() {
        return "bjb-" + UUID.randomUUID();
    }

    public static String file() {
        return UUID.randomUUID().toString();
    }

    public static String project() {
        return UUID.randomUUID().toString();
    }

    private static final String PARSE_JOB = "pjb-";

    /**
     * The parse "child job" of an item of a batch job: the {@code job_id} on the item. It carries
     * both ids (URL-safe base64 of {@code <job>/<item>}; job ids hold no '/'), so the API finds
     * the item in the aggregator's store without an index of child jobs.
     */
    public static String parseJob(String batchJobId, String itemId) {
        return PARSE_JOB
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString((batchJobId + "/" + itemId).getBytes(StandardCharsets.UTF_8));
    }

    /** The batch job and item a {@link #parseJob} id names; empty for anything else. */
    public static Optional<ParseJobRef> parseJobRef(String parseJobId) {
        if (!parseJobId.startsWith(PARSE_JOB)) return Optional.empty();
        String both;
        try {
            both = new String(
                    Base64.getUrlDecoder().decode(parseJobId.substring(PARSE_JOB.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int slash = both.indexOf('/');
        if (slash <= 0 || slash == both.length() - 1) return Optional.empty();
        return Optional.of(new ParseJobRef(both.substring(0, slash), both.substring(slash + 1)));
    }

    public record ParseJobRef(String batchJobId, String itemId) {}

    private static final String CLASSIFY_JOB = "cjb-";

    /**
     * A standalone classify job ({@code POST /api/v2/classify}) is a one-item batch job: {@code
     * bjb-X} is shown as {@code cjb-X}, so either id gives the other without an index.
     */
    public static String classifyJob(String batchJobId) {
        if (!batchJobId.startsWith("bjb-")) throw new IllegalArgumentException("not a batch job id: " + batchJobId);
        return CLASSIFY_JOB + batchJobId.substring("bjb-".length());
    }

    /** The batch job a {@link #classifyJob} id names; empty for anything else. */
    public static Optional<String> classifyJobRef(String classifyJobId) {
        if (!classifyJobId.startsWith(CLASSIFY_JOB)) return Optional.empty();
        String rest = classifyJobId.substring(CLASSIFY_JOB.length());
        if (!rest.matches("[A-Za-z0-9-]{1,128}")) return Optional.empty();
        return Optional.of("bjb-" + rest);
    }

    /** A stable UUID for a name, so a replayed event gets the same id. */
    public static String stable(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
