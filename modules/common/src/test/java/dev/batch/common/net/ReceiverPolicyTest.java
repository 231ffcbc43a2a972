package dev.batch.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Server-side request forgery: receivers on internal addresses are refused unless allowed. No connection is made. */
class ReceiverPolicyTest {
    private final StubDns dns = new StubDns(Map.of(
            "loopback.test", List.of("127.0.0.1"),
            "nat64.test", List.of("64:ff9b::a00:5"),
            "mixed.test", List.of("93.184.216.34 10.0.0.5"),
            "public.test", List.of("93.184.216.34"),
            "rebind.test", List.of("93.184.216.34", "127.0.0.1")));
    private final ReceiverPolicy strict = new ReceiverPolicy("", dns);

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://127.0.0.1:8080/hook | 127.0.0.1 | a loopback address",
                "http://loopback.test/hook | 127.0.0.1 | a loopback address",
                "http://[::1]/hook | ::1 | a loopback address",
                "http://10.0.0.7/ | 10.0.0.7 | a private address",
                "http://172.16.5.4/ | 172.16.5.4 | a private address",
                "http://192.168.1.1/ | 192.168.1.1 | a private address",
                "http://169.254.169.254/latest/meta-data | 169.254.169.254 | a link-local address (cloud metadata lives there)",
                "http://[fd00:ec2::254]/ | fd00:ec2::254 | a private (unique local) address",
                "http://100.64.0.1/ | 100.64.0.1 | a carrier-grade NAT address",
                "http://0.0.0.0/ | 0.0.0.0 | an unspecified address",
                "http://[::ffff:127.0.0.1]/ | 127.0.0.1 | a loopback address",
                "http://198.18.0.1/ | 198.18.0.1 | a benchmarking address",
                "http://198.19.255.254/ | 198.19.255.254 | a benchmarking address",
                "http://[64:ff9b::7f00:1]/ | 64:ff9b::7f00:1 | a NAT64 address",
                "http://[64:ff9b::808:808]/ | 64:ff9b::808:808 | a NAT64 address",
                "http://nat64.test/ | 64:ff9b::a00:5 | a NAT64 address",
                "http://[2002:7f00:1::1]/ | 2002:7f00:1::1 | a 6to4 address",
                "http://[2002:808:808::1]/ | 2002:808:808::1 | a 6to4 address",
                "http://[::127.0.0.1]/ | ::127.0.0.1 | an IPv4-compatible address",
                "http://[::a00:5]/ | ::a00:5 | an IPv4-compatible address",
                "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/ | 2001:0:4136:e378:8000:63bf:3fff:fdd2 | a Teredo address",
                "http://mixed.test/ | 10.0.0.5 | a private address"
            })
    void refusesInternalAddressesWithoutNamingThem(String url, String address, String kind) throws Exception {
        assertThat(ReceiverPolicy.internal(InetAddress.getByName(address))).isEqualTo(kind);
        String why = strict.refusal(url);
        assertThat(why)
                .isEqualTo("resolves to an internal address; list its host in BATCH_WEBHOOK_ALLOWED_HOSTS to allow it");
        assertThat(why).doesNotContain(address, InetAddress.getByName(address).getHostAddress());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://2130706433/ | has a host that is a number not written as four decimal numbers",
                "http://0177.0.0.1/ | has a host that is a number not written as four decimal numbers",
                "http://0x7f.1/ | has no usable host",
                "http://0x7f000001/ | has a host that is a number not written as four decimal numbers",
                "http://127.1/ | has no usable host",
                "http://017700000001/ | has a host that is a number not written as four decimal numbers",
                "http://127.000.000.001/ | has a host that is a number not written as four decimal numbers",
                "http://127.0.0.1./ | has no usable host",
                "http://[fe80::1%25eth9]/ | has a host that is not a valid IP address",
                "ftp://93.184.216.34/ | must be an http or https URL",
                "http://user:pw@93.184.216.34/ | must not carry credentials",
                "http:///hook | has no host"
            })
    void refusesLoopbackWrittenAsOneNumberOrInOctalOrHexAndMalformedReceivers(String url, String why) {
        assertThat(strict.refusal(url)).startsWith(why).doesNotContain("127.0.0.1");
        assertThat(dns.lookups()).as("no number is taken for a name").isEmpty();
    }

    @Test
    void refusesANameThatResolvesToLoopbackOnTheSecondLookup() throws Exception {
        assertThat(strict.refusal("https://rebind.test/hook")).as("at create").isNull();
        assertThatThrownBy(() -> strict.target("https://rebind.test/hook"))
                .as("before the delivery")
                .isInstanceOf(ReceiverPolicy.Refused.class)
                .hasMessageStartingWith("resolves to an internal address")
                .hasMessageNotContaining("127.0.0.1");
    }

    @Test
    void aTargetHoldsTheAddressesItChecked() throws Exception {
        ReceiverPolicy.Target t = strict.target("https://public.test/hook?a=1");
        assertThat(t.https()).isTrue();
        assertThat(t.host()).isEqualTo("public.test");
        assertThat(t.port()).isEqualTo(443);
        assertThat(t.addresses()).containsExactly(InetAddress.getByName("93.184.216.34"));
        assertThat(dns.lookups("public.test")).isEqualTo(1);
        assertThatThrownBy(() -> strict.target("http://unknown.test/")).isInstanceOf(UnknownHostException.class);
        assertThat(strict.refusal("http://unknown.test/"))
                .as("checked again before each delivery")
                .isNull();
    }

    @Test
    void allowsPublicAddressesAndWhatTheSettingLists() {
        assertThat(strict.refusal("https://93.184.216.34/hook")).isNull();
        assertThat(strict.refusal("https://public.test/hook")).isNull();
        ReceiverPolicy dev = new ReceiverPolicy("127.0.0.0/8, loopback.test, 10.1.0.0/16, 64:ff9b::/96", dns);
        assertThat(dev.refusal("http://127.0.0.1:9000/hook")).isNull();
        assertThat(dev.refusal("http://10.1.2.3/hook")).isNull();
        assertThat(dev.refusal("http://10.2.0.1/hook")).isEqualTo(ReceiverPolicy.INTERNAL);
        assertThat(dev.refusal("http://loopback.test/hook")).isNull();
        assertThat(dev.refusal("http://[64:ff9b::808:808]/"))
                .as("an allowed NAT64 range, a public address inside")
                .isNull();
        assertThat(dev.refusal("http://[64:ff9b::a02:1]/"))
                .as("an allowed NAT64 range, a private address inside")
                .isEqualTo(ReceiverPolicy.INTERNAL);
        assertThat(dev.refusal("http://[64:ff9b::7f00:1]/"))
                .as("inside, an allowed IPv4 range")
                .isNull();
        assertThatThrownBy(() -> new ReceiverPolicy("10.0.0.0/33")).hasMessageContaining("BATCH_WEBHOOK_ALLOWED_HOSTS");
    }
}
