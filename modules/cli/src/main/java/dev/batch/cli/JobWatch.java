package dev.batch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.BatchApiClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * Follows a job to its end: a progress bar (counts and rate) on standard error, the job's last state
 * on standard output, and an exit code that says how it ended.
 */
final class JobWatch {
    /** Exit code: the job failed, or some of its items did. */
    static final int FAILED = 2;
    /** Exit code: the job was cancelled. */
    static final int CANCELLED = 3;

    private final PrintWriter out;
    private final PrintWriter err;
    private final Duration pollEvery;

    JobWatch(PrintWriter out, PrintWriter err, Duration pollEvery) {
        this.out = out;
        this.err = err;
        this.pollEvery = pollEvery;
    }

    /** Polls {@code job} until it is completed, failed or cancelled; 0, {@link #FAILED} or {@link #CANCELLED} (1: interrupted). */
    int follow(BatchApiClient api, String job) {
        Progress bar = null;
        long started = System.nanoTime();
        while (true) {
            JsonNode s = api.job(job);
            JsonNode j = s.get("job");
            long total = j.get("total_items").asLong();
            long done = j.get("processed_items").asLong()
                    + j.get("failed_items").asLong()
                    + j.get("skipped_items").asLong();
            if (bar == null || bar.total() != total) bar = new Progress(err, job, total);
            double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
            bar.show(
                    done,
                    String.format(
                            "%s  %d/%d  (%d ok, %d failed, %d skipped)  %.1f items/s",
                            j.get("status").asText(),
                            done,
                            total,
                            j.get("processed_items").asLong(),
                            j.get("failed_items").asLong(),
                            j.get("skipped_items").asLong(),
                            done / seconds));
            String status = j.get("status").asText();
            if (List.of("completed", "failed", "cancelled").contains(status)) {
                bar.done();
                out.println(describe(j, s.path("progress_percentage").asDouble()));
                if (status.equals("cancelled")) return CANCELLED;
                return status.equals("failed") || j.get("failed_items").asLong() > 0 ? FAILED : 0;
            }
            try {
                Thread.sleep(pollEvery.toMillis()); // polling interval of a watching client
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }

    /** A job on one line: id, type, status, counters and progress, and its error if it has one. */
    static String describe(JsonNode j, double progress) {
        String line = String.format(
                "%s %s %s: %d items, %d done, %d failed, %d skipped (%.0f%%)",
                j.get("id").asText(),
                j.get("job_type").asText(),
                j.get("status").asText(),
                j.get("total_items").asLong(),
                j.get("processed_items").asLong(),
                j.get("failed_items").asLong(),
                j.get("skipped_items").asLong(),
                progress);
        return j.hasNonNull("error_message")
                ? line + " - " + j.get("error_message").asText()
                : line;
    }
}
