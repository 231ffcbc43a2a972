package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each API key has its own request rate: one key over it is told to wait (429, Retry-After); other keys and keyless routes are served. */
@WithKafka
class RateLimitIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void refusesAKeyOverItsLimitWithRetryAfterWhileAnotherKeyAndKeylessRoutesAreServed(TestKafka kafka)
            throws Exception {
        try (RunningSystem sys = RunningSystem.start(
                kafka, data, "rate-limit", Map.of("BATCH_RATE_LIMIT_PER_SECOND", "1", "BATCH_RATE_LIMIT_BURST", "3"))) {
            String file = sys.upload("limited.txt", "limited".getBytes(StandardCharsets.UTF_8));
            String url = sys.api
                    .get("/api/v1/beta/files/" + file + "/content")
                    .json()
                    .get("url")
                    .asText();
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> refused = null;
            for (int i = 0; i < 20 && refused == null; i++) {
                HttpResponse<String> r = http.send(
                        sys.api.request("/api/v1/beta/files").GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 429) refused = r;
                else assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            assertThat(refused)
                    .as("a 429 within 20 quick requests at 1 a second, bursts of 3")
                    .isNotNull();
            assertThat(refused.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 2L));
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(JSON.readTree(refused.body()).get("detail").asText())
                    .contains(
                            "too many requests for this API key",
                            "1 a second",
                            "bursts of up to 3",
                            "BATCH_RATE_LIMIT_PER_SECOND");

            ApiResponse other = sys.other.get("/api/v1/beta/files");
            assertThat(other.status())
                    .as("another key has its own bucket: " + other)
                    .isEqualTo(200);
            // Routes without a key are not limited, even when the limited key is sent along.
            for (String keyless : new String[] {
                "/health/live", "/metrics", "/openapi.json", "/docs", "/", url.substring(url.indexOf("/api/"))
            }) {
                ApiResponse r = sys.api.get(keyless);
                assertThat(r.status()).as(keyless + ": " + r).isEqualTo(200);
            }
            assertThat(sys.api.get("/health/ready").status()).isIn(200, 503);
            assertThat(new BatchApiClient(sys.base(), null)
                            .get(url.substring(url.indexOf("/api/")))
                            .raw())
                    .isEqualTo("limited");

            await("the key is served again once its bucket refills")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(1100))
                    .until(() -> sys.api.get("/api/v1/beta/files").status() == 200);
        }
    }
}
