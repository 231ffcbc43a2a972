package dev.batch.webhooks;

import dev.batch.common.blob.BlobStore;
import dev.batch.common.webhooks.SigningSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Each project's signing secret, kept in the blob store ({@code webhooks/secrets/<project>}), so
 * the ingress that shows it and every sink process that signs with it read the same one. Created
 * on first use; rotating replaces it for the deliveries signed from then on.
 */
public final class WebhookSecrets implements SigningSecrets {
    private final BlobStore blobs;

    public WebhookSecrets(BlobStore blobs) {
        this.blobs = blobs;
    }

    private static String key(String projectId) {
        if (!projectId.matches("[A-Za-z0-9_-]{1,128}"))
            throw new IllegalArgumentException("not a project id: " + projectId);
        return "webhooks/secrets/" + projectId;
    }

    /** The project's secret, created now when it has none. */
    @Override
    public synchronized String secret(String projectId) throws IOException {
        Optional<byte[]> stored = blobs.getObject(key(projectId));
        if (stored.isPresent()) return new String(stored.get(), StandardCharsets.US_ASCII);
        return rotate(projectId);
    }

    /** A new secret for the project; the old one signs nothing more. */
    @Override
    public synchronized String rotate(String projectId) throws IOException {
        String secret = Signatures.newSecret();
        blobs.putObject(key(projectId), secret.getBytes(StandardCharsets.US_ASCII));
        return secret;
    }
}
