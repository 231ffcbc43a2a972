package dev.batch.ingress;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs file download URLs (the SDK's "presigned URL"): HMAC-SHA256 over the file id and expiry. */
public final class UrlSigner {
    private final byte[] secret;

    public UrlSigner(byte[] secret) {
        this.secret = secret.clone();
    }

    String sign(String fileId, Instant expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of()
                    .formatHex(
                            mac.doFinal((fileId + "\n" + expires.getEpochSecond()).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean verify(String fileId, long expiresEpochSecond, String signature, Instant now) {
        if (signature == null || now.getEpochSecond() > expiresEpochSecond) return false;
        String expected;
        try {
            expected = sign(fileId, Instant.ofEpochSecond(expiresEpochSecond));
        } catch (DateTimeException e) {
            return false; // an expiry no signer could have written
        }
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
    }
}
