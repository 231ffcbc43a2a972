package dev.batch.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Server-side request forgery: receivers on internal addresses are refused unless allowed. No connection is made. */
class ReceiverPolicyTest {
    private final ReceiverPolicy strict = new ReceiverPolicy("");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:8080/hook | a loopback address",
            "http://localhost/hook | a loopback address",
            "http://[::1]/hook | a loopback address",
            "http://10.0.0.7/ | a private address",
            "http://172.16.5.4/ | a private address",
            "http://192.168.1.1/ | a private address",
            "http://169.254.169.254/latest/meta-data | a link-local address",
            "http://[fd00:ec2::254]/ | a private (unique local) address",
            "http://100.64.0.1/ | a carrier-grade NAT address",
            "http://0.0.0.0/ | an unspecified address",
            "http://[::ffff:127.0.0.1]/ | a loopback address",
            "ftp://93.184.216.34/ | must be an http or https URL",
            "http://user:pw@93.184.216.34/ | must not carry credentials"})
    void refusesInternalAndMalformedReceivers(String url, String why) {
        assertThat(strict.refusal(url)).contains(why);
    }

    @Test
    void allowsPublicAddressesAndWhatTheSettingLists() {
        assertThat(strict.refusal("https://93.184.216.34/hook")).isNull();
        ReceiverPolicy dev = new ReceiverPolicy("127.0.0.0/8, receiver.internal, 10.1.0.0/16");
        assertThat(dev.refusal("http://127.0.0.1:9000/hook")).isNull();
        assertThat(dev.refusal("http://10.1.2.3/hook")).isNull();
        assertThat(dev.refusal("http://10.2.0.1/hook")).contains("a private address");
        assertThat(dev.refusal("http://receiver.internal/hook")).isNull();
        assertThatThrownBy(() -> new ReceiverPolicy("10.0.0.0/33")).hasMessageContaining("BATCH_WEBHOOK_ALLOWED_HOSTS");
    }
}
