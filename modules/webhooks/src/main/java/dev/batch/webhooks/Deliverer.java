package dev.batch.webhooks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
    private static final Pattern IPV4 = Pattern.compile("[0-9.]+");
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
        if (eventId.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f))
            return failed(at, start, "the event id is not valid: it must be visible ASCII");
        byte[] head;
        try {
            head = RequestHead.of(target, headers, eventId, at.getEpochSecond(), body, secret);
        } catch (IllegalArgumentException e) {
            return failed(at, start, "a header is not valid: " + e.getMessage());
        }
        try (Exchange x = new Exchange(start + timeout.toNanos())) {
            return x.run(at, start, target, head, body);
        }
    }

    /** One exchange over one socket at a time, which the watchdog closes at the deadline. */
    private final class Exchange implements AutoCloseable {
        private final long deadline;
        private final ScheduledFuture<?> alarm;
        private boolean expired;
        private Socket socket;

        Exchange(long deadline) {
            this.deadline = deadline;
            this.alarm =
                    WATCHDOG.schedule(this::expire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
            return (int) Math.max(
                    1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }

        Attempt run(Instant at, long start, ReceiverPolicy.Target t, byte[] head, byte[] body) {
            Socket plain;
            try {
                plain = connect(t);
            } catch (IOException e) {
                return failed(at, start, notConnected(e));
            }
            boolean answered = false;
            try {
                plain.setSoTimeout(millisLeft());
                Socket s = t.https() ? handshake(plain, t) : plain;
                OutputStream out = s.getOutputStream();
                out.write(head);
                out.write(body);
                out.flush();
                AnswerReader answer =
                        new AnswerReader(new BufferedInputStream(s.getInputStream(), 8192), MAX_RESPONSE_BYTES);
                int status;
                Map<String, String> headers;
                do { // an interim 1xx answer comes before the real one
                    status = answer.status();
                    answered = true;
                    headers = answer.headers();
                } while (status / 100 == 1 && status != 101);
                try {
                    answer.body(status, headers);
                } catch (IOException e) {
                    if (expired() || e instanceof SocketTimeoutException) throw e;
                    // the status is known: a body cut short or malformed changes nothing
                }
                return new Attempt(at, status, error(status), (System.nanoTime() - start) / 1_000_000);
            } catch (IOException e) {
                if (expired() || e instanceof SocketTimeoutException) {
                    return failed(
                            at,
                            start,
                            answered
                                    ? "the answer did not end within " + timeout.toMillis() + " ms"
                                    : "no answer within " + timeout.toMillis() + " ms");
                }
                if (e instanceof ProtocolException) return failed(at, start, e.getMessage());
                if (e instanceof SSLException) return failed(at, start, "TLS failed: " + e.getMessage());
                return failed(
                        at,
                        start,
                        "connection failed: "
                                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }

        /** Why no connection was made. */
        private String notConnected(IOException e) {
            if (expired()) return "no connection within " + timeout.toMillis() + " ms";
            return "connection failed: "
                    + (e instanceof ConnectException
                            ? "refused"
                            : e instanceof SocketTimeoutException
                                    ? "no connection within "
                                            + Math.min(connectTimeout.toMillis(), timeout.toMillis())
                                            + " ms"
                                    : e instanceof NoRouteToHostException
                                            ? "no route to the receiver"
                                            : e.getClass().getSimpleName());
        }

        /** The attempt's error for a final answer's status; null for a 2xx. */
        private static String error(int status) {
            return status / 100 == 2
                    ? null
                    : status / 100 == 3
                            ? "the receiver redirected (" + status + "); redirects are not followed"
                            : "the receiver answered " + status;
        }

        /** Tries the checked addresses in turn. */
        private Socket connect(ReceiverPolicy.Target t) throws IOException {
            IOException last = null;
            for (InetAddress a : t.addresses()) {
                Socket s = use(new Socket());
                try {
                    s.connect(new InetSocketAddress(a, t.port()), (int)
                            Math.min(connectTimeout.toMillis(), millisLeft()));
                    return s;
                } catch (IOException e) {
                    if (expired()) throw e;
                    last = e;
                }
            }
            throw last;
        }

        private SSLSocket handshake(Socket plain, ReceiverPolicy.Target t) throws IOException {
            String name =
                    t.host().endsWith(".") ? t.host().substring(0, t.host().length() - 1) : t.host();
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
