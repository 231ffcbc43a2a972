package dev.batch.cli;

import dev.batch.client.ApiCallException;
import dev.batch.client.BatchApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code batchctl}: the batch-processing service from a shell. Upload a folder, start a parse or
 * classify job over it, watch it, read items and results, cancel, retry and delete; or parse or classify
 * one file and print the answer. Talks only to the
 * public HTTP API; the base URL and key come from flags, then {@code BATCH_URL} and
 * {@code BATCH_API_KEY}, then a config file ({@code --config}, {@code $BATCHCTL_CONFIG} or
 * {@code ~/.config/batchctl/config.properties} with {@code url=} and {@code api_key=}).
 *
 * <p>Exit codes: 0 done; 1 a refused or failed command; 2 a watched or waited-for job ended failed or with
 * failed items; 3 a watched job was cancelled.
 */
@Command(
        name = "batchctl",
        mixinStandardHelpOptions = true,
        // every subcommand answers --help (and --version) with its own usage
        scope = ScopeType.INHERIT,
        version = "batchctl 0.1",
        description = "Upload, parse, classify and follow batch jobs on a batch-processing service.",
        subcommands = {
            StartCommands.Upload.class,
            StartCommands.Parse.class,
            StartCommands.Classify.class,
            DocumentCommands.ParseFile.class,
            DocumentCommands.ClassifyFile.class,
            JobCommands.Status.class,
            ReadCommands.Jobs.class,
            ReadCommands.Items.class,
            ReadCommands.Result.class,
            JobCommands.Cancel.class,
            JobCommands.Retry.class,
            JobCommands.Delete.class
        })
public final class Batchctl {
    @Option(
            names = "--url",
            description = "Base URL of the service (default: $BATCH_URL, the config file, http://localhost:8080).")
    String url;

    @Option(names = "--api-key", description = "API key (default: $BATCH_API_KEY, then the config file).")
    String apiKey;

    @Option(
            names = "--config",
            description =
                    "Config file with url= and api_key= (default: $BATCHCTL_CONFIG or ~/.config/batchctl/config.properties).")
    Path config;

    private final Map<String, String> env;
    private final Path home;
    PrintWriter out;
    PrintWriter err;
    /** Time between polls while watching a job. */
    Duration pollEvery = Duration.ofMillis(500);

    Batchctl(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    public static void main(String[] args) {
        System.exit(run(
                args,
                System.getenv(),
                Path.of(System.getProperty("user.home")),
                new PrintWriter(System.out, true),
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
            if (e instanceof ApiCallException
                    || e instanceof IOException
                    || e instanceof UncheckedIOException
                    || e instanceof IllegalArgumentException) {
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

    /** A client of the service the flags, the environment or the config file name, in that order. */
    BatchApiClient api() {
        Properties file = new Properties();
        Path cfg = config != null
                ? config
                : env.containsKey("BATCHCTL_CONFIG")
                        ? Path.of(env.get("BATCHCTL_CONFIG"))
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
        return BatchApiClient.builder(base)
                .apiKey(key)
                .connectTimeout(Duration.ofSeconds(10))
                .requestTimeout(Duration.ofMinutes(5))
                .retryRateLimited(20, Duration.ofSeconds(60))
                .build();
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) return v.strip();
        }
        return null;
    }

    /** Follows a job to its end with a progress bar; the exit code says how it ended. */
    int watch(BatchApiClient api, String job) {
        return new JobWatch(out, err, pollEvery).follow(api, job);
    }
}
