package dev.batch.webhooks;

import dev.batch.common.net.ReceiverPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The head of a delivery's POST: the Standard Webhooks headers ({@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature}) and the receiver's own headers, which may
 * neither replace the sink's nor change how the exchange is framed.
 */
final class RequestHead {
    private static final String USER_AGENT = "batch-webhooks/1";
    /** Headers the sink writes itself, or that would change how the exchange is framed. */
    private static final Set<String> SET_BY_SINK = Set.of(
            "host",
            "content-length",
            "content-type",
            "transfer-encoding",
            "connection",
            "keep-alive",
            "te",
            "trailer",
            "upgrade",
            "expect",
            "proxy-connection",
            "user-agent");

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");

    private RequestHead() {}

    /** The head's bytes; fails naming the receiver's header that is not valid. */
    static byte[] of(
            ReceiverPolicy.Target t,
            Map<String, String> headers,
            String eventId,
            long timestamp,
            byte[] body,
            String secret) {
        StringBuilder h = new StringBuilder(512)
                .append("POST ")
                .append(t.requestTarget())
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(t.authority())
                .append("\r\n")
                .append("User-Agent: ")
                .append(USER_AGENT)
                .append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ")
                .append(body.length)
                .append("\r\n")
                .append("Connection: close\r\n")
                .append("webhook-id: ")
                .append(eventId)
                .append("\r\n")
                .append("webhook-timestamp: ")
                .append(timestamp)
                .append("\r\n")
                .append("webhook-signature: ")
                .append(Signatures.sign(secret, eventId, timestamp, body))
                .append("\r\n");
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String value = e.getValue() == null ? "" : e.getValue();
            check(e.getKey(), value);
            h.append(e.getKey()).append(": ").append(value).append("\r\n");
        }
        return h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void check(String name, String value) {
        if (name == null || !TOKEN.matcher(name).matches())
            throw new IllegalArgumentException("'" + name + "' is not a header name");
        String lower = name.toLowerCase(Locale.ROOT);
        if (SET_BY_SINK.contains(lower) || lower.startsWith("webhook-"))
            throw new IllegalArgumentException("'" + name + "' is set by the sink");
        if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f || c > 0xff)) {
            throw new IllegalArgumentException("the value of '" + name + "' must be one line of text");
        }
    }
}
