package dev.batch.tools.fuzz;

import static dev.batch.client.ApiPaths.CLASSIFY_JOBS;
import static dev.batch.client.ApiPaths.DIRECTORIES;
import static dev.batch.client.ApiPaths.FILES;
import static dev.batch.client.ApiPaths.JOBS;
import static dev.batch.tools.fuzz.FuzzRequest.abbreviate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.client.ApiCallException;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Sends generated requests to a running system and counts what must never happen: a 5xx (or a
 * dropped connection) and a job created from invalid input. Every request is built from a valid
 * one by mutations known to make it invalid (malformed JSON, wrong types, out-of-range and huge
 * numbers, unknown or foreign ids, hostile strings, oversized bodies, bad headers and methods), or
 * known to keep it valid (unknown fields, which the API ignores); a seeded {@link Random} makes a
 * run repeatable. A job counts as wrongly created when an invalid create is answered 2xx, or when the
 * project's job count grows by more than the creates answered 2xx.
 *
 * <p>With the key of a second project, that project then asks for every object it saw the first one
 * create (files, directories, jobs, items, parse and classify jobs) on every route that reads one:
 * each answer must be a 404, and no answer it gets, listings included, may hold an id, a file or
 * directory name or a metadata value of the first project (but an id it sent itself, which a 404
 * names).
 *
 * <p>{@code scripts/fuzz-api [N] [seed]} against {@code BATCH_URL} with {@code BATCH_API_KEY} (and
 * {@code BATCH_OTHER_API_KEY}, a key of another project); {@code FuzzApiIT} runs it in the test suite.
 */
public final class ApiFuzzer {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run found. */
    public record Report(
            int requests,
            int serverErrors,
            int invalidJobsCreated,
            int crossProjectReads,
            int crossProjectLeaks,
            List<String> examples) {
        public String line() {
            return "requests=" + requests + " server_errors=" + serverErrors + " invalid_jobs_created="
                    + invalidJobsCreated + " cross_project_reads=" + crossProjectReads + " cross_project_leaks="
                    + crossProjectLeaks;
        }
    }

    private final BatchApiClient api;
    private final BatchApiClient other;
    private final Random random;
    /** What the first project created, by kind, and the names and values that are its own. */
    private final Map<String, Set<String>> created = new LinkedHashMap<>();

    private final Set<String> own = new LinkedHashSet<>();
    private final String mark = UUID.randomUUID().toString();
    private String job;

    public ApiFuzzer(String base, String key, long seed) {
        this(base, key, null, seed);
    }

    /** {@code otherKey}: a key of another project, which must see nothing of the first (null: no such check). */
    public ApiFuzzer(String base, String key, String otherKey, long seed) {
        this.api = client(base, key);
        this.other = otherKey == null ? null : client(base, otherKey);
        this.random = new Random(seed);
    }

    /** A system with its default rate limit is fuzzed at that pace: a 429 is sent again when Retry-After says. */
    private static BatchApiClient client(String base, String key) {
        return BatchApiClient.builder(base)
                .apiKey(key)
                .connectTimeout(Duration.ofSeconds(5))
                .requestTimeout(Duration.ofSeconds(30))
                .retryRateLimited(Integer.MAX_VALUE, Duration.ofSeconds(60))
                .build();
    }

    public Report run(int n) throws InterruptedException {
        long before = jobCount();
        FuzzRequests requests = setUp();
        int serverErrors = 0;
        int invalidCreated = 0;
        int createdAnswers = 1; // the set-up job
        List<String> examples = new ArrayList<>();
        FuzzRequest previous = null;
        for (int i = 0; i < n; i++) {
            FuzzRequest r = requests.next();
            int status;
            String answer;
            try {
                ApiResponse resp = send(r);
                status = resp.status();
                answer = resp.raw();
            } catch (ApiCallException e) {
                status = 599; // a dropped connection is as bad as a 500
                answer = e.toString();
            }
            if (status >= 500) {
                serverErrors++;
                if (examples.size() < 20) {
                    examples.add(status + " " + r.describe() + " -> " + abbreviate(answer)
                            + (status == 599 && previous != null ? " (after " + previous.describe() + ")" : ""));
                }
            }
            previous = r;
            if (status / 100 == 2 && r.method().equals("POST")) remember(r.path(), answer);
            if (r.create() && status / 100 == 2) {
                createdAnswers++;
                if (!r.valid()) {
                    invalidCreated++;
                    if (examples.size() < 20) examples.add("created from invalid input: " + r.describe());
                }
            }
        }
        // The listing shows a job once the aggregator has read it: wait (bounded) for the ones answered 201.
        long count = jobCount();
        for (int i = 0; i < 40 && count < before + createdAnswers; i++) {
            Thread.sleep(250); // polling the listing, as a client would
            count = jobCount();
        }
        long grown = count - before;
        invalidCreated += (int) Math.max(0, grown - createdAnswers);
        CrossProjectCheck.Result cross = other == null
                ? new CrossProjectCheck.Result(0, 0)
                : new CrossProjectCheck(api, other, created, own).run(job, examples);
        return new Report(n, serverErrors, invalidCreated, cross.reads(), cross.leaks(), examples);
    }

    /** Notes the id a create answered with, by what was created. */
    private void remember(String path, String answer) {
        String kind = path.equals(JOBS)
                ? "job"
                : path.equals(CLASSIFY_JOBS)
                        ? "classify_job"
                        : path.equals(FILES)
                                ? "file"
                                : path.equals(DIRECTORIES)
                                        ? "directory"
                                        : path.endsWith("/files/upload") || path.endsWith("/files")
                                                ? "directory_file"
                                                : null;
        if (kind == null) return;
        try {
            JsonNode id = JSON.readTree(answer).get("id");
            if (id != null && id.isTextual())
                created.computeIfAbsent(kind, k -> new LinkedHashSet<>()).add(id.asText());
        } catch (IOException e) {
            // not JSON: nothing to remember
        }
    }

    /** One file, directory and job of the project, so that mutations start from valid requests. */
    private FuzzRequests setUp() {
        String fileName = "fuzz-seed-" + mark + ".txt";
        String file = api.uploadFile(fileName, "fuzzing starts here".getBytes(StandardCharsets.UTF_8));
        String directory = api.createDirectory("fuzz-" + mark);
        // Cached (no do_not_cache), so that another project's copy of the same bytes would find it if the cache leaked.
        ObjectNode first = FuzzRequests.validCreate(file);
        ObjectNode firstParameters = (ObjectNode) first.get("job_config").get("parameters");
        firstParameters.remove("do_not_cache");
        firstParameters.putObject("custom_metadata").put("fuzz_secret", "secret-" + mark);
        job = api.createJob(first.toString());
        own.addAll(List.of(fileName, "fuzz-" + mark, "secret-" + mark));
        created.computeIfAbsent("file", k -> new LinkedHashSet<>()).add(file);
        created.computeIfAbsent("directory", k -> new LinkedHashSet<>()).add(directory);
        created.computeIfAbsent("job", k -> new LinkedHashSet<>()).add(job);
        return new FuzzRequests(random, file, directory, job);
    }

    private long jobCount() {
        return api.jobs("limit", 1).get("total_size").asLong();
    }

    /** Sends a generated request as it is: its headers replace the client's, its path is escaped only if the client refuses it. */
    private ApiResponse send(FuzzRequest r) {
        HttpRequest.Builder b;
        try {
            b = api.request(r.path());
        } catch (IllegalArgumentException e) {
            // A path the client library itself refuses never reaches the server: send it escaped instead.
            b = api.request("/" + URLEncoder.encode(r.path(), StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            try {
                b.setHeader(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                b.setHeader(h.getKey(), "x"); // a value the client refuses to send
            }
        }
        if (r.contentType() != null) b.header("Content-Type", r.contentType());
        b.method(
                r.method(),
                r.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(r.body()));
        return api.send(b);
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        String url = System.getenv().getOrDefault("BATCH_URL", "http://localhost:8080");
        String key = System.getenv("BATCH_API_KEY");
        if (key == null || key.isBlank()) {
            System.err.println("BATCH_API_KEY is not set: the key of the project to fuzz (./scripts/run prints it)");
            System.exit(2);
        }
        long start = System.nanoTime();
        String other = System.getenv("BATCH_OTHER_API_KEY");
        Report report = new ApiFuzzer(url, key, other == null || other.isBlank() ? null : other, seed).run(n);
        report.examples().forEach(e -> System.out.println("  " + e));
        System.out.printf(
                "%d requests to %s in %.1f s (seed %d); %d cores%n",
                n,
                url,
                (System.nanoTime() - start) / 1e9,
                seed,
                Runtime.getRuntime().availableProcessors());
        System.out.println(report.line());
        System.exit(
                report.serverErrors() == 0 && report.invalidJobsCreated() == 0 && report.crossProjectLeaks() == 0
                        ? 0
                        : 1);
    }
}
