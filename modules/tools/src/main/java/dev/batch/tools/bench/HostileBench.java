package dev.batch.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.app.BatchSystem;
import dev.batch.client.BatchApiClient;
import dev.batch.testkit.HostileFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code scripts/bench-hostile}: the corpus's corrupt, truncated, malformed and fuzzed files and the
 * generated bombs, as one job through the embedded system with its default settings. Prints each
 * item's outcome and time, then the peaks sampled every 100 ms: heap used in the system's JVM, its
 * RSS, and the largest RSS of a parser JVM. The last line: {@code files=… completed=… failed=…
 * max_item_s=… heap_peak_mb=… rss_peak_mb=… parser_rss_peak_mb=… ready_after=…}.
 */
public final class HostileBench {
    private HostileBench() {}

    public static void main(String[] args) throws Exception {
        Path corpus = CorpusFiles.root();
        Map<String, byte[]> files = new LinkedHashMap<>(HostileFiles.fromCorpus(corpus));
        HostileFiles.generated(Files.readAllBytes(corpus.resolve("parse/html/tika__testHTML.html")))
                .forEach((k, v) -> files.put("generated/" + k, v));
        Path data = BenchSystem.scratch("bench-hostile-");
        String key = "llx-bench";
        MemoryPeaks peaks = new MemoryPeaks();
        String figures;
        try (BatchSystem system = BenchSystem.start(data, key)) {
            BatchApiClient api = new BatchApiClient("http://localhost:" + system.httpPort(), key);
            Map<String, String> names = uploadAll(api, files);
            peaks.start();
            StringBuilder ids = new StringBuilder();
            for (String id : names.keySet())
                ids.append(ids.length() == 0 ? "" : ",").append('"').append(id).append('"');
            long t0 = System.nanoTime();
            String job = api.createJob(
                    "{\"job_config\": {\"parameters\": {\"do_not_cache\": true, \"job_timeout_in_seconds\": 60}},"
                            + " \"item_ids\": [" + ids + "]}");
            JsonNode status = api.awaitTerminal(job, Duration.ofMinutes(15), Duration.ofMillis(200));
            double wall = (System.nanoTime() - t0) / 1e9;
            peaks.stop();
            int completed = 0;
            int failed = 0;
            double maxItem = 0;
            System.out.printf("%-60s %-9s %7s  %s%n", "file", "status", "seconds", "error");
            for (JsonNode i : api.items(job, "limit", 1000).get("items")) {
                String status1 = i.get("status").asText();
                if (status1.equals("completed")) completed++;
                if (status1.equals("failed")) failed++;
                double s = itemSeconds(i);
                maxItem = Math.max(maxItem, s);
                String error = i.path("error_message").asText("");
                System.out.printf(
                        "%-60s %-9s %7.2f  %s%n",
                        names.get(i.get("item_id").asText()),
                        status1,
                        s,
                        error.length() > 90 ? error.substring(0, 90) + "…" : error);
            }
            System.out.printf(
                    "%d files in %.1f s (job %s); %s%n",
                    files.size(), wall, status.get("status").asText(), Machine.describe());
            figures = String.format(
                    "files=%d completed=%d failed=%d max_item_s=%.1f heap_peak_mb=%d rss_peak_mb=%d parser_rss_peak_mb=%d ready_after=%s",
                    files.size(),
                    completed,
                    failed,
                    maxItem,
                    peaks.heap() >> 20,
                    peaks.rss() >> 20,
                    peaks.childRss() >> 20,
                    system.ready());
        }
        System.out.println(figures); // last, after the shutdown's log lines
    }

    /** Uploads each file under the last part of its name; the file names by uploaded id. */
    private static Map<String, String> uploadAll(BatchApiClient api, Map<String, byte[]> files) {
        Map<String, String> names = new HashMap<>();
        for (var f : files.entrySet())
            names.put(api.uploadFile(f.getKey().substring(f.getKey().lastIndexOf('/') + 1), f.getValue()), f.getKey());
        return names;
    }

    /** How long an item took from start to end, 0 for one that never started. */
    private static double itemSeconds(JsonNode item) {
        return item.hasNonNull("started_at") && item.hasNonNull("completed_at")
                ? Duration.between(
                                        Instant.parse(item.get("started_at").asText()),
                                        Instant.parse(item.get("completed_at").asText()))
                                .toMillis()
                        / 1000.0
                : 0;
    }
}
