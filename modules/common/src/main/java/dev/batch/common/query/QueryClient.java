package dev.batch.common.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/** Asks another instance's {@link QueryServer}; failures surface as {@link NotAvailableException} (503 at the edge). */
public final class QueryClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String service;
    private final QuerySecret secret;

    /** {@code service}: the prefix the remote handler registered; made by {@link QueryServer#client}. */
    QueryClient(String service, QuerySecret secret) {
        this.service = service;
        this.secret = secret;
    }

    /** The answer, or empty when the remote instance says 404. */
    public Optional<JsonNode> get(HostInfo host, String path) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + QueryServer.PREFIX + service + path);
        try {
            HttpResponse<byte[]> r = send(uri);
            // Refused: the stored secret may have changed since it was read (two instances' first start); read it and
            // try once more.
            if ((r.statusCode() == 401 || r.statusCode() == 403) && secret.reload()) r = send(uri);
            if (r.statusCode() == 404) return Optional.empty();
            if (r.statusCode() != 200) {
                throw new NotAvailableException(
                        "the " + service + " instance at " + host.host() + ":" + host.port() + " answered "
                                + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8),
                        null);
            }
            return Optional.of(JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new NotAvailableException(
                    "cannot reach the " + service + " instance at " + host.host() + ":" + host.port() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAvailableException("interrupted", e);
        }
    }

    private HttpResponse<byte[]> send(URI uri) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .header(QuerySecret.HEADER, secret.value())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
