package dev.batch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.client.ApiCallException;
import dev.batch.client.BatchApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code batchctl}: the batch-processing service from a shell. Upload a folder, start a parse or
 * classify job over it, watch it, read items and results, cancel and retry. Talks only to the
 * public HTTP API; the base URL and key come from flags, then {@code BATCH_URL} and
 * {@code BATCH_API_KEY}, then a config file ({@code --config}, {@code $BATCHCTL_CONFIG} or
 * {@code ~/.config/batchctl/config.properties} with {@code url=} and {@code api_key=}).
 *
 * <p>Exit codes: 0 done; 1 a refused or failed command; 2 a watched job ended failed or with
 * failed items; 3 a watched job was cancelled.
 */
@Command(name = "batchctl", mixinStandardHelpOptions = true, version = "batchctl 0.1",
        description = "Upload, parse, classify and follow batch jobs on a batch-processing service.",
        subcommands = {Batchctl.Upload.class, Batchctl.Parse.class, Batchctl.Classify.class, Batchctl.Status.class, Batchctl.Jobs.class,
                Batchctl.Items.class, Batchctl.Result.class, Batchctl.Cancel.class, Batchctl.Retry.class})
public final class Batchctl {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int FAILED = 2;
    static final int CANCELLED = 3;

    @Option(names = "--url", description = "Base URL of the service (default: $BATCH_URL, the config file, http://localhost:8080).")
    String url;

    @Option(names = "--api-key", description = "API key (default: $BATCH_API_KEY, then the config file).")
    String apiKey;

    @Option(names = "--config", description = "Config file with url= and api_key= (default: $BATCHCTL_CONFIG or ~/.config/batchctl/config.properties).")
    Path config;

    private final Map<String, String> env;
    private final Path home;
    PrintWriter out;
    PrintWriter err;
    /** Seconds between polls while watching a job. */
    Duration pollEvery = Duration.ofMillis(500);

    Batchctl(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Path.of(System.getProperty("user.home")), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns its exit code (tests call this). */
    public static int run(String[] args, Map<String, String> env, Path home, PrintWriter out, PrintWriter err) {
        Batchctl root = new Batchctl(env, home);
        root.out = out;
        root.err = err;
        CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof ApiCallException || e instanceof IOException || e instanceof UncheckedIOException || e instanceof IllegalArgumentException) {
                line.getErr().println("batchctl: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    BatchApiClient api() {
        Properties file = new Properties();
        Path cfg = config != null ? config
                : env.containsKey("BATCHCTL_CONFIG") ? Path.of(env.get("BATCHCTL_CONFIG"))
                : home.resolve(".config/batchctl/config.properties");
        if (Files.isRegularFile(cfg)) {
            try (InputStream in = Files.newInputStream(cfg)) {
                file.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + cfg + ": " + e.getMessage());
            }
        } else if (config != null) {
            throw new IllegalArgumentException("no config file at " + config);
        }
        String base = first(url, env.get("BATCH_URL"), file.getProperty("url"), "http://localhost:8080");
        String key = first(apiKey, env.get("BATCH_API_KEY"), file.getProperty("api_key"), null);
        return client(base, key);
    }

    /**
     * The client as batchctl uses it: a job may take minutes to answer a large create, and a 429 (the
     * key's rate limit) is sent again when Retry-After says, unless that is longer than a command
     * should sit silent.
     */
    static BatchApiClient client(String base, String key) {
        return BatchApiClient.builder(base).apiKey(key).connectTimeout(Duration.ofSeconds(10)).requestTimeout(Duration.ofMinutes(5))
                .retryRateLimited(20, Duration.ofSeconds(60)).build();
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) return v.strip();
        }
        return null;
    }

    // ---- commands ----

    /** What every subcommand has: the root command (URL, key, output). */
    abstract static class Sub {
        @ParentCommand
        Batchctl root;
    }

    /** A command about one job. */
    abstract static class OnJob extends Sub {
        @Parameters(paramLabel = "JOB")
        String job;
    }

    /** A command that starts a job over a local folder (uploaded first) or an existing directory. */
    abstract static class OverDirectory extends Sub {
        @Parameters(paramLabel = "DIR", arity = "0..1", description = "A local folder to upload first.")
        Path dir;

        @Option(names = "--directory", description = "An existing directory id instead of a folder.")
        String directoryId;

        @Option(names = "--watch", description = "Follow the job to its end with a progress bar.")
        boolean watch;

        int start(ObjectNode config) throws IOException {
            BatchApiClient api = root.api();
            return root.start(api, root.directory(api, dir, directoryId), config, watch);
        }
    }

    @Command(name = "upload", description = "Create a directory named after DIR and upload every file under it (hidden files aside).")
    static final class Upload extends Sub implements Callable<Integer> {
        @Parameters(paramLabel = "DIR")
        Path dir;

        @Option(names = "--name", description = "Name of the new directory (default: the folder's name).")
        String name;

        @Override
        public Integer call() throws IOException {
            root.out.println(root.uploadFolder(root.api(), dir, name));
            return 0;
        }
    }

    @Command(name = "parse", description = "Parse every file of a folder (uploaded first) or of a directory; prints the job id.")
    static final class Parse extends OverDirectory implements Callable<Integer> {
        @Option(names = "--param", description = "A parse parameter, k=v (repeatable): true/false, numbers and JSON are typed.")
        Map<String, String> params = new LinkedHashMap<>();

        @Override
        public Integer call() throws IOException {
            ObjectNode config = JSON.createObjectNode();
            ObjectNode parameters = config.putObject("parameters");
            params.forEach((k, v) -> parameters.set(k, typed(v)));
            return start(config);
        }
    }

    @Command(name = "classify", description = "Classify every file of a folder (uploaded first) or of a directory against rules; prints the job id.")
    static final class Classify extends OverDirectory implements Callable<Integer> {
        @Option(names = "--rules", required = true, description = "JSON file: a list of {type, description}, or {\"rules\": [...]}.")
        Path rules;

        @Option(names = "--mode", description = "FAST (text) or MULTIMODAL (text and page images).", defaultValue = "FAST")
        String mode;

        @Override
        public Integer call() throws IOException {
            JsonNode r = JSON.readTree(Files.readAllBytes(rules));
            if (r.isObject() && r.has("rules")) r = r.get("rules");
            if (!r.isArray() || r.isEmpty()) throw new IllegalArgumentException(rules + ": expected a non-empty list of rules");
            ObjectNode config = JSON.createObjectNode();
            config.set("rules", r);
            config.put("mode", mode.toUpperCase(Locale.ROOT));
            return start(config);
        }
    }

    @Command(name = "status", description = "A job's state and counters; --watch follows it to its end.")
    static final class Status extends OnJob implements Callable<Integer> {
        @Option(names = "--watch", description = "Follow the job with a live progress bar; the exit code says how it ended.")
        boolean watch;

        @Override
        public Integer call() {
            BatchApiClient api = root.api();
            if (watch) return root.watch(api, job);
            JsonNode s = api.job(job);
            root.out.println(describe(s.get("job"), s.path("progress_percentage").asDouble()));
            return 0;
        }
    }

    @Command(name = "jobs", description = "The project's jobs, newest first.")
    static final class Jobs extends Sub implements Callable<Integer> {
        @Option(names = "--status", description = "pending, running, dispatched, completed, failed or cancelled.")
        String status;

        @Option(names = "--type", description = "parse or classify.")
        String type;

        @Option(names = "--limit", defaultValue = "20")
        int limit;

        @Override
        public Integer call() {
            return root.printPage(root.api().jobs("limit", limit, "status", status, "job_type", type), "jobs", List.of("JOB", "TYPE", "STATUS", "ITEMS", "DONE", "FAILED", "SKIPPED", "CREATED"),
                    j -> List.of(j.get("id").asText(), j.get("job_type").asText(), j.get("status").asText(), j.get("total_items").asText(),
                            j.get("processed_items").asText(), j.get("failed_items").asText(), j.get("skipped_items").asText(),
                            j.path("created_at").asText("")));
        }
    }

    @Command(name = "items", description = "A job's items with their state, errors and skip reasons.")
    static final class Items extends OnJob implements Callable<Integer> {
        @Option(names = "--status", description = "pending, processing, completed, failed, skipped or cancelled.")
        String status;

        @Option(names = "--limit", defaultValue = "100")
        int limit;

        @Override
        public Integer call() {
            return root.printPage(root.api().items(job, "limit", limit, "status", status), "items", List.of("ITEM", "NAME", "STATUS", "DETAIL"),
                    i -> List.of(i.get("item_id").asText(), i.get("item_name").asText(), i.get("status").asText(),
                            i.hasNonNull("error_message") ? i.get("error_message").asText()
                                    : i.hasNonNull("skip_reason") ? i.get("skip_reason").asText() : ""));
        }
    }

    @Command(name = "result", description = "An item's newest result: markdown, text or json.")
    static final class Result extends Sub implements Callable<Integer> {
        @Parameters(paramLabel = "ITEM", description = "An item id (the file id of an item_ids job, the directory file id otherwise).")
        String item;

        @Option(names = "--format", defaultValue = "markdown", description = "markdown, text or json.")
        String format;

        @Option(names = "--job-type", description = "parse or classify: the newest result of that kind (an item may have both).")
        String jobType;

        @Override
        public Integer call() {
            root.out.println(root.api().itemResult(item, "format", format, "job_type", jobType));
            return 0;
        }
    }

    @Command(name = "cancel", description = "Cancel a job: its pending items are not processed.")
    static final class Cancel extends OnJob implements Callable<Integer> {
        @Option(names = "--reason")
        String reason;

        @Override
        public Integer call() {
            root.out.println(root.api().cancelJob(job, reason).path("message").asText());
            return 0;
        }
    }

    @Command(name = "retry", description = "Run the failed items of a finished job again.")
    static final class Retry extends OnJob implements Callable<Integer> {
        @Option(names = "--watch", description = "Follow the job to its end with a progress bar.")
        boolean watch;

        @Override
        public Integer call() {
            BatchApiClient api = root.api();
            root.out.println(api.retryJob(job).path("message").asText());
            return watch ? root.watch(api, job) : 0;
        }
    }

    // ---- shared steps ----

    /** The directory to process: an existing id, or a folder uploaded now. */
    String directory(BatchApiClient api, Path dir, String directoryId) throws IOException {
        if ((dir == null) == (directoryId == null)) throw new IllegalArgumentException("give either a folder or --directory ID");
        return directoryId != null ? directoryId : uploadFolder(api, dir, null);
    }

    /** Creates a directory and uploads the folder's files into it with a progress bar; returns the directory id. */
    String uploadFolder(BatchApiClient api, Path dir, String name) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + " is not a folder");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !hidden(dir.relativize(p))).sorted().toList();
        }
        if (files.isEmpty()) throw new IllegalArgumentException(dir + " has no files");
        String dirName = name != null ? name : dir.toAbsolutePath().normalize().getFileName().toString();
        String id = api.createDirectory(dirName);
        long total = 0;
        for (Path f : files) total += Files.size(f);
        Progress bar = new Progress(err, "upload", files.size());
        long bytes = 0;
        for (int i = 0; i < files.size(); i++) {
            api.uploadToDirectory(id, files.get(i));
            bytes += Files.size(files.get(i));
            bar.show(i + 1, String.format("%d/%d files, %s of %s", i + 1, files.size(), Progress.bytes(bytes), Progress.bytes(total)));
        }
        bar.done();
        err.printf("uploaded %d files to directory %s (%s)%n", files.size(), dirName, id);
        return id;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) return true;
        }
        return false;
    }

    /** Starts a job over a directory; prints its id; follows it when asked. */
    int start(BatchApiClient api, String directoryId, ObjectNode config, boolean watch) {
        ObjectNode body = JSON.createObjectNode();
        body.set("job_config", config);
        body.put("directory_id", directoryId);
        String job = api.createJob(body.toString());
        out.println(job);
        out.flush();
        return watch ? watch(api, job) : 0;
    }

    /** Polls a job to its end with a progress bar (counts and rate); the exit code says how it ended. */
    int watch(BatchApiClient api, String job) {
        Progress bar = null;
        long started = System.nanoTime();
        while (true) {
            JsonNode s = api.job(job);
            JsonNode j = s.get("job");
            long total = j.get("total_items").asLong();
            long done = j.get("processed_items").asLong() + j.get("failed_items").asLong() + j.get("skipped_items").asLong();
            if (bar == null || bar.total() != total) bar = new Progress(err, job, total);
            double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
            bar.show(done, String.format("%s  %d/%d  (%d ok, %d failed, %d skipped)  %.1f items/s", j.get("status").asText(), done, total,
                    j.get("processed_items").asLong(), j.get("failed_items").asLong(), j.get("skipped_items").asLong(), done / seconds));
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

    static String describe(JsonNode j, double progress) {
        String line = String.format("%s %s %s: %d items, %d done, %d failed, %d skipped (%.0f%%)", j.get("id").asText(),
                j.get("job_type").asText(), j.get("status").asText(), j.get("total_items").asLong(), j.get("processed_items").asLong(),
                j.get("failed_items").asLong(), j.get("skipped_items").asLong(), progress);
        return j.hasNonNull("error_message") ? line + " - " + j.get("error_message").asText() : line;
    }

    /** "true"/"false", numbers and JSON become typed; anything else stays a string. */
    static JsonNode typed(String v) {
        String t = v.strip();
        if (t.equals("true") || t.equals("false") || t.matches("-?\\d+(\\.\\d+)?") || t.startsWith("[") || t.startsWith("{")) {
            try {
                return JSON.readTree(t);
            } catch (IOException e) {
                // not JSON after all: a string
            }
        }
        return JSON.getNodeFactory().textNode(v);
    }

    /** A page of {@code {items, total_size}} as a table, then "n of total <noun>". */
    int printPage(JsonNode page, String noun, List<String> header, Function<JsonNode, List<String>> row) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (JsonNode n : page.get("items")) rows.add(row.apply(n));
        table(out, rows);
        out.printf("%d of %d %s%n", rows.size() - 1, page.get("total_size").asLong(), noun);
        return 0;
    }

    static void table(PrintWriter out, List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> r : rows) {
            for (int c = 0; c < r.size(); c++) widths[c] = Math.min(60, Math.max(widths[c], r.get(c).length()));
        }
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.size(); c++) {
                String cell = r.get(c).length() > 60 ? r.get(c).substring(0, 57) + "..." : r.get(c);
                line.append(c == r.size() - 1 ? cell : String.format("%-" + widths[c] + "s  ", cell));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
