package dev.batch.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.blob.LocalBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standard Webhooks signatures, checked against the specification's published test vector. */
class SignaturesTest {
    // https://github.com/standard-webhooks/standard-webhooks: the reference libraries' shared vector.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsLikeTheSpecificationsTestVector() {
        assertThat(Signatures.sign(SECRET, ID, TIMESTAMP, BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void verifiesAmongSeveralSignaturesAndRefusesAnAlteredBody() {
        String header = "v1,bm9wZQ== " + Signatures.sign(SECRET, ID, TIMESTAMP, BODY);
        assertThat(Signatures.verify(SECRET, ID, TIMESTAMP, BODY, header)).isTrue();
        assertThat(Signatures.verify(
                        SECRET, ID, TIMESTAMP, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), header))
                .isFalse();
        assertThat(Signatures.verify(SECRET, ID, TIMESTAMP + 1, BODY, header)).isFalse();
    }

    @Test
    void keepsOneSecretPerProjectUntilItIsRotated(@TempDir Path dir) throws Exception {
        WebhookSecrets secrets = new WebhookSecrets(new LocalBlobStore(dir));
        String first = secrets.secret("proj-a");
        assertThat(first).startsWith("whsec_");
        assertThat(Signatures.key(first)).hasSize(32);
        assertThat(secrets.secret("proj-a")).isEqualTo(first);
        assertThat(secrets.secret("proj-b")).isNotEqualTo(first);
        String rotated = secrets.rotate("proj-a");
        assertThat(rotated).isNotEqualTo(first);
        assertThat(new WebhookSecrets(new LocalBlobStore(dir)).secret("proj-a"))
                .as("another process reads the same")
                .isEqualTo(rotated);
    }
}
