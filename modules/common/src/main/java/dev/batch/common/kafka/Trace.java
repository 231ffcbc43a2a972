package dev.batch.common.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.MDC;

/**
 * What ties a job's records and log lines together, from the HTTP request to the webhook: the
 * job's {@code correlation_id} and, when the client sent one, its W3C {@code traceparent}. Both
 * travel in Kafka record headers of those names; each hop sends a child of the traceparent (same
 * trace id, its own parent id), so a tracing backend sees ingress, splitter, worker, aggregator and
 * webhook as steps of one trace. Log lines about a job or an item carry {@code job_id},
 * {@code item_id} and {@code correlation_id} in the MDC ({@link #mdc}).
 */
public final class Trace {
    public static final String CORRELATION_ID = "correlation_id";
    public static final String TRACEPARENT = "traceparent";
    private static final Pattern W3C = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    private Trace() {}

    /** A valid W3C traceparent (version 00, non-zero ids), or null: anything else a client sends is dropped, not propagated. */
    public static String valid(String traceparent) {
        if (traceparent == null) return null;
        String t = traceparent.trim().toLowerCase(Locale.ROOT);
        var m = W3C.matcher(t);
        if (!m.matches() || m.group(1).equals(ZERO_TRACE) || m.group(2).equals(ZERO_SPAN)) return null;
        return t;
    }

    /** The same trace with a new parent id (this hop's span); null for null. */
    public static String child(String traceparent) {
        String t = valid(traceparent);
        if (t == null) return null;
        byte[] span = new byte[8];
        do {
            ThreadLocalRandom.current().nextBytes(span);
        } while (Arrays.equals(span, new byte[8]));
        return t.substring(0, 36) + HexFormat.of().formatHex(span) + t.substring(52);
    }

    /** Headers for a record of the job: its correlation id and a child of its traceparent, each when known. */
    public static Headers headers(String correlationId, String traceparent) {
        RecordHeaders h = new RecordHeaders();
        if (correlationId != null) h.add(CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        String child = child(traceparent);
        if (child != null) h.add(TRACEPARENT, child.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    /** Headers for the next hop of a record that carried {@code in}: the same correlation id, a child traceparent. */
    public static Headers next(Headers in) {
        return headers(get(in, CORRELATION_ID), get(in, TRACEPARENT));
    }

    public static String get(Headers headers, String name) {
        if (headers == null) return null;
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * Puts {@code project_id}, {@code job_id}, {@code item_id} and {@code correlation_id} (each when
     * not null) in the MDC until the scope is closed, which restores what was there before (scopes
     * nest): every line about a job names the tenant it concerns.
     */
    public static Scope mdc(String projectId, String jobId, String itemId, String correlationId) {
        String[] keys = {"project_id", "job_id", "item_id", CORRELATION_ID};
        String[] values = {projectId, jobId, itemId, correlationId};
        String[] before = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            before[i] = MDC.get(keys[i]);
            if (values[i] != null) MDC.put(keys[i], values[i]);
        }
        return () -> {
            for (int i = 0; i < keys.length; i++) {
                if (before[i] == null) MDC.remove(keys[i]);
                else MDC.put(keys[i], before[i]);
            }
        };
    }

    /** An MDC scope; closing it cannot fail. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
