package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.config.Config;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.testkit.DirectoryFiller;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directory mode at scale: 100,000 catalog entries are paged out by the splitter (no workers here). */
@WithKafka
class LargeDirectoryIT {
    @TempDir
    Path data;

    @Test
    void dispatchesEveryEntryOfAHundredThousandFileDirectoryExactlyOnce(TestKafka kafka) throws Exception {
        try (RunningSystem sys =
                RunningSystem.start(kafka, data, "large-directory", Map.of("BATCH_PARSE_WORKERS", "0"))) {
            String fileId = sys.upload("tiny.txt", "tiny".getBytes(StandardCharsets.UTF_8));
            KafkaSettings settings = KafkaSettings.from(
                    Config.of(Map.of("BATCH_TOPIC_NAMESPACE", sys.namespace, "BATCH_PARTITIONS", "3")),
                    kafka.bootstrap());
            DirectoryFiller.fill(settings, sys.system.projectId(), "dir-bulk", fileId, 100_000);

            long t0 = System.nanoTime();
            String job = sys.createJob(
                    "{\"job_config\": {}, \"directory_id\": \"dir-bulk\", \"page_size\": 1000, \"continue_as_new_threshold\": 5000}");
            JsonNode[] last = new JsonNode[1];
            Set<String> seen = new LinkedHashSet<>();
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        last[0] = sys.api.get(BATCH + "/" + job).json().get("job");
                        seen.add(last[0].get("status").asText());
                        return last[0].get("status").asText().equals("dispatched");
                    });
            System.out.printf("dispatched 100000 directory entries in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(last[0].get("total_items").asLong()).isEqualTo(100_000);
            assertThat(seen).as("states seen while the directory was paged").contains("running", "dispatched");
            assertThat(last[0].get("started_at").isNull()).isFalse();
            assertThat(sys.api
                            .get(BATCH + "/" + job + "/items?limit=1")
                            .json()
                            .get("total_size")
                            .asLong())
                    .isEqualTo(100_000);
            assertThat(sys.api
                            .get(BATCH + "/" + job + "/items?status=pending&limit=1")
                            .json()
                            .get("total_size")
                            .asLong())
                    .isEqualTo(100_000);
        }
    }
}
