package dev.batch.common.net;

import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches a document an API user names by URL ({@code source_url}) into a local file: an HTTP/1.1
 * GET over http or https, the body streamed to the file (never held in memory) and refused past
 * {@code maxBytes}, up to {@link #MAX_REDIRECTS} redirects followed. Every hop goes through the
 * {@link ReceiverPolicy} as webhooks do: its host is resolved once, every address checked, and the
 * connection made to the addresses so checked ({@link PinnedExchange}), so neither a redirect nor
 * a second DNS answer reaches an internal address. One deadline, {@code timeout}, bounds all the
 * hops together. Every failure is a {@link Failed} whose message, meant for the API user, follows
 * the field's name ("source_url: ...") and never names an address.
 */
public final class SourceFetcher implements AutoCloseable {
    public static final int MAX_REDIRECTS = 5;
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final String USER_AGENT = "batch-fetch/1";

    /**
     * A fetched document: {@code url} the final one (after redirects); {@code contentType} the
     * server's Content-Type as sent, or null; {@code fileName} a display name (see {@link FetchedNames});
     * {@code bytes} the body's length as written to the file.
     */
    public record Fetched(String url, String contentType, String fileName, long bytes) {}

    /** Why a URL was not fetched: a message for the API user, naming no address. */
    public static final class Failed extends Exception {
        Failed(String message) {
            super(message, null, false, false);
        }
    }

    /** A failure to write the local file: the service's fault, not the URL's. */
    private static final class LocalWriteFailed extends IOException {
        LocalWriteFailed(IOException cause) {
            super(cause);
        }
    }

    private record Answer(int status, Map<String, String> headers, AnswerReader reader) {}

    private final ReceiverPolicy policy;
    private final Duration connectTimeout;
    private final Duration timeout;
    private final long maxBytes;
    private final SSLSocketFactory tls;
    /** Sockets of the fetches in flight, closed by {@link #close()}. */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    /** {@code timeout}: the deadline of a whole fetch; {@code connectTimeout}: of connecting, within it. */
    public SourceFetcher(ReceiverPolicy policy, Duration connectTimeout, Duration timeout, long maxBytes) {
        this(policy, connectTimeout, timeout, maxBytes, PinnedExchange.defaultTls());
    }

    /** {@code tls}: whom HTTPS servers are checked against (tests trust their own certificate). */
    SourceFetcher(
            ReceiverPolicy policy, Duration connectTimeout, Duration timeout, long maxBytes, SSLSocketFactory tls) {
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.tls = tls;
    }

    /**
     * Fetches {@code url} into {@code target} (created or truncated; deleted again when the fetch
     * fails). {@link Failed}: the URL's fault, for the API user; {@link IOException}: the local
     * file could not be written.
     */
    public Fetched fetch(String url, Path target) throws Failed, IOException {
        long start = System.nanoTime();
        try (PinnedExchange x = new PinnedExchange(start + timeout.toNanos(), connectTimeout, tls, open);
                OutputStream file = new FileSink(Files.newOutputStream(target))) {
            return follow(x, url, file);
        } catch (Failed | IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            if (e instanceof LocalWriteFailed) throw (IOException) e.getCause();
            throw e;
        }
    }

    private Fetched follow(PinnedExchange x, String url, OutputStream file) throws Failed, LocalWriteFailed {
        String current = url;
        for (int redirects = 0; ; redirects++) {
            ReceiverPolicy.Target t = check(current, redirects > 0);
            try {
                Answer a = get(x, t);
                if (a.status() / 100 == 2) {
                    long bytes = a.reader().copyBody(a.status(), a.headers(), file, maxBytes);
                    String type = a.headers().get("content-type");
                    String name = FetchedNames.fileName(a.headers().get("content-disposition"), t.uri());
                    return new Fetched(t.uri().toString(), type, name, bytes);
                }
                if (!REDIRECTS.contains(a.status())) throw new Failed("the server answered " + a.status());
                if (redirects == MAX_REDIRECTS) throw new Failed("redirects more than " + MAX_REDIRECTS + " times");
                current = location(t.uri(), a.headers().get("location"));
            } catch (LocalWriteFailed e) {
                throw e;
            } catch (IOException e) {
                throw failure(x, e);
            }
        }
    }

    /** The hop's URL checked by the policy: where it may connect. */
    private ReceiverPolicy.Target check(String url, boolean redirected) throws Failed {
        String prefix = redirected ? "redirects to a URL that " : "";
        try {
            return policy.target(url);
        } catch (ReceiverPolicy.Refused e) {
            String why = e.getMessage();
            throw new Failed(prefix + (why.startsWith(ReceiverPolicy.CREDENTIALS) ? ReceiverPolicy.CREDENTIALS : why));
        } catch (UnknownHostException e) {
            throw new Failed(prefix + "has a host that cannot be resolved");
        }
    }

    /** One hop: connects to the checked addresses, sends the GET and reads the answer's head. */
    private Answer get(PinnedExchange x, ReceiverPolicy.Target t) throws IOException, Failed {
        Socket plain;
        try {
            plain = x.connect(t);
        } catch (IOException e) {
            throw notConnected(x, e);
        }
        plain.setSoTimeout(x.millisLeft());
        Socket s = t.https() ? x.handshake(plain, t) : plain;
        OutputStream out = s.getOutputStream();
        out.write(("GET " + t.requestTarget() + " HTTP/1.1\r\n"
                        + "Host: " + t.authority() + "\r\n"
                        + "User-Agent: " + USER_AGENT + "\r\n"
                        + "Accept: */*\r\n"
                        + "Accept-Encoding: identity\r\n"
                        + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        AnswerReader reader =
                new AnswerReader(new BufferedInputStream(s.getInputStream(), 8192), MAX_HEAD_BYTES, "the server");
        int status;
        Map<String, String> headers;
        do { // an interim 1xx answer comes before the real one
            status = reader.status();
            headers = reader.headers();
        } while (status / 100 == 1 && status != 101);
        return new Answer(status, headers, reader);
    }

    /** Where a redirect points, resolved against the URL that answered it (its fragment dropped). */
    private static String location(URI base, String location) throws Failed {
        if (location == null || location.isBlank()) throw new Failed("redirects without a Location");
        try {
            URI from = base.getRawPath() == null || base.getRawPath().isEmpty() ? base.resolve("/") : base;
            URI to = from.resolve(new URI(location.strip()));
            return new URI(to.getScheme(), to.getRawAuthority(), to.getRawPath(), to.getRawQuery(), null).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new Failed("redirects to a Location that is not a URL");
        }
    }

    private Failed notConnected(PinnedExchange x, IOException e) {
        if (x.expired()) return timedOut();
        if (e instanceof ConnectException) return new Failed("cannot be reached: the connection was refused");
        if (e instanceof SocketTimeoutException)
            return new Failed("cannot be reached: no connection within "
                    + Math.min(connectTimeout.toMillis(), timeout.toMillis()) + " ms");
        if (e instanceof NoRouteToHostException) return new Failed("cannot be reached: no route to its host");
        return new Failed("cannot be reached: the connection failed");
    }

    /** What an exchange's failure means to the API user (the messages it carries name no address). */
    private Failed failure(PinnedExchange x, IOException e) {
        if (x.expired() || e instanceof SocketTimeoutException) return timedOut();
        if (e instanceof AnswerReader.TooLarge) return new Failed("is larger than the limit of " + maxBytes + " bytes");
        if (e instanceof SSLException)
            return new Failed("cannot be fetched: the TLS handshake failed (a certificate not trusted or not valid for"
                    + " the host, or no protocol in common)");
        if (e instanceof ProtocolException) return new Failed("cannot be fetched: " + e.getMessage());
        return new Failed("cannot be fetched: the connection failed");
    }

    private Failed timedOut() {
        return new Failed("was not fetched within " + timeout.toMillis() + " ms");
    }

    /** Ends the fetches in flight: their sockets are closed. */
    @Override
    public void close() {
        for (Socket s : open) PinnedExchange.closeQuietly(s);
    }

    /** The target file: its write failures are told apart from the network's. */
    private static final class FileSink extends FilterOutputStream {
        FileSink(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new LocalWriteFailed(e);
            }
        }
    }
}
