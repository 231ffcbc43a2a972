package dev.batch.common.webhooks;

import java.io.IOException;

/** Each project's webhook signing secret (Standard Webhooks, {@code whsec_…}), made on first use. */
public interface SigningSecrets {
    String secret(String projectId) throws IOException;

    /** Replaces the project's secret: deliveries from now on are signed with the new one. */
    String rotate(String projectId) throws IOException;
}
