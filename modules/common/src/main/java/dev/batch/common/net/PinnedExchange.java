package dev.batch.common.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An HTTP exchange, or a chain of them (a redirect's hops), over sockets connected only to the
 * addresses a {@link ReceiverPolicy.Target} holds: the name is never resolved again, since a second
 * lookup could answer an internal address. HTTPS verifies the certificate against the target's
 * host name and sends that name as SNI. All of it has one deadline: a watchdog closes the socket in
 * use when it passes, so a peer that trickles its answer holds the caller no longer. One socket at
 * a time; connecting the next one closes the previous one.
 */
public final class PinnedExchange implements AutoCloseable {
    private static final Pattern IPV4 = Pattern.compile("[0-9.]+");
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final long deadline;
    private final Duration connectTimeout;
    private final SSLSocketFactory tls;
    private final Set<Socket> open;
    private final ScheduledFuture<?> alarm;
    private boolean expired;
    private Socket socket;

    /**
     * {@code deadline}: in {@link System#nanoTime()} terms; {@code connectTimeout}: of connecting to
     * one address, within it; {@code tls}: whom HTTPS peers are checked against; {@code open}: where
     * the socket in use is registered while it is, so its owner can close it at shutdown.
     */
    public PinnedExchange(long deadline, Duration connectTimeout, SSLSocketFactory tls, Set<Socket> open) {
        this.deadline = deadline;
        this.connectTimeout = connectTimeout;
        this.tls = tls;
        this.open = open;
        this.alarm = WATCHDOG.schedule(this::expire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** The JVM's default trust: the certificates HTTPS peers are checked against outside tests. */
    public static SSLSocketFactory defaultTls() {
        return (SSLSocketFactory) SSLSocketFactory.getDefault();
    }

    private synchronized void expire() {
        expired = true;
        closeQuietly(socket);
    }

    /** Whether the deadline has passed (and the socket in use was closed). */
    public synchronized boolean expired() {
        return expired;
    }

    /** Milliseconds left until the deadline, at least 1: a socket's read timeout. */
    public int millisLeft() {
        return (int)
                Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }

    /** Connects to the target's checked addresses in turn (the last failure is thrown). */
    public Socket connect(ReceiverPolicy.Target t) throws IOException {
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

    /** TLS over a connected socket: SNI names the target's host, and its certificate must be valid for that name. */
    public SSLSocket handshake(Socket plain, ReceiverPolicy.Target t) throws IOException {
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

    public static void closeQuietly(Socket s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException e) {
            // closing is all that is wanted
        }
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "pinned-exchange-watchdog");
            t.setDaemon(true);
            return t;
        });
        w.setRemoveOnCancelPolicy(true);
        return w;
    }
}
