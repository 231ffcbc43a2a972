package dev.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.batch.client.ApiCallException;
import dev.batch.client.BatchApiClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    /** Answers {@code refusals} requests with 429 and {@code retryAfter}, then 200; records when each came. */
    private String serve(int refusals, String retryAfter, List<Long> arrivals) throws Exception {
        AtomicInteger seen = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            arrivals.add(System.nanoTime());
            exchange.getRequestBody().readAllBytes();
            boolean refuse = seen.incrementAndGet() <= refusals;
            byte[] body = (refuse ? "{\"detail\": \"too many requests for this API key\"}" : "{\"id\": \"dir-1\"}")
                    .getBytes(StandardCharsets.UTF_8);
            if (refuse) exchange.getResponseHeaders().set("Retry-After", retryAfter);
            exchange.sendResponseHeaders(refuse ? 429 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void sendsARequestAgainAfterA429OnceRetryAfterHasPassed() throws Exception {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        BatchApiClient api = Batchctl.client(serve(1, "1", arrivals), "llx-key");
        assertThat(api.createDirectory("d")).isEqualTo("dir-1");
        assertThat(arrivals).hasSize(2);
        assertThat(arrivals.get(1) - arrivals.get(0))
                .as("waited the second Retry-After asked for")
                .isGreaterThanOrEqualTo(1_000_000_000L);
    }

    @Test
    void saysSoAtOnceWhenTheWaitWouldBeLongerThanAMinute() throws Exception {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        BatchApiClient api = Batchctl.client(serve(Integer.MAX_VALUE, "3600", arrivals), "llx-key");
        ApiCallException failure = catchThrowableOfType(ApiCallException.class, () -> api.jobs("limit", 20));
        assertThat(failure.status()).isEqualTo(429);
        assertThat(failure).hasMessageContaining("too many requests");
        assertThat(arrivals).hasSize(1);
    }
}
