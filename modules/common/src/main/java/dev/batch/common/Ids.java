package dev.batch.common;

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

    /** The parse "child job" of an item of a batch job: the {@code job_id} on the item. */
    public static String parseJob(String batchJobId, String itemId) {
        return stable("parse-job:" + batchJobId + "/" + itemId);
    }

    /** A stable UUID for a name, so a replayed event gets the same id. */
    public static String stable(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }
}
