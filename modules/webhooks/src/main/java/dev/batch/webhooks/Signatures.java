package dev.batch.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "<webhook-id>.<webhook-timestamp>.<body>">}, keyed by the bytes of a {@code whsec_<base64>}
 * secret. Receivers verify them with any of that specification's libraries.
 */
public final class Signatures {
    private static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Signatures() {}

    /** A new secret: 32 random bytes, as {@code whsec_<base64>}. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The key bytes of a secret (with or without its {@code whsec_} prefix). */
    static byte[] key(String secret) {
        String b64 = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret is whsec_ followed by base64", e);
        }
    }

    /** The {@code webhook-signature} header value for one delivery. */
    public static String sign(String secret, String messageId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /** Whether any of the space-separated signatures of a header is this secret's, compared in constant time. */
    public static boolean verify(String secret, String messageId, long timestampSeconds, byte[] body, String header) {
        byte[] expected = sign(secret, messageId, timestampSeconds, body).getBytes(StandardCharsets.US_ASCII);
        for (String candidate : header.split(" ")) {
            if (MessageDigest.isEqual(expected, candidate.strip().getBytes(StandardCharsets.US_ASCII))) return true;
        }
        return false;
    }
}
