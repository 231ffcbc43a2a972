package dev.batch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchApiClientTest {
    /** What the server saw of one request. */
    record Seen(String method, String uri, String authorization, String contentType, String body) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    /** Answers every request with {@code status} and {@code body}, and records it. */
    private String serve(int status, String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath()
                            + (exchange.getRequestURI().getRawQuery() == null
                                    ? ""
                                    : "?" + exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Test
    void namedCallsSendTheirRequestToTheDeclaredPathWithTheKey() throws Exception {
        BatchApiClient api = new BatchApiClient(serve(200, "{\"id\": \"x-1\"}"), "llx-key");
        assertThat(api.createJob("{\"job_config\": {}}", "idem-1")).isEqualTo("x-1");
        api.items("bjb 1", "limit", 5, "status", null);
        api.cancelJob("bjb-1", "no longer needed");
        assertThat(seen)
                .extracting(Seen::method, Seen::uri, Seen::authorization)
                .containsExactly(
                        tuple("POST", "/api/v1/beta/batch-processing", "Bearer llx-key"),
                        tuple("GET", "/api/v1/beta/batch-processing/bjb%201/items?limit=5", "Bearer llx-key"),
                        tuple("POST", "/api/v1/beta/batch-processing/bjb-1/cancel", "Bearer llx-key"));
        assertThat(seen.get(2).body()).isEqualTo("{\"reason\":\"no longer needed\"}");
    }

    @Test
    void uploadsAFileAsAMultipartFormWithItsFields() throws Exception {
        BatchApiClient api = new BatchApiClient(serve(200, "{\"id\": \"file-1\"}"), null);
        assertThat(api.uploadFile("a.txt", "hello".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("file-1");
        Seen upload = seen.get(0);
        assertThat(upload.authorization()).as("no key, no header").isNull();
        String boundary =
                upload.contentType().substring(upload.contentType().indexOf("boundary=") + "boundary=".length());
        assertThat(upload.body())
                .isEqualTo("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nparse\r\n"
                        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\nhello\r\n--" + boundary + "--\r\n");
    }

    @Test
    void aRefusalIsAnAnswerToARawCallAndAnExceptionWithTheServersDetailToANamedOne() throws Exception {
        List<BatchApiClient.Exchange> exchanges = new CopyOnWriteArrayList<>();
        BatchApiClient api = BatchApiClient.builder(serve(404, "{\"detail\": \"job not found\"}"))
                .apiKey("k")
                .recorder(exchanges::add)
                .build();
        ApiResponse raw = api.get(ApiPaths.path(ApiPaths.JOB, "bjb-9") + "?x=1");
        assertThat(raw.status()).isEqualTo(404);
        assertThat(raw.path("detail").asText()).isEqualTo("job not found");
        ApiCallException refused = catchThrowableOfType(ApiCallException.class, () -> api.job("bjb-9"));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused).hasMessage("404 from /api/v1/beta/batch-processing/bjb-9: job not found");
        assertThat(exchanges)
                .extracting(BatchApiClient.Exchange::path)
                .containsOnly("/api/v1/beta/batch-processing/bjb-9");
    }

    @Test
    void aServerThatCannotBeReachedIsAnExceptionWithStatusZero() throws Exception {
        String base = serve(200, "{}");
        server.stop(0);
        server = null;
        BatchApiClient api = BatchApiClient.builder(base)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        ApiCallException failure = catchThrowableOfType(ApiCallException.class, () -> api.jobs("limit", 1));
        assertThat(failure.status()).isZero();
        assertThat(failure).hasMessageStartingWith("cannot reach http://127.0.0.1:");
    }

    @Test
    void aRawCallSendsWhatItIsGivenWithItsOwnHeadersFirst() throws Exception {
        BatchApiClient api = new BatchApiClient(serve(201, ""), "llx-key");
        ApiResponse r = api.send(api.request("/anything")
                .setHeader("Authorization", "Basic x")
                .method("PUT", HttpRequest.BodyPublishers.ofString("not json")));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json()).isNull();
        assertThat(seen.get(0)).isEqualTo(new Seen("PUT", "/anything", "Basic x", null, "not json"));
        assertThat(api.upload("/u", "f", "b.bin", new byte[] {1}, Map.of()).status())
                .isEqualTo(201);
    }
}
