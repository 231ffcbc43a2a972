package dev.batch.webhooks;

import dev.batch.common.net.AnswerReader;
import dev.batch.common.net.PinnedExchange;
import dev.batch.common.net.ReceiverPolicy;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
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
        this(policy, connectTimeout, timeout, clock, PinnedExchange.defaultTls());
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
        try (PinnedExchange x = new PinnedExchange(start + timeout.toNanos(), connectTimeout, tls, open)) {
            return run(x, at, start, target, head, body);
        }
    }

    /** One attempt's exchange: over the checked addresses, closed by a watchdog at the deadline. */
    private Attempt run(PinnedExchange x, Instant at, long start, ReceiverPolicy.Target t, byte[] head, byte[] body) {
        Socket plain;
        try {
            plain = x.connect(t);
        } catch (IOException e) {
            return failed(at, start, notConnected(x, e));
        }
        boolean answered = false;
        try {
            plain.setSoTimeout(x.millisLeft());
            Socket s = t.https() ? x.handshake(plain, t) : plain;
            OutputStream out = s.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            AnswerReader answer = new AnswerReader(
                    new BufferedInputStream(s.getInputStream(), 8192), MAX_RESPONSE_BYTES, "the receiver");
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
                if (x.expired() || e instanceof SocketTimeoutException) throw e;
                // the status is known: a body cut short or malformed changes nothing
            }
            return new Attempt(at, status, error(status), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            if (x.expired() || e instanceof SocketTimeoutException) {
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
    private String notConnected(PinnedExchange x, IOException e) {
        if (x.expired()) return "no connection within " + timeout.toMillis() + " ms";
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

    private static Attempt failed(Instant at, long start, String error) {
        return new Attempt(at, 0, error, (System.nanoTime() - start) / 1_000_000);
    }

    /** Ends the attempts in flight: their sockets are closed. */
    @Override
    public void close() {
        for (Socket s : open) PinnedExchange.closeQuietly(s);
    }
}
