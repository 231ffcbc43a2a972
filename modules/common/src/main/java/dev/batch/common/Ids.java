package dev.batch.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** Identifiers in the shapes LlamaCloud uses: {@code bjb-} jobs, {@code dir-}/{@code dfl-} directories, UUID files. */
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

    /** A stable UUID for a name, so a replayed event gets the same id. */
    public static String stable(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
