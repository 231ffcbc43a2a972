package dev.batch.ingress;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The signed URLs the API hands out (file contents, results, images) and checks when they come
 * back: the signature is the credential, as with a presigned S3 URL.
 */
final class SignedLinks {
    private final UrlSigner signer;
    private final Clock clock;
    private final Optional<String> publicUrl;

    /** {@code publicUrl}: where clients reach the API (BATCH_PUBLIC_URL); unset, this server's port on localhost. */
    SignedLinks(UrlSigner signer, Clock clock, Optional<String> publicUrl) {
        this.signer = signer;
        this.clock = clock;
        this.publicUrl = publicUrl.map(u -> u.replaceAll("/+$", ""));
    }

    /**
     * The base of the URLs the API hands out. Never the request's Host header: the client writes
     * that, and a signed URL must not lead elsewhere.
     */
    String publicBase(Context ctx) {
        return publicUrl.orElseGet(() -> "http://localhost:" + ctx.req().getLocalPort());
    }

    /** {@code path?expires=…&signature=…}, valid until {@code expires}, for the resource {@code id}. */
    String sign(Context ctx, String path, String id, Instant expires) {
        return publicBase(ctx) + path + (path.contains("?") ? "&" : "?") + "expires=" + expires.getEpochSecond()
                + "&signature=" + signer.sign(id, expires);
    }

    /** Checks the {@code expires} and {@code signature} of a signed URL for {@code id}; 403 otherwise. */
    void require(Context ctx, String id) {
        long expires;
        try {
            expires = Long.parseLong(String.valueOf(ctx.queryParam("expires")));
        } catch (NumberFormatException e) {
            throw new ApiException(403, "missing or malformed signature");
        }
        if (!signer.verify(id, expires, ctx.queryParam("signature"), clock.instant())) {
            throw new ApiException(403, "the signature is invalid or has expired");
        }
    }
}
