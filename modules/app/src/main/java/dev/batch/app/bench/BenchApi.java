package dev.batch.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** The benchmarks' HTTP client of the running system: authenticated GET, POST of JSON, file upload. */
final class BenchApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String key;

    /** {@code base}: the server's root URL, e.g. {@code http://localhost:8080}. */
    BenchApi(String base, String key) {
        this.base = base;
        this.key = key;
    }

    String get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    String post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Uploads a file through {@code /api/v1/beta/files}; its id. */
    String upload(Path file) throws IOException, InterruptedException {
        return upload(file.getFileName().toString(), Files.readAllBytes(file));
    }

    String upload(String name, byte[] content) throws IOException, InterruptedException {
        String boundary = "----bench" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String r = send(request("/api/v1/beta/files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        return JSON.readTree(r).get("id").asText();
    }

    /**
     * The machine in a few words, e.g. {@code 2 cores (AMD EPYC)}: figures from different sessions
     * may come from different hosts, and the CPU model says so.
     */
    static String machine() {
        String model = "";
        try (var lines = java.nio.file.Files.lines(Path.of("/proc/cpuinfo"))) {
            model = lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("");
        } catch (IOException | java.io.UncheckedIOException e) {
            // not Linux: the core count alone
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return cores + " cores" + (model.isEmpty() ? "" : " (" + model + ")");
    }

    /**
     * This JVM's child processes that are JVMs (the parser JVMs, and a direct loop's), by pid: the
     * scripts' log filter ({@code > >(quiet_logs)}) is a child too, and no parser.
     */
    static List<ProcessHandle> childJvms() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .sorted(java.util.Comparator.comparingLong(ProcessHandle::pid))
                .toList();
    }

    /** CPU seconds a process has used so far (0 when the system does not say). */
    static double cpuSeconds(ProcessHandle p) {
        return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    /**
     * CPU seconds of the finished child processes a process has waited for ({@code cutime} and
     * {@code cstime} in {@code /proc/<pid>/stat}; 0 where there is none): a parser JVM's Tesseract
     * runs, which {@link #cpuSeconds} leaves out. Counts clock ticks of 10 ms, Linux's USER_HZ.
     */
    static double finishedChildrenCpuSeconds(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0; // fields 16 and 17, counted from the state (field 3)
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * A new temporary directory that is deleted with everything in it when this JVM exits (normally
     * or on SIGTERM): a benchmark writes gigabytes of broker logs and blobs per run.
     */
    static Path scratch(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                dev.batch.common.FileTrees.delete(dir);
            } catch (IOException e) {
                System.err.println("could not delete " + dir + ": " + e);
            }
        }, "delete-" + prefix));
        return dir;
    }

    /**
     * The embedded system for a benchmark: its data in {@code data}, free ports, the API key {@code key},
     * and {@code extra} settings as name, value pairs.
     */
    static dev.batch.app.BatchSystem startSystem(Path data, String key, String... extra) throws Exception {
        java.util.Map<String, String> settings = new java.util.HashMap<>(java.util.Map.of("BATCH_DATA_DIR", data.toString(), "BATCH_HTTP_PORT", "0",
                "BATCH_API_KEY", key, "BATCH_KAFKA_PORT", "0", "BATCH_KAFKA_CONTROLLER_PORT", "0"));
        // A benchmark drives one key far harder than a user would (bench-latency: 500 requests a second): no rate limit.
        settings.put("BATCH_RATE_LIMIT_PER_SECOND", "0");
        for (int i = 0; i + 1 < extra.length; i += 2) settings.put(extra[i], extra[i + 1]);
        // Experiments: BATCH_* settings from the environment win (BATCH_PARSE_WORKERS=4 scripts/bench-parse), except
        // the ones the benchmark itself depends on.
        java.util.Set<String> fixed = java.util.Set.of("BATCH_DATA_DIR", "BATCH_HTTP_PORT", "BATCH_API_KEY", "BATCH_KAFKA_PORT",
                "BATCH_KAFKA_CONTROLLER_PORT", "BATCH_KAFKA_BOOTSTRAP", "BATCH_JAVA_OPTS");
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("BATCH_") && !fixed.contains(k)) settings.put(k, v);
        });
        return dev.batch.app.BatchSystem.start(dev.batch.common.config.Config.of(settings));
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        return JSON.readTree(get(path));
    }

    /** Polls a job (every 200 ms, up to {@code limit}) until it is terminal; its {@code job} object. */
    JsonNode awaitTerminal(String jobId, java.time.Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonNode job = json("/api/v1/beta/batch-processing/" + jobId).path("job");
            if (java.util.List.of("completed", "failed", "cancelled").contains(job.path("status").asText())) return job;
            if (System.nanoTime() > deadline) throw new IllegalStateException("job " + jobId + " not terminal after " + limit + ": " + job);
            Thread.sleep(200); // a benchmark polls like a client would
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key);
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
