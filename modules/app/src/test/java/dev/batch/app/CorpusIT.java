package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiResponse;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole shared parse corpus as one directory job: every document ends completed, or failed with a reason. */
@WithKafka
class CorpusIT {
    @TempDir
    Path data;

    @Test
    void parsesTheWholeCorpusAsOneJobWithAReasonForEveryFailure(TestKafka kafka) throws Exception {
        List<Path> docs;
        try (Stream<Path> files = Files.walk(Corpus.root().resolve("parse"))) {
            docs = files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(".gt.txt")
                            && !p.getFileName().toString().equals("MANIFEST.tsv"))
                    .sorted()
                    .toList();
        }
        try (RunningSystem sys = RunningSystem.start(kafka, data, "corpus", Map.of())) {
            String dir = sys.api
                    .post("/api/v1/beta/directories", "{\"name\": \"corpus\"}")
                    .json()
                    .get("id")
                    .asText();
            for (Path doc : docs) {
                ApiResponse r = sys.api.upload(
                        "/api/v1/beta/directories/" + dir + "/files/upload",
                        "upload_file",
                        doc.getFileName().toString(),
                        Files.readAllBytes(doc),
                        Map.of());
                assertThat(r.status()).as(doc + ": " + r).isEqualTo(201);
            }
            long t0 = System.nanoTime();
            String job = sys.createJob(
                    "{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"directory_id\": \"" + dir + "\"}");
            JsonNode done = sys.awaitTerminal(job);
            System.out.printf(
                    "corpus: %d documents in %d ms, %d completed, %d failed%n",
                    docs.size(),
                    (System.nanoTime() - t0) / 1_000_000,
                    done.get("processed_items").asLong(),
                    done.get("failed_items").asLong());
            assertThat(done.get("status").asText()).isEqualTo("completed");
            assertThat(done.get("total_items").asLong()).isEqualTo(docs.size());
            assertThat(done.get("processed_items").asLong()
                            + done.get("failed_items").asLong())
                    .isEqualTo(docs.size());

            Map<String, String> failures = new TreeMap<>();
            for (JsonNode item : sys.api
                    .get(BATCH + "/" + job + "/items?status=failed&limit=1000")
                    .json()
                    .get("items")) {
                assertThat(item.get("error_message").asText())
                        .as(item.get("item_name").asText())
                        .isNotBlank();
                failures.put(
                        item.get("item_name").asText(),
                        item.get("error_message").asText());
            }
            failures.forEach((name, error) -> System.out.printf(
                    "corpus failed %-50s %s%n", name, error.length() > 140 ? error.substring(0, 140) : error));
            assertThat(sys.system.ready()).as("every worker still running").isTrue();
        }
    }
}
