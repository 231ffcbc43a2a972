package dev.batch.tools.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sends one prepared HTTP/1.1 request on a fixed schedule over keep-alive connections, each held by a
 * thread of its own that blocks on its socket: a request due while every connection is busy gets a new
 * connection, so none waits for an earlier one (open loop). Its latency runs from when it was due to the
 * end of its answer. Blocking sockets cost the load generator a few tens of microseconds a request, where
 * {@code java.net.http.HttpClient}'s asynchronous machinery took most of a core at 500 requests a second:
 * CPU the server under test, on the same cores, did not get.
 */
final class KeepAliveLoad {
    private final InetSocketAddress address;
    private final byte[] request;
    private final LinkedTransferQueue<Long> due = new LinkedTransferQueue<>();
    private final Recorder recorder = new Recorder(3);
    final AtomicLong non2xx = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    private volatile boolean recording;
    private volatile CountDownLatch answered = new CountDownLatch(0);

    KeepAliveLoad(String method, URI url, String key, String body) {
        this.address = new InetSocketAddress(url.getHost(), url.getPort());
        this.request = request(method, url, key, body);
    }

    /** The request's bytes, sent as they are every time. */
    static byte[] request(String method, URI url, String key, String body) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append(method)
                .append(' ')
                .append(url.getRawPath())
                .append(url.getRawQuery() == null ? "" : "?" + url.getRawQuery())
                .append(" HTTP/1.1\r\nHost: ")
                .append(url.getHost())
                .append(':')
                .append(url.getPort())
                .append("\r\nAuthorization: Bearer ")
                .append(key)
                .append("\r\n");
        if (body != null) head.append("Content-Type: application/json\r\n");
        if (body != null || !method.equals("GET"))
            head.append("Content-Length: ").append(content.length).append("\r\n");
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** {@code rate} requests a second for {@code seconds}; their latencies when {@code record}. */
    Histogram drive(int rate, int seconds, boolean record) throws InterruptedException {
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long count = (long) rate * seconds;
        recorder.reset();
        recording = record;
        answered = new CountDownLatch((int) count);
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long at = start + i * period;
            long wait = at - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            if (!due.tryTransfer(at)) startConnection(at);
        }
        if (!answered.await(60, TimeUnit.SECONDS))
            throw new IllegalStateException("requests still unanswered after 60 s");
        return recorder.getIntervalHistogram();
    }

    private void startConnection(long firstDue) {
        Thread t = new Thread(() -> serve(firstDue), "load-connection");
        t.setDaemon(true);
        t.start();
    }

    /** One connection's thread: sends each request handed to it, reconnecting after a failure. */
    private void serve(long firstDue) {
        Connection connection = null;
        Long next = firstDue;
        while (next != null) {
            long at = next;
            try {
                if (connection == null) connection = new Connection(address);
                int status = connection.exchange(request);
                done(at, status, false);
                if (connection.closed) connection = null;
            } catch (IOException e) {
                done(at, 0, true);
                if (connection != null) connection.close();
                connection = null;
            }
            try {
                next = due.poll(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                next = null;
            }
        }
        if (connection != null) connection.close();
    }

    private void done(long at, int status, boolean failed) {
        if (recording) {
            if (failed) errors.incrementAndGet();
            else if (status / 100 != 2) non2xx.incrementAndGet();
            recorder.recordValue(Math.max(1, (System.nanoTime() - at) / 1000));
        }
        answered.countDown();
    }

    /** A keep-alive HTTP/1.1 connection: writes a request, reads its whole answer. */
    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        boolean closed;

        Connection(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(address, 5_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String header = h.toLowerCase(Locale.ROOT);
                if (header.startsWith("content-length:"))
                    length = Long.parseLong(header.substring(15).strip());
                else if (header.startsWith("transfer-encoding:") && header.contains("chunked")) chunked = true;
                else if (header.startsWith("connection:") && header.contains("close")) closed = true;
            }
            if (chunked) {
                for (long size = chunkSize(); size > 0; size = chunkSize()) {
                    skip(size);
                    line();
                }
                String trailer;
                do trailer = line();
                while (!trailer.isEmpty());
            } else if (length >= 0) {
                skip(length);
            } else {
                closed = true; // the body runs to the end of the connection
                in.transferTo(OutputStream.nullOutputStream());
            }
            if (closed) close();
            return status;
        }

        private long chunkSize() throws IOException {
            String size = line();
            int ext = size.indexOf(';');
            return Long.parseLong((ext < 0 ? size : size.substring(0, ext)).strip(), 16);
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long skipped = in.skip(n);
                if (skipped <= 0) {
                    if (in.read() < 0) throw new EOFException("the answer ended early");
                    skipped = 1;
                }
                n -= skipped;
            }
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) throw new EOFException("the connection closed mid-answer");
                if (c != '\r') s.append((char) c);
            }
            return s.toString();
        }

        void close() {
            closed = true;
            try {
                socket.close();
            } catch (IOException e) {
                // closing after a failure: nothing more to learn from it
            }
        }
    }
}
