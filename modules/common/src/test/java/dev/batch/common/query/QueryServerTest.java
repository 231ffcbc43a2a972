package dev.batch.common.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueryServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final QuerySecret SECRET = QuerySecret.fixed("the-cluster-secret".getBytes(StandardCharsets.UTF_8));
    private final HttpClient http = HttpClient.newHttpClient();
    private QueryServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private QueryServer start(QuerySecret secret) throws Exception {
        server = new QueryServer("127.0.0.1", 0, "127.0.0.1", secret);
        server.register("jobs", (path, query) -> Map.of("job", path[0], "project", "project-a"));
        server.start();
        return server;
    }

    private HttpResponse<String> ask(String headerValue) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.advertised().port() + "/internal/jobs/bjb-1"));
        if (headerValue != null) b.header(QuerySecret.HEADER, headerValue);
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusesAnInternalQueryWithoutTheClusterSecret() throws Exception {
        start(SECRET);
        HttpResponse<String> r = ask(null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(r.body()).get("detail").asText()).contains(QuerySecret.HEADER, "missing");
        assertThat(r.body()).doesNotContain("project-a");
    }

    @Test
    void refusesAnInternalQueryWithAnotherSecret() throws Exception {
        start(SECRET);
        for (String wrong : new String[] {
            "", "00", SECRET.value() + "00", SECRET.value().substring(1) + "0", hex("the-cluster-secret ")
        }) {
            HttpResponse<String> r = ask(wrong);
            assertThat(r.statusCode()).as("'%s'", wrong).isEqualTo(403);
            assertThat(JSON.readTree(r.body()).get("detail").asText()).contains("does not hold this cluster's secret");
            assertThat(r.body()).doesNotContain("project-a");
        }
    }

    @Test
    void answersAnInstanceShowingTheClusterSecret() throws Exception {
        start(SECRET);
        assertThat(ask(hex("the-cluster-secret")).statusCode()).isEqualTo(200);
        QueryClient client = server.client("jobs");
        assertThat(client.get(server.advertised(), "/bjb-7"))
                .hasValueSatisfying(n -> assertThat(n.get("job").asText()).isEqualTo("bjb-7"));
    }

    @Test
    void aClientOfAnotherClusterIsTurnedAwayWithAClearError() throws Exception {
        start(SECRET);
        QueryClient stranger =
                new QueryClient("jobs", QuerySecret.fixed("another-cluster-secret".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> stranger.get(server.advertised(), "/bjb-7"))
                .isInstanceOf(NotAvailableException.class)
                .hasMessageContaining("answered 403");
    }

    @Test
    void instancesThatEachMadeASecretAgreeOnTheOneTheStoreKept() throws Exception {
        AtomicReference<byte[]> store = new AtomicReference<>("made-by-one".getBytes(StandardCharsets.UTF_8));
        start(QuerySecret.stored(store::get));
        store.set("made-by-two".getBytes(StandardCharsets.UTF_8)); // the last write stands
        QueryClient two = new QueryClient("jobs", QuerySecret.stored(store::get));
        await().atMost(Duration.ofSeconds(5))
                .ignoreExceptions()
                .untilAsserted(
                        () -> assertThat(two.get(server.advertised(), "/bjb-9")).isPresent());
        QueryClient one =
                new QueryClient("jobs", QuerySecret.stored(() -> "made-by-one".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> one.get(server.advertised(), "/bjb-9"))
                .as("the secret the store no longer holds")
                .isInstanceOf(NotAvailableException.class);
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }
}
