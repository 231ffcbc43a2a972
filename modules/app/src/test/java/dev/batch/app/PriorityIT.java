package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static dev.batch.app.RunningSystem.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The urgent lane: a critical job overtakes a low-priority backlog on a single worker. */
@WithKafka
class PriorityIT {
    @TempDir
    Path data;

    @Test
    void finishesACriticalJobSubmittedBehindALowPriorityBacklogFirst(TestKafka kafka) throws Exception {
        try (RunningSystem sys = RunningSystem.start(kafka, data, "priority", Map.of("BATCH_PARSE_WORKERS", "1"))) {
            byte[] pdf = Files.readAllBytes(Corpus.file("parse/pdf/arxiv-2201.00200.pdf"));
            List<String> backlog = new ArrayList<>();
            for (int i = 0; i < 40; i++) backlog.add(sys.upload("low-" + i + ".pdf", pdf));
            List<String> urgent = List.of(sys.upload("urgent-1.pdf", pdf), sys.upload("urgent-2.pdf", pdf));

            String low = sys.createJob(
                    "{\"job_config\": {\"parameters\": {\"priority\": \"low\", \"do_not_cache\": true}}, \"item_ids\": "
                            + ids(backlog) + "}");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> sys.api
                                    .get(BATCH + "/" + low)
                                    .json()
                                    .get("job")
                                    .get("processed_items")
                                    .asLong()
                            >= 1);
            String critical = sys.createJob(
                    "{\"job_config\": {\"parameters\": {\"priority\": \"critical\", \"do_not_cache\": true}}, \"item_ids\": "
                            + ids(urgent) + "}");

            JsonNode criticalDone = sys.awaitTerminal(critical);
            long lowDoneThen = sys.api
                    .get(BATCH + "/" + low)
                    .json()
                    .get("job")
                    .get("processed_items")
                    .asLong();
            assertThat(criticalDone.get("processed_items").asLong()).isEqualTo(2);
            assertThat(lowDoneThen)
                    .as("low-priority items finished before the critical job was done")
                    .isLessThan(30);
            assertThat(sys.awaitTerminal(low).get("processed_items").asLong()).isEqualTo(40);
        }
    }
}
