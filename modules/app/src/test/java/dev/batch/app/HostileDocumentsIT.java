package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static dev.batch.app.RunningSystem.ids;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.HostileFiles;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents built to hurt a parser: each one fails its own item with a reason, within its bounds,
 * and the workers go on with the next item. Parsers run in child JVMs with a small heap here.
 */
@WithKafka
class HostileDocumentsIT {
    @TempDir
    static Path data;

    static RunningSystem sys;

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        sys = RunningSystem.start(kafka, data, "hostile", Map.of("BATCH_PARSE_HEAP", "128m"));
    }

    @AfterAll
    static void stop() {
        if (sys != null) sys.close();
    }

    private Map<String, JsonNode> run(String config, Map<String, byte[]> files) {
        Map<String, String> idToName = new HashMap<>();
        for (var f : files.entrySet()) idToName.put(sys.upload(f.getKey(), f.getValue()), f.getKey());
        String job = sys.createJob(
                "{\"job_config\": " + config + ", \"item_ids\": " + ids(List.copyOf(idToName.keySet())) + "}");
        JsonNode done = sys.awaitTerminal(job);
        assertThat(done.get("processed_items").asLong()
                        + done.get("failed_items").asLong()
                        + done.get("skipped_items").asLong())
                .isEqualTo(files.size());
        Map<String, JsonNode> byName = new HashMap<>();
        sys.api
                .get(BATCH + "/" + job + "/items?limit=1000")
                .json()
                .get("items")
                .forEach(i -> byName.put(idToName.get(i.get("item_id").asText()), i));
        return byName;
    }

    @Test
    void failsADocumentThatNeedsMoreMemoryThanTheParsersLimitAndGoesOn() throws Exception {
        byte[] huge = "word ".repeat(16_000_000).getBytes(StandardCharsets.US_ASCII); // 80 MB of text for a 128 MB heap
        Map<String, JsonNode> items = run(
                "{\"parameters\": {\"do_not_cache\": true}}",
                Map.of("huge.txt", huge, "fine.txt", "still parsed".getBytes(StandardCharsets.UTF_8)));
        assertThat(items.get("huge.txt").get("status").asText()).isEqualTo("failed");
        assertThat(items.get("huge.txt").get("error_message").asText())
                .contains("more memory than the parser's limit of 128m");
        assertThat(items.get("fine.txt").get("status").asText()).isEqualTo("completed");
    }

    @Test
    void stopsADocumentAtItsTimeLimit() throws Exception {
        byte[] book = Files.readAllBytes(Corpus.file("parse/pdf/sf__GeoTopo-komprimiert.pdf"));
        Map<String, JsonNode> items = run(
                "{\"parameters\": {\"job_timeout_in_seconds\": 0.1, \"do_not_cache\": true}}",
                Map.of("book.pdf", book));
        assertThat(items.get("book.pdf").get("status").asText()).isEqualTo("failed");
        assertThat(items.get("book.pdf").get("error_message").asText()).contains("took longer than the limit of 0.1 s");
        // and the next document parses in a fresh process
        Map<String, JsonNode> after = run(
                "{\"parameters\": {\"do_not_cache\": true}}",
                Map.of("after.txt", "fresh".getBytes(StandardCharsets.UTF_8)));
        assertThat(after.get("after.txt").get("status").asText()).isEqualTo("completed");
    }

    @Test
    void grantsALongDocumentItsExtraTimePerPage() throws Exception {
        byte[] book = Files.readAllBytes(Corpus.file("parse/pdf/sf__GeoTopo-komprimiert.pdf"));
        // Twenty pages rendered to PNG take well over the half second the job allows; a second a page more is plenty.
        Map<String, JsonNode> items = run(
                "{\"parameters\": {\"job_timeout_in_seconds\": 0.5, \"job_timeout_extra_time_per_page_in_seconds\": 1,"
                        + " \"target_pages\": \"0-19\", \"images_to_save\": [\"screenshot\"], \"do_not_cache\": true}}",
                Map.of("book.pdf", book));
        JsonNode item = items.get("book.pdf");
        assertThat(item.get("status").asText()).as(item.toString()).isEqualTo("completed");
        Duration took = Duration.between(
                Instant.parse(item.get("started_at").asText()),
                Instant.parse(item.get("completed_at").asText()));
        assertThat(took)
                .as("the parse outlasted the base limit, so the per-page time was what let it finish")
                .isGreaterThan(Duration.ofMillis(500));
    }

    @Test
    void endsEveryCorruptTruncatedOrFuzzedCorpusFileWithinItsBoundAndGoesOn() throws Exception {
        Map<String, byte[]> files = HostileFiles.fromCorpus(Corpus.root());
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        Map<String, JsonNode> items =
                run("{\"parameters\": {\"do_not_cache\": true, \"job_timeout_in_seconds\": 60}}", files);
        assertThat(items).hasSize(files.size());
        for (var e : items.entrySet()) {
            JsonNode i = e.getValue();
            assertThat(i.get("status").asText()).as(e.getKey()).isIn("completed", "failed");
            if (i.get("status").asText().equals("failed"))
                assertThat(i.get("error_message").asText()).as(e.getKey()).isNotBlank();
        }
        assertThat(sys.system.ready()).isTrue();
    }

    @Test
    void failsBombsDeepNestingAndWrongExtensionsWithAReasonEach() throws Exception {
        Map<String, byte[]> files =
                HostileFiles.generated(Files.readAllBytes(Corpus.file("parse/html/tika__testHTML.html")));
        Map<String, JsonNode> items =
                run("{\"parameters\": {\"do_not_cache\": true, \"job_timeout_in_seconds\": 60}}", files);
        assertThat(items).hasSize(files.size());
        for (var e : items.entrySet()) {
            JsonNode i = e.getValue();
            System.out.printf(
                    "hostile %-18s %-9s %s%n",
                    e.getKey(), i.get("status").asText(), i.get("error_message").asText(""));
            if (i.get("status").asText().equals("failed")) {
                assertThat(i.get("error_message").asText()).as(e.getKey()).isNotBlank();
            } else {
                assertThat(i.get("status").asText()).as(e.getKey()).isEqualTo("completed");
            }
        }
        // a wrong extension does not fool the type detection
        assertThat(items.get("not-really.docx").get("status").asText()).isEqualTo("completed");
        assertThat(sys.api
                        .get(BATCH + "/items/"
                                + items.get("not-really.docx").get("item_id").asText() + "/result?format=markdown")
                        .raw())
                .startsWith("# Test Indexation Html");
        assertThat(items.get("empty.pdf").get("status").asText()).isEqualTo("failed");
        assertThat(items.get("empty.pdf").get("error_message").asText()).isEqualTo("the file is empty (0 bytes)");
        assertThat(items.get("bomb.zip").get("error_message").asText()).contains("zip bomb");
        assertThat(items.get("laughs.xml").get("error_message").asText()).contains("entity expansions");
        assertThat(sys.system.ready()).isTrue();
    }
}
