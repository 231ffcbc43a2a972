package dev.batch.tools.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

/**
 * The fuzzer's bad values, drawn from the same seeded {@link Random} as its requests so one seed
 * replays one run: hostile strings, wrongly typed and out-of-range JSON, malformed and oversized
 * bodies.
 */
final class HostileValues {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Random random;

    HostileValues(Random random) {
        this.random = random;
    }

    String hostileString() {
        return switch (random.nextInt(10)) {
            case 0 -> "";
            case 1 -> "../../../../etc/passwd";
            case 2 -> "\u0000\u0001\u202e\ud83d\ude00\u00e9\u4e2d";
            case 3 -> "x".repeat(5000 + random.nextInt(5000));
            case 4 -> "' OR 1=1 --";
            case 5 -> "%00%2e%2e%2f";
            case 6 -> "\ud800"; // a lone surrogate
            case 7 -> "bjb-" + UUID.randomUUID();
            case 8 -> "${jndi:ldap://127.0.0.1/x}";
            default -> Long.toString(random.nextLong());
        };
    }

    JsonNode wrongType(boolean allowEmptyArray) {
        return pickNode(
                F.numberNode(random.nextInt()),
                F.textNode(hostileString()),
                F.booleanNode(true),
                F.objectNode().put("a", 1),
                allowEmptyArray ? F.arrayNode() : F.arrayNode().add(F.objectNode()),
                F.numberNode(new BigDecimal("1e400")));
    }

    JsonNode wrongTypeNotObject() {
        return pickNode(
                F.numberNode(random.nextInt()),
                F.textNode(hostileString()),
                F.booleanNode(false),
                F.arrayNode().add(1));
    }

    JsonNode hugeOrNegative() {
        return pickNode(
                F.numberNode(-1),
                F.numberNode(0),
                F.numberNode(Long.MAX_VALUE),
                F.numberNode(new BigInteger("9".repeat(40))),
                F.numberNode(1.5),
                F.textNode("abc"),
                F.numberNode(Integer.MIN_VALUE));
    }

    /** Invalid for every numeric parse parameter, whatever its range. */
    JsonNode outOfEveryRange() {
        return pickNode(
                F.numberNode(-1),
                F.numberNode(Long.MAX_VALUE),
                F.numberNode(new BigInteger("9".repeat(40))),
                F.textNode("abc"),
                F.textNode(hostileString()),
                F.booleanNode(true));
    }

    byte[] malformed(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(4)) {
            case 0 -> Arrays.copyOf(bytes, random.nextInt(Math.max(1, bytes.length)));
            case 1 -> {
                byte[] b = new byte[1 + random.nextInt(200)];
                random.nextBytes(b);
                yield b;
            }
            case 2 -> ("[" + json).getBytes(StandardCharsets.UTF_8);
            default -> json.replace("\"", "'").getBytes(StandardCharsets.UTF_8);
        };
    }

    /** Just over the 10 MiB a JSON body may have. */
    static byte[] oversized() {
        byte[] b = new byte[10 * 1024 * 1024 + 1024];
        Arrays.fill(b, (byte) ' ');
        b[0] = '{';
        b[b.length - 1] = '}';
        return b;
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    JsonNode pickNode(JsonNode... options) {
        return options[random.nextInt(options.length)];
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static byte[] multipart(String boundary, String field, String name, byte[] content) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nparse\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + name
                + "\"\r\nContent-Type: text/plain\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + content.length + t.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(content, 0, out, h.length, content.length);
        System.arraycopy(t, 0, out, h.length + content.length, t.length);
        return out;
    }
}
