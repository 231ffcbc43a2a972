package dev.batch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.BatchApiClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The commands about one job: {@code status} (and following it), {@code cancel}, {@code retry} and {@code delete}. */
final class JobCommands {
    private JobCommands() {}

    @Command(name = "status", description = "A job's state and counters; --watch follows it to its end.")
    static final class Status extends Subcommand.OnJob implements Callable<Integer> {
        @Option(
                names = "--watch",
                description = "Follow the job with a live progress bar; the exit code says how it ended.")
        boolean watch;

        @Override
        public Integer call() {
            BatchApiClient api = root.api();
            if (watch) return root.watch(api, job);
            JsonNode s = api.job(job);
            root.out.println(JobWatch.describe(
                    s.get("job"), s.path("progress_percentage").asDouble()));
            return 0;
        }
    }

    @Command(name = "cancel", description = "Cancel a job: its pending items are not processed.")
    static final class Cancel extends Subcommand.OnJob implements Callable<Integer> {
        @Option(names = "--reason")
        String reason;

        @Override
        public Integer call() {
            root.out.println(root.api().cancelJob(job, reason).path("message").asText());
            return 0;
        }
    }

    @Command(name = "retry", description = "Run the failed items of a finished job again.")
    static final class Retry extends Subcommand.OnJob implements Callable<Integer> {
        @Option(names = "--watch", description = "Follow the job to its end with a progress bar.")
        boolean watch;

        @Override
        public Integer call() {
            BatchApiClient api = root.api();
            root.out.println(api.retryJob(job).path("message").asText());
            return watch ? root.watch(api, job) : 0;
        }
    }

    @Command(
            name = "delete",
            description = "Delete a finished job now, with its items, results and cache entries"
                    + " (a running job must be cancelled first).")
    static final class Delete extends Subcommand.OnJob implements Callable<Integer> {
        @Override
        public Integer call() {
            root.out.println(root.api().deleteJob(job).path("message").asText());
            return 0;
        }
    }
}
