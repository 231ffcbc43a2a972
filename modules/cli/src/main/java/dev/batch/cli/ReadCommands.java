package dev.batch.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that list and fetch: {@code jobs}, {@code items} and {@code result}. */
final class ReadCommands {
    private ReadCommands() {}

    @Command(name = "jobs", description = "The project's jobs, newest first.")
    static final class Jobs extends Subcommand implements Callable<Integer> {
        @Option(names = "--status", description = "pending, running, dispatched, completed, failed or cancelled.")
        String status;

        @Option(names = "--type", description = "parse or classify.")
        String type;

        @Option(names = "--limit", defaultValue = "20")
        int limit;

        @Override
        public Integer call() {
            Table.page(
                    root.out,
                    root.api().jobs("limit", limit, "status", status, "job_type", type),
                    "jobs",
                    List.of("JOB", "TYPE", "STATUS", "ITEMS", "DONE", "FAILED", "SKIPPED", "CREATED"),
                    j -> List.of(
                            j.get("id").asText(),
                            j.get("job_type").asText(),
                            j.get("status").asText(),
                            j.get("total_items").asText(),
                            j.get("processed_items").asText(),
                            j.get("failed_items").asText(),
                            j.get("skipped_items").asText(),
                            j.path("created_at").asText("")));
            return 0;
        }
    }

    @Command(name = "items", description = "A job's items with their state, errors and skip reasons.")
    static final class Items extends Subcommand.OnJob implements Callable<Integer> {
        @Option(names = "--status", description = "pending, processing, completed, failed, skipped or cancelled.")
        String status;

        @Option(names = "--limit", defaultValue = "100")
        int limit;

        @Override
        public Integer call() {
            Table.page(
                    root.out,
                    root.api().items(job, "limit", limit, "status", status),
                    "items",
                    List.of("ITEM", "NAME", "STATUS", "DETAIL"),
                    i -> List.of(
                            i.get("item_id").asText(),
                            i.get("item_name").asText(),
                            i.get("status").asText(),
                            i.hasNonNull("error_message")
                                    ? i.get("error_message").asText()
                                    : i.hasNonNull("skip_reason")
                                            ? i.get("skip_reason").asText()
                                            : ""));
            return 0;
        }
    }

    @Command(name = "result", description = "An item's newest result: markdown, text or json.")
    static final class Result extends Subcommand implements Callable<Integer> {
        @Parameters(
                paramLabel = "ITEM",
                description = "An item id (the file id of an item_ids job, the directory file id otherwise).")
        String item;

        @Option(names = "--format", defaultValue = "markdown", description = "markdown, text or json.")
        String format;

        @Option(
                names = "--job-type",
                description = "parse or classify: the newest result of that kind (an item may have both).")
        String jobType;

        @Override
        public Integer call() {
            root.out.println(root.api().itemResult(item, "format", format, "job_type", jobType));
            return 0;
        }
    }
}
