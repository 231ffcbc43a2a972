package dev.batch.webhooks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver on 127.0.0.1 that reads the request, then sends its answer one byte every 100 ms:
 * the status line and headers at once and then a 100,000-byte body ({@link Mode#BODY}), or the
 * head itself ({@link Mode#HEAD}). It never finishes within a test; it counts the connections it
 * holds open (a connection ends when the sink closes it).
 */
final class TricklingReceiver implements AutoCloseable {
    enum Mode {
        BODY,
        HEAD
    }

    private final ServerSocket server;
    private final Mode mode;
    private final ExecutorService readers = Executors.newCachedThreadPool();
    private final ScheduledExecutorService tricklers = Executors.newScheduledThreadPool(2);
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    TricklingReceiver(Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread accept = new Thread(this::accept, "trickling-receiver");
        accept.setDaemon(true);
        accept.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** Connections held open now. */
    int open() {
        return open.get();
    }

    /** The most connections held open at once. */
    int maxOpen() {
        return maxOpen.get();
    }

    /** The paths of the requests read. */
    List<String> requests() {
        return requests;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                readers.execute(() -> answer(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void answer(Socket s) {
        try {
            InputStream in = new BufferedInputStream(s.getInputStream());
            String requestLine = line(in);
            long length = 0;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                if (h.toLowerCase().startsWith("content-length:"))
                    length = Long.parseLong(h.substring(15).strip());
            }
            in.readNBytes((int) length);
            requests.add(requestLine.split(" ")[1]);
            byte[] head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            OutputStream out = s.getOutputStream();
            int sent = 0;
            if (mode == Mode.BODY) {
                out.write(head);
                out.flush();
            } else {
                out.write(head, 0, 1);
                sent = 1;
            }
            int[] at = {sent};
            tricklers.scheduleAtFixedRate(
                    () -> {
                        try {
                            out.write(mode == Mode.HEAD && at[0] < head.length ? head[at[0]++] : 'x');
                            out.flush();
                        } catch (IOException e) {
                            ended(s);
                            throw new IllegalStateException("the sink closed the connection"); // ends the schedule
                        }
                    },
                    100,
                    100,
                    TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            ended(s);
        }
    }

    private void ended(Socket s) {
        if (sockets.remove(s)) {
            open.decrementAndGet();
            try {
                s.close();
            } catch (IOException e) {
                // closing is all that is wanted
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new IOException("the request ended early");
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        tricklers.shutdownNow();
        readers.shutdownNow();
        for (Socket s : sockets) ended(s);
    }
}
