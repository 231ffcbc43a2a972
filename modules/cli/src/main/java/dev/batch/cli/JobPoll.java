package dev.batch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiCallException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Waits for a v2 job (parse, classify) to reach one of its final states, saying each new state on
 * standard error.
 */
final class JobPoll {
    private final PrintWriter err;
    private final Duration every;

    JobPoll(PrintWriter err, Duration every) {
        this.err = err;
        this.every = every;
    }

    /**
     * Polls {@code read} (the job: its {@code status}) until the status is one of {@code terminal},
     * saying "{@code label}: status" at each change; the last job read.
     */
    JsonNode until(String label, Supplier<JsonNode> read, String... terminal) {
        String said = null;
        while (true) {
            JsonNode j = read.get();
            String status = j.path("status").asText();
            if (!status.equals(said)) {
                err.println(label + ": " + status.toLowerCase(Locale.ROOT));
                err.flush();
                said = status;
            }
            if (List.of(terminal).contains(status)) return j;
            try {
                Thread.sleep(every.toMillis()); // the polling interval of a waiting client
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiCallException(0, "interrupted while waiting for " + label, e);
            }
        }
    }
}
