package dev.batch.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeepAliveLoadTest {
    private final HttpServer server = server();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void answersOfEveryFramingAreReadWholeAndNon2xxCounted() throws Exception {
        server.createContext("/jobs", exchange -> {
            seen.add(exchange.getRequestMethod() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"id\":\"bjb-1\"}".getBytes(StandardCharsets.UTF_8);
            int n = calls.incrementAndGet();
            // every third answer chunked (length 0), every fifth a 503
            exchange.sendResponseHeaders(n % 5 == 0 ? 503 : 201, n % 3 == 0 ? 0 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        KeepAliveLoad load = new KeepAliveLoad("POST", url("/jobs"), "llx-k", "{\"a\":1}");

        Histogram h = load.drive(200, 1, true);

        assertThat(h.getTotalCount()).isEqualTo(200);
        assertThat(load.errors.get()).isZero();
        assertThat(load.non2xx.get()).isEqualTo(40);
        assertThat(seen).hasSize(200).allMatch(s -> s.equals("POST Bearer llx-k {\"a\":1}"));
    }

    @Test
    void aStalledAnswerDoesNotHoldBackTheRequestsDueAfterIt() throws Exception {
        server.createContext("/slow", exchange -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    never.await(500, TimeUnit.MILLISECONDS); // the server stalls on the first request only
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        KeepAliveLoad load = new KeepAliveLoad("GET", url("/slow"), "llx-k", null);

        Histogram h = load.drive(100, 1, true);

        assertThat(h.getTotalCount()).isEqualTo(100);
        assertThat(h.getMaxValue()).isGreaterThanOrEqualTo(500_000);
        assertThat(h.getValueAtPercentile(90)).isLessThan(100_000);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static HttpServer server() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.setExecutor(Executors.newCachedThreadPool());
            return s;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
