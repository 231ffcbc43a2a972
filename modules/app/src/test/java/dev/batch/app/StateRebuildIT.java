package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local state is a cache of the log: deleted, every store is rebuilt from its changelog and the API answers as before. */
@WithKafka
class StateRebuildIT {
    @TempDir
    Path data;

    @Test
    void answersTheSameAfterItsLocalStateIsDeleted(TestKafka kafka) throws Exception {
        Map<String, String> same = Map.of("BATCH_TOPIC_NAMESPACE", TestKafka.newNamespace("rebuild"));
        String job;
        String failing;
        JsonNode status;
        JsonNode items;
        try (RunningSystem sys = RunningSystem.start(kafka, data, "rebuild", same)) {
            String a = sys.upload("a.txt", "alpha".getBytes(StandardCharsets.UTF_8));
            String b = sys.upload("b.pdf", "%PDF-1.7 not really".getBytes(StandardCharsets.UTF_8));
            job = sys.createJob("{\"job_config\": {}, \"item_ids\": " + RunningSystem.ids(List.of(a, b)) + "}");
            failing = sys.createJob("{\"job_config\": {}, \"item_ids\": " + RunningSystem.ids(List.of(b)) + "}");
            status = sys.awaitTerminal(job);
            sys.awaitTerminal(failing);
            items = sys.api.get(BATCH + "/" + job + "/items").json();
        }
        Path state = data.resolve("state");
        assertThat(state).isDirectory();
        try (Stream<Path> all = Files.walk(state)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(state).doesNotExist();
        try (RunningSystem sys = RunningSystem.start(kafka, data, "rebuild", same)) {
            JsonNode rebuilt = await().atMost(Duration.ofSeconds(60))
                    .until(() -> sys.api.get(BATCH + "/" + job), r -> r.status() == 200)
                    .json();
            assertThat(rebuilt.get("job")).isEqualTo(status);
            assertThat(sys.api.get(BATCH + "/" + job + "/items").json()).isEqualTo(items);
            assertThat(sys.api
                            .get(BATCH + "/" + failing)
                            .json()
                            .get("job")
                            .get("status")
                            .asText())
                    .isEqualTo("failed");
            assertThat(sys.api.get(BATCH + "?limit=10").json().get("total_size").asInt())
                    .isEqualTo(2);
        }
    }
}
