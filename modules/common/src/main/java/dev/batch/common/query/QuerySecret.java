package dev.batch.common.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.slf4j.LoggerFactory;

/**
 * The secret the instances of one cluster show each other's {@link QueryServer}: sent by
 * {@link QueryClient} in the header {@value #HEADER}, compared in constant time. A secret made on
 * first start and kept in the shared blob store is read again (at most once a second) when the two
 * sides disagree: two instances that each made one at the same first start then agree on the one
 * the store kept.
 */
public final class QuerySecret {
    public static final String HEADER = "X-Batch-Internal-Secret";
    private static final long RELOAD_NANOS = 1_000_000_000L;

    /** Reads the secret from where it is kept. */
    @FunctionalInterface
    public interface Source {
        byte[] read() throws IOException;
    }

    private final Source source;
    private final boolean reloadable;
    private volatile byte[] value;
    private volatile long loadedAt;

    private QuerySecret(Source source, boolean reloadable) throws IOException {
        this.source = source;
        this.reloadable = reloadable;
        this.value = header(source.read());
        this.loadedAt = System.nanoTime();
    }

    /** A secret set by the operator: the same on every instance, never read again. */
    public static QuerySecret fixed(byte[] secret) {
        try {
            return new QuerySecret(secret::clone, false);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    /** A secret kept in a store the instances share; read now, and again when the sides disagree. */
    public static QuerySecret stored(Source source) throws IOException {
        return new QuerySecret(source, true);
    }

    private static byte[] header(byte[] secret) {
        return HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII);
    }

    /** The header's value. */
    String value() {
        return new String(value, StandardCharsets.US_ASCII);
    }

    /** Whether {@code presented} (the header's value, or null) is this cluster's secret. */
    boolean accepts(String presented) {
        if (presented == null) return false;
        byte[] given = presented.getBytes(StandardCharsets.US_ASCII);
        if (MessageDigest.isEqual(given, value)) return true;
        return reload() && MessageDigest.isEqual(given, value);
    }

    /** Reads the stored secret again unless that was done within the last second; whether it was. */
    boolean reload() {
        long now = System.nanoTime();
        if (!reloadable || now - loadedAt < RELOAD_NANOS) return false;
        synchronized (this) {
            if (now - loadedAt < RELOAD_NANOS) return false;
            loadedAt = now;
            try {
                value = header(source.read());
                return true;
            } catch (IOException | RuntimeException e) {
                LoggerFactory.getLogger(QuerySecret.class)
                        .warn("Cannot read the cluster's internal secret again: {}", e.toString());
                return false;
            }
        }
    }
}
