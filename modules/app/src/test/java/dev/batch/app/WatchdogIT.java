package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No job sticks: with no worker at all, a job still ends once its maximum duration has passed. */
@WithKafka
class WatchdogIT {
    @TempDir
    Path data;

    @Test
    void endsAJobNoWorkerEverPicksUpWithEveryItemFailedAsTimedOut(TestKafka kafka) throws Exception {
        try (RunningSystem sys = RunningSystem.start(
                kafka,
                data,
                "watchdog",
                Map.of("BATCH_PARSE_WORKERS", "0", "BATCH_CLASSIFY_WORKERS", "0", "BATCH_JOB_MAX_DURATION", "3s"))) {
            String a = sys.upload("a.txt", "first".getBytes(StandardCharsets.UTF_8));
            String b = sys.upload("b.txt", "second".getBytes(StandardCharsets.UTF_8));
            String job = sys.createJob("{\"job_config\": {}, \"item_ids\": " + RunningSystem.ids(List.of(a, b)) + "}");
            JsonNode done = sys.awaitTerminal(job);
            assertThat(done.get("status").asText()).isEqualTo("failed");
            assertThat(done.get("failed_items").asInt()).isEqualTo(2);
            assertThat(done.get("total_items").asInt()).isEqualTo(2);
            assertThat(done.get("error_message").asText()).contains("timed out", "BATCH_JOB_MAX_DURATION");
            JsonNode items = sys.api.get(BATCH + "/" + job + "/items").json().get("items");
            assertThat(items).hasSize(2).allSatisfy(i -> {
                assertThat(i.get("status").asText()).isEqualTo("failed");
                assertThat(i.get("error_message").asText()).contains("timed out");
            });
        }
    }
}
