package dev.batch.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.app.BatchSystem;
import dev.batch.client.BatchApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/bench-extract}: every receipt as one extract batch job through the whole embedded
 * system (upload, split, OCR and extraction in the extract loops, results read back over HTTP), then
 * scored as {@link ExtractDev} scores its direct run. The time is from job create to its end; every item
 * must have completed, else the run fails naming the items.
 */
final class ExtractBatch {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExtractBatch() {}

    static int run(List<String> args) throws Exception {
        int at = args.indexOf("--schema");
        Path schemaFile = Path.of(at >= 0 ? args.get(at + 1) : "bench/extract-receipts-schema.json");
        JsonNode schema = JSON.readTree(Files.readString(schemaFile));
        List<Path> receipts = CorpusFiles.receipts();
        int loops = Runtime.getRuntime().availableProcessors();
        Path data = BenchSystem.scratch("bench-extract-");
        String key = "llx-bench";
        System.out.printf("receipts: %d, %d extract loops; %s%n", receipts.size(), loops, Machine.describe());
        try (BatchSystem system = BenchSystem.start(
                data,
                key,
                "BATCH_PARSE_WORKERS",
                "0",
                "BATCH_CLASSIFY_WORKERS",
                "0",
                "BATCH_EXTRACT_WORKERS",
                "" + loops)) {
            BatchApiClient api = new BatchApiClient("http://localhost:" + system.httpPort(), key);
            Map<String, Path> receiptOf = new LinkedHashMap<>();
            for (Path p : receipts) receiptOf.put(api.uploadFile(p), p);
            long t0 = System.nanoTime();
            String job = api.createJob("{\"job_config\": {\"data_schema\": " + schema + "}, \"item_ids\": "
                    + JSON.writeValueAsString(receiptOf.keySet()) + "}");
            JsonNode done = api.awaitTerminal(job, Duration.ofMinutes(30), Duration.ofMillis(200));
            double minutes = (System.nanoTime() - t0) / 60e9;
            List<ExtractDev.Outcome> outcomes = new ArrayList<>();
            for (JsonNode item : api.items(job, "limit", 1000).get("items")) {
                Path p = receiptOf.get(item.get("item_id").asText());
                String name = p.getFileName().toString().replace(".jpg", "");
                if (!item.get("status").asText().equals("completed")) {
                    outcomes.add(new ExtractDev.Outcome(
                            name, null, null, "", item.get("status").asText() + ": " + item.path("error_message")));
                    continue;
                }
                JsonNode truth = JSON.readTree(Files.readString(p.resolveSibling(p.getFileName() + ".gt.json")));
                JsonNode result =
                        JSON.readTree(api.itemResult(item.get("item_id").asText(), "format", "json"));
                outcomes.add(new ExtractDev.Outcome(name, truth, result, "", null));
            }
            if (outcomes.size() != receipts.size()
                    || done.path("processed_items").asInt() != receipts.size()) {
                System.out.printf(
                        "FAILED: the job %s ended %s with %d of %d items processed%n",
                        job,
                        done.path("status").asText(),
                        done.path("processed_items").asInt(),
                        receipts.size());
                return 1;
            }
            return ExtractDev.report(outcomes, ExtractDev.fields(schema), minutes, loops, false);
        }
    }
}
