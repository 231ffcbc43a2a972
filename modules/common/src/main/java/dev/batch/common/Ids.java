package dev.batch.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Identifiers in the shapes LlamaCloud uses: {@code bjb-} jobs, {@code pjb-}/{@code cjb-}/{@code ejb-}
 * parse, classify and extract jobs, {@code dir-}/{@code dfl-} directories, UUID files.
 */
public final class Ids {
    private Ids() {}

    /**
     * Each thread's own generator: {@code UUID.randomUUID()} reads every thread's bytes through one
     * lock (NativePRNG), and under a burst of requests on busy cores, request threads queue behind a
     * holder the scheduler has set aside. A DRBG instance is seeded once and locks only itself.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    });

    public static String job() {
        return "bjb-" + uuid();
    }

    public static String file() {
        return uuid().toString();
    }

    public static String project() {
        return uuid().toString();
    }

    /** A random (version 4) UUID, as {@code UUID.randomUUID()} makes, from this thread's generator. */
    static UUID uuid() {
        byte[] b = new byte[16];
        RANDOM.get().nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
        b[8] = (byte) ((b[8] & 0x3f) | 0x80); // IETF variant
        return new UUID(
                ByteBuffer.wrap(b, 0, 8).getLong(), ByteBuffer.wrap(b, 8, 8).getLong());
    }

    private static final String PARSE_JOB = "pjb-";
    private static final String EXTRACT_JOB = "ejb-";

    /**
     * The parse "child job" of an item of a batch job: the {@code job_id} on the item. It carries
     * both ids (URL-safe base64 of {@code <job>/<item>}; job ids hold no '/'), so the API finds
     * the item in the aggregator's store without an index of child jobs.
     */
    public static String parseJob(String batchJobId, String itemId) {
        return child(PARSE_JOB, batchJobId, itemId);
    }

    /** The batch job and item a {@link #parseJob} id names; empty for anything else. */
    public static Optional<ParseJobRef> parseJobRef(String parseJobId) {
        return childRef(PARSE_JOB, parseJobId);
    }

    /**
     * The extract job of an item ({@code GET /api/v2/extract/{id}}): the {@code job_id} on an item of
     * an extract batch job, and the id of a standalone extract job, made like a {@link #parseJob} id.
     */
    public static String extractJob(String batchJobId, String itemId) {
        return child(EXTRACT_JOB, batchJobId, itemId);
    }

    /** The batch job and item an {@link #extractJob} id names; empty for anything else. */
    public static Optional<ParseJobRef> extractJobRef(String extractJobId) {
        return childRef(EXTRACT_JOB, extractJobId);
    }

    private static String child(String prefix, String batchJobId, String itemId) {
        return prefix
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString((batchJobId + "/" + itemId).getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<ParseJobRef> childRef(String prefix, String id) {
        if (!id.startsWith(prefix)) return Optional.empty();
        String both;
        try {
            both = new String(Base64.getUrlDecoder().decode(id.substring(prefix.length())), StandardCharsets.UTF_8);
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
