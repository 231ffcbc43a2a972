package dev.batch.app;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiPaths;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.common.config.Config;
import dev.batch.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The whole system started for a test class on the shared broker, under its own namespace. */
final class RunningSystem implements AutoCloseable {
    static final String KEY = "llx-test-key";
    static final String OTHER_KEY = "llx-other-project-key";
    static final String BATCH = ApiPaths.JOBS;

    final BatchSystem system;
    final BatchApiClient api;
    final BatchApiClient other;
    final String namespace;

    private RunningSystem(BatchSystem system, String namespace) {
        this.system = system;
        this.namespace = namespace;
        this.api = new BatchApiClient(base(), KEY);
        this.other = new BatchApiClient(base(), OTHER_KEY);
    }

    static RunningSystem start(TestKafka kafka, Path data, String name, Map<String, String> overrides)
            throws Exception {
        String namespace = TestKafka.newNamespace(name);
        Map<String, String> config = new HashMap<>(Map.of(
                "BATCH_KAFKA_BOOTSTRAP",
                kafka.bootstrap(),
                "BATCH_TOPIC_NAMESPACE",
                namespace,
                "BATCH_PARTITIONS",
                "3",
                "BATCH_DATA_DIR",
                data.toString(),
                "BATCH_HTTP_PORT",
                "0",
                "BATCH_API_KEY",
                KEY,
                "BATCH_API_KEYS",
                OTHER_KEY + "=other-project"));
        config.putAll(overrides);
        return new RunningSystem(BatchSystem.start(Config.of(config)), namespace);
    }

    String base() {
        return "http://localhost:" + system.httpPort();
    }

    String upload(Path file) {
        ApiResponse r = api.upload(ApiPaths.FILES, file);
        if (r.status() != 200) throw new AssertionError("upload failed: " + r);
        return r.json().get("id").asText();
    }

    String upload(String name, byte[] bytes) {
        ApiResponse r = api.upload(ApiPaths.FILES, name, bytes);
        if (r.status() != 200) throw new AssertionError("upload failed: " + r);
        return r.json().get("id").asText();
    }

    String createJob(String body) {
        ApiResponse r = api.post(BATCH, body);
        if (r.status() != 201) throw new AssertionError("create failed: " + r);
        return r.json().get("id").asText();
    }

    JsonNode awaitTerminal(String jobId) {
        return awaitTerminal(api, jobId).get("job");
    }

    /** Polls a job until it is terminal; returns the whole status answer ({@code job}, {@code progress_percentage}). */
    static JsonNode awaitTerminal(BatchApiClient api, String jobId) {
        JsonNode[] last = new JsonNode[1];
        await("job " + jobId + " terminal")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    ApiResponse r = api.get(BATCH + "/" + jobId);
                    if (r.status() != 200) return false;
                    last[0] = r.json();
                    return List.of("completed", "failed", "cancelled")
                            .contains(r.json().get("job").get("status").asText());
                });
        return last[0];
    }

    static String ids(List<String> ids) {
        return "[" + String.join(",", ids.stream().map(i -> "\"" + i + "\"").toList()) + "]";
    }

    @Override
    public void close() {
        system.close();
    }
}
