package dev.batch.webhooks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One delivery attempt to one receiver: the body POSTed with the Standard Webhooks headers
 * ({@code webhook-id} stays the event's id across attempts, so receivers deduplicate), the
 * receiver's own headers, no redirects followed, at most {@link #MAX_RESPONSE_BYTES} of the answer
 * read. The receiver's host is resolved once and checked against the {@link ReceiverPolicy}, and
 * the socket connects to the addresses so checked (a second lookup could answer elsewhere); HTTPS
 * checks the certificate and sends SNI for the host name all the same. The whole exchange
 * (connecting, sending, the answer's headers and body) has one deadline: a watchdog closes the
 * socket when it passes, so a receiver that trickles its answer cannot hold a delivery thread past it.
 */
public final class Deliverer implements AutoCloseable {
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final String USER_AGENT = "batch-webhooks/1";
    /** Headers the sink writes itself, or that would change how the exchange is framed. */
    private static final Set<String> SET_BY_SINK = Set.of("host", "content-length", "content-type", "transfer-encoding", "connection",
            "keep-alive", "te", "trailer", "upgrade", "expect", "proxy-connection", "user-agent");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");
    private static final Pattern IPV4 = Pattern.compile("[0-9.]+");
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([0-9]{3})(?: .*)?");
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    /** What one attempt came to: 2xx delivered; 410 unsubscribes; anything else is retried later. */
    public record Attempt(Instant at, int statusCode, String error, long durationMillis) {
        public boolean delivered() {
            return statusCode / 100 == 2;
        }

        public boolean unsubscribe() {
            return statusCode == 410;
        }
    }

    private final ReceiverPolicy policy;
    private final Duration connectTimeout;
    private final Duration timeout;
    private final Clock clock;
    private final SSLSocketFactory tls;
    /** Sockets of the attempts in flight, closed by {@link #close()}. */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    /** {@code timeout}: the deadline of a whole attempt; {@code connectTimeout}: of connecting, within it. */
    public Deliverer(ReceiverPolicy policy, Duration connectTimeout, Duration timeout, Clock clock) {
        this(policy, connectTimeout, timeout, clock, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** {@code tls}: whom HTTPS receivers are checked against (tests trust their own certificate). */
    Deliverer(ReceiverPolicy policy, Duration connectTimeout, Duration timeout, Clock clock, SSLSocketFactory tls) {
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
        this.clock = clock;
        this.tls = tls;
    }

    public Attempt deliver(String url, Map<String, String> headers, String eventId, byte[] body, String secret) {
        Instant at = clock.instant();
        long start = System.nanoTime();
        ReceiverPolicy.Target target;
        try {
            target = policy.target(url);
        } catch (ReceiverPolicy.Refused e) {
            return failed(at, start, "refused: the receiver URL " + e.getMessage());
        } catch (UnknownHostException e) {
            return failed(at, start, "cannot resolve the receiver's host");
        }
        if (eventId.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) return failed(at, start, "the event id is not valid: it must be visible ASCII");
        byte[] head;
        try {
            head = requestHead(target, headers, eventId, at.getEpochSecond(), body, secret);
        } catch (IllegalArgumentException e) {
            return failed(at, start, "a header is not valid: " + e.getMessage());
        }
        try (Exchange x = new Exchange(start + timeout.toNanos())) {
            return x.run(at, start, target, head, body);
        }
    }

    private static byte[] requestHead(ReceiverPolicy.Target t, Map<String, String> headers, String eventId, long timestamp, byte[] body,
                                      String secret) {
        URI ascii = URI.create(t.uri().toASCIIString());
        String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
        if (ascii.getRawQuery() != null) path += "?" + ascii.getRawQuery();
        String host = t.host().contains(":") ? "[" + t.host() + "]" : t.host();
        boolean defaultPort = t.port() == (t.https() ? 443 : 80);
        StringBuilder h = new StringBuilder(512).append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(defaultPort ? "" : ":" + t.port()).append("\r\n")
                .append("User-Agent: ").append(USER_AGENT).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: close\r\n")
                .append("webhook-id: ").append(eventId).append("\r\n")
                .append("webhook-timestamp: ").append(timestamp).append("\r\n")
                .append("webhook-signature: ").append(Signatures.sign(secret, eventId, timestamp, body)).append("\r\n");
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            if (name == null || !TOKEN.matcher(name).matches()) throw new IllegalArgumentException("'" + name + "' is not a header name");
            String lower = name.toLowerCase(Locale.ROOT);
            if (SET_BY_SINK.contains(lower) || lower.startsWith("webhook-")) throw new IllegalArgumentException("'" + name + "' is set by the sink");
            if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f || c > 0xff)) {
                throw new IllegalArgumentException("the value of '" + name + "' must be one line of text");
            }
            h.append(name).append(": ").append(value).append("\r\n");
        }
        return h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One exchange over one socket at a time, which the watchdog closes at the deadline. */
    private final class Exchange implements AutoCloseable {
        private final long deadline;
        private final ScheduledFuture<?> alarm;
        private boolean expired;
        private Socket socket;

        Exchange(long deadline) {
            this.deadline = deadline;
            this.alarm = WATCHDOG.schedule(this::expire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        private synchronized void expire() {
            expired = true;
            closeQuietly(socket);
        }

        private synchronized boolean expired() {
            return expired;
        }

        /** The socket the watchdog closes from now on (the previous one is done with). */
        private synchronized Socket use(Socket s) throws SocketTimeoutException {
            release();
            socket = s;
            open.add(s);
            if (expired) {
                closeQuietly(s);
                throw new SocketTimeoutException();
            }
            return s;
        }

        private synchronized void release() {
            if (socket == null) return;
            closeQuietly(socket);
            open.remove(socket);
            socket = null;
        }

        @Override
        public void close() {
            alarm.cancel(false);
            release();
        }

        private int millisLeft() {
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }

        Attempt run(Instant at, long start, ReceiverPolicy.Target t, byte[] head, byte[] body) {
            Socket plain;
            try {
                plain = connect(t);
            } catch (IOException e) {
                if (expired()) return failed(at, start, "no connection within " + timeout.toMillis() + " ms");
                return failed(at, start, "connection failed: " + (e instanceof ConnectException ? "refused"
                        : e instanceof SocketTimeoutException ? "no connection within " + Math.min(connectTimeout.toMillis(), timeout.toMillis()) + " ms"
                        : e instanceof NoRouteToHostException ? "no route to the receiver" : e.getClass().getSimpleName()));
            }
            boolean answered = false;
            try {
                plain.setSoTimeout(millisLeft());
                Socket s = t.https() ? handshake(plain, t) : plain;
                OutputStream out = s.getOutputStream();
                out.write(head);
                out.write(body);
                out.flush();
                InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
                int[] budget = {MAX_RESPONSE_BYTES};
                int status;
                Map<String, String> headers;
                do { // an interim 1xx answer comes before the real one
                    status = status(line(in, budget));
                    answered = true;
                    headers = headers(in, budget);
                } while (status / 100 == 1 && status != 101);
                try {
                    readBody(in, status, headers, budget);
                } catch (IOException e) {
                    if (expired() || e instanceof SocketTimeoutException) throw e;
                    // the status is known: a body cut short or malformed changes nothing
                }
                String error = status / 100 == 2 ? null : status / 100 == 3 ? "the receiver redirected (" + status + "); redirects are not followed"
                        : "the receiver answered " + status;
                return new Attempt(at, status, error, (System.nanoTime() - start) / 1_000_000);
            } catch (IOException e) {
                if (expired() || e instanceof SocketTimeoutException) {
                    return failed(at, start, answered ? "the answer did not end within " + timeout.toMillis() + " ms" : "no answer within " + timeout.toMillis() + " ms");
                }
                if (e instanceof ProtocolException) return failed(at, start, e.getMessage());
                if (e instanceof SSLException) return failed(at, start, "TLS failed: " + e.getMessage());
                return failed(at, start, "connection failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }

        /** Tries the checked addresses in turn. */
        private Socket connect(ReceiverPolicy.Target t) throws IOException {
            IOException last = null;
            for (InetAddress a : t.addresses()) {
                Socket s = use(new Socket());
                try {
                    s.connect(new InetSocketAddress(a, t.port()), (int) Math.min(connectTimeout.toMillis(), millisLeft()));
                    return s;
                } catch (IOException e) {
                    if (expired()) throw e;
                    last = e;
                }
            }
            throw last;
        }

        private SSLSocket handshake(Socket plain, ReceiverPolicy.Target t) throws IOException {
            String name = t.host().endsWith(".") ? t.host().substring(0, t.host().length() - 1) : t.host();
            SSLSocket ssl = (SSLSocket) tls.createSocket(plain, name, t.port(), true);
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (!name.contains(":") && !IPV4.matcher(name).matches()) { // SNI names no address
                try {
                    p.setServerNames(List.of(new SNIHostName(name)));
                } catch (IllegalArgumentException e) {
                    // a name SNI cannot carry (an underscore...): the certificate is still checked against it
                }
            }
            ssl.setSSLParameters(p);
            ssl.startHandshake();
            return ssl;
        }
    }

    private static int status(String line) throws ProtocolException {
        Matcher m = STATUS_LINE.matcher(line);
        if (!m.matches()) throw new ProtocolException("the receiver's answer is not HTTP/1.1");
        return Integer.parseInt(m.group(1));
    }

    /** Header names in lower case; a repeated header's values joined by commas. */
    private static Map<String, String> headers(InputStream in, int[] budget) throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String line = line(in, budget); !line.isEmpty(); line = line(in, budget)) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            out.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(), (a, b) -> a + "," + b);
        }
        return out;
    }

    /** Reads what the answer says it holds, up to the budget (then stops, without an error). */
    private static void readBody(InputStream in, int status, Map<String, String> headers, int[] budget) throws IOException {
        if (status / 100 == 1 || status == 204 || status == 304) return;
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String size = line(in, budget);
                int semi = size.indexOf(';');
                long n;
                try {
                    n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 0) throw new ProtocolException("the receiver's chunked answer is malformed");
                if (n == 0) {
                    while (!line(in, budget).isEmpty()) { } // trailers
                    return;
                }
                if (!skip(in, n, false, budget)) return;
                line(in, budget);
            }
        }
        String length = headers.get("content-length");
        if (length != null) {
            try {
                skip(in, Long.parseLong(length.strip()), false, budget);
            } catch (NumberFormatException e) {
                throw new ProtocolException("the receiver's Content-Length is not a number");
            }
        } else {
            skip(in, Long.MAX_VALUE, true, budget); // the answer ends when the receiver closes
        }
    }

    /** Skips up to {@code n} bytes (or to the end) within the budget; false when the budget ran out first. */
    private static boolean skip(InputStream in, long n, boolean toEnd, int[] budget) throws IOException {
        byte[] buf = new byte[4096];
        while (n > 0) {
            if (budget[0] <= 0) return false;
            int r = in.read(buf, 0, (int) Math.min(Math.min(buf.length, n), budget[0]));
            if (r < 0) {
                if (toEnd) return true;
                throw new ProtocolException("the receiver's answer ended early");
            }
            n -= r;
            budget[0] -= r;
        }
        return true;
    }

    /** One line of the answer's head (its CR LF taken off), within the budget. */
    private static String line(InputStream in, int[] budget) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new ProtocolException(s.isEmpty() ? "the receiver closed the connection without an answer" : "the receiver's answer ended early");
            if (--budget[0] < 0) throw new TooLong();
            s.append((char) c);
        }
        budget[0]--;
        int end = s.length() > 0 && s.charAt(s.length() - 1) == '\r' ? s.length() - 1 : s.length();
        return s.substring(0, end);
    }

    /** More of the answer than is read. */
    private static final class TooLong extends ProtocolException {
        TooLong() {
            super("the head of the receiver's answer is longer than " + MAX_RESPONSE_BYTES / 1024 + " KiB");
        }
    }

    private static Attempt failed(Instant at, long start, String error) {
        return new Attempt(at, 0, error, (System.nanoTime() - start) / 1_000_000);
    }

    private static void closeQuietly(Socket s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException e) {
            // closing is all that is wanted
        }
    }

    /** Ends the attempts in flight: their sockets are closed. */
    @Override
    public void close() {
        for (Socket s : open) closeQuietly(s);
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "webhook-watchdog");
            t.setDaemon(true);
            return t;
        });
        w.setRemoveOnCancelPolicy(true);
        return w;
    }
}
