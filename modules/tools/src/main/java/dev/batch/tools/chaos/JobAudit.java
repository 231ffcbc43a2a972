package dev.batch.tools.chaos;

import static dev.batch.client.ApiPaths.path;
import static dev.batch.tools.chaos.Chaos.log;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiPaths;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the submitted jobs through the API once the faults are over: each must end, and its items
 * and counters must add up to what was submitted, none lost, none counted twice.
 */
final class JobAudit {
    private final ChaosApi api;
    private final Map<String, Integer> submitted; // job id -> items

    JobAudit(ChaosApi api, Map<String, Integer> submitted) {
        this.api = api;
        this.submitted = submitted;
    }

    /** Items one job misses ({@code missing}) and has too many ({@code extra}). */
    private record Discrepancy(long missing, long extra) {}

    Chaos.Report audit(int scenarios, int kills) throws Exception {
        log("waiting for " + submitted.size() + " jobs");
        Map<String, JsonNode> done = awaitTerminal(Duration.ofMinutes(5));
        long lost = 0;
        long doubled = 0;
        long items = 0;
        long failed = 0;
        int stuck = 0;
        for (Map.Entry<String, Integer> e : submitted.entrySet()) {
            items += e.getValue();
            JsonNode job = done.get(e.getKey());
            if (job == null) {
                stuck++;
                log("  stuck: " + e.getKey() + " " + api.tryJob(e.getKey()));
                continue;
            }
            failed += job.get("failed_items").asLong();
            Discrepancy d = check(e.getKey(), e.getValue(), job);
            lost += d.missing();
            doubled += d.extra();
        }
        Chaos.Report r = new Chaos.Report(scenarios, kills, submitted.size(), items, lost, doubled, stuck, failed);
        log("  " + r.line() + " failed_items=" + failed);
        return r;
    }

    /** The submitted jobs that reached a terminal status before the deadline, by id. */
    private Map<String, JsonNode> awaitTerminal(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, JsonNode> done = new LinkedHashMap<>();
        while (System.nanoTime() < deadline && done.size() < submitted.size()) {
            for (String id : submitted.keySet()) {
                if (done.containsKey(id)) continue;
                JsonNode job = api.tryJob(id);
                if (job != null
                        && List.of("completed", "failed", "cancelled")
                                .contains(job.get("job").get("status").asText())) {
                    done.put(id, job.get("job"));
                }
            }
            if (done.size() < submitted.size()) Thread.sleep(500); // polling the API for the rest
        }
        return done;
    }

    /** One ended job's counters and item list against the {@code submittedItems} it was given. */
    private Discrepancy check(String id, int submittedItems, JsonNode job) throws InterruptedException {
        long total = job.get("total_items").asLong();
        // The API's job has no cancelled count (LlamaCloud's shape); no job here is cancelled.
        long counted = job.get("processed_items").asLong()
                + job.get("failed_items").asLong()
                + job.get("skipped_items").asLong();
        Map<String, Integer> seen = new HashMap<>();
        long terminal = 0;
        for (int offset = 0; ; offset += 1000) {
            String pagePath = ApiPaths.query(path(ApiPaths.JOB_ITEMS, id), "limit", 1000, "offset", offset);
            JsonNode page =
                    api.call("list items", () -> api.client().get(pagePath)).get("items");
            for (JsonNode i : page) {
                seen.merge(i.get("item_id").asText(), 1, Integer::sum);
                if (List.of("completed", "failed", "skipped", "cancelled")
                        .contains(i.get("status").asText())) terminal++;
            }
            if (page.size() < 1000) break;
        }
        long dup = seen.values().stream().filter(n -> n > 1).count();
        long missing = Math.max(0, submittedItems - terminal) + Math.max(0, submittedItems - total);
        long extra = Math.max(0, counted - total) + dup + Math.max(0, total - submittedItems);
        if (missing + extra > 0) {
            log("  " + id + ": submitted " + submittedItems + ", total " + total + ", counted " + counted
                    + ", terminal items " + terminal + ", listed twice " + dup);
        }
        return new Discrepancy(missing, extra);
    }
}
