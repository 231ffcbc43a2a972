package dev.batch.client;

import static dev.batch.client.ApiPaths.path;
import static dev.batch.client.ApiPaths.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one Java client of the public HTTP API, for batchctl, the tests and the tools.
 *
 * <p>Two layers: the raw calls ({@link #get}, {@link #post}, {@link #upload}, {@link #send}, ...)
 * answer every status as an {@link ApiResponse} and are what tests of error shapes and the fuzzer use;
 * the named calls ({@link #uploadFile}, {@link #createJob}, {@link #job}, ...) return what the
 * server answered and throw {@link ApiCallException} for anything but a 2xx. A call that gets no
 * answer throws {@link ApiCallException} with status 0. The HTTP itself is {@link ApiTransport}'s.
 */
public final class BatchApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TERMINAL = List.of("completed", "failed", "cancelled");

    private final ApiTransport transport;

    /** A client of the server at {@code base} (e.g. {@code http://localhost:8080}) with {@code apiKey} (null: none). */
    public BatchApiClient(String base, String apiKey) {
        this(builder(base).apiKey(apiKey));
    }

    BatchApiClient(BatchApiClientBuilder b) {
        this.transport =
                new ApiTransport(b.base, b.apiKey, b.connectTimeout, b.requestTimeout, b.recorder, b.rateLimitRetry);
    }

    public static BatchApiClientBuilder builder(String base) {
        return new BatchApiClientBuilder(base);
    }

    /** One request and its response, as a recorder sees it. */
    public record Exchange(String method, String path, int status, String contentType, String body) {}

    // ---- raw calls: every status is an answer ----

    public ApiResponse get(String path) {
        return send(request(path).GET());
    }

    public ApiResponse post(String path, String jsonBody) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    public ApiResponse post(String path, String jsonBody, String headerName, String headerValue) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .header(headerName, headerValue)
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    public ApiResponse patch(String path, String jsonBody) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    public ApiResponse put(String path, String jsonBody) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    public ApiResponse delete(String path) {
        return send(request(path).DELETE());
    }

    /** A multipart upload of {@code file} as the part {@code file}, with {@code purpose=parse}. */
    public ApiResponse upload(String path, Path file) {
        return upload(path, file.getFileName().toString(), read(file));
    }

    public ApiResponse upload(String path, String fileName, byte[] content) {
        return upload(path, "file", fileName, content, Map.of("purpose", "parse"));
    }

    /** A multipart POST with one file part named {@code field} and plain form fields. */
    public ApiResponse upload(String path, String field, String fileName, byte[] content, Map<String, String> fields) {
        Multipart body = Multipart.of(fields, field, fileName, content);
        return send(request(path)
                .header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.body())));
    }

    /** The escape hatch: a request to {@code path} with this client's key and timeout, to finish and {@link #send}. */
    public HttpRequest.Builder request(String path) {
        return transport.request(path);
    }

    /** Sends a request (again after a 429, when this client was built to); the answer whatever its status. */
    public ApiResponse send(HttpRequest.Builder request) {
        return transport.send(request);
    }

    // ---- named calls: the answer of a 2xx, else ApiCallException ----

    /** Uploads a file; its id. */
    public String uploadFile(Path file) {
        return upload(ApiPaths.FILES, file).expectId();
    }

    public String uploadFile(String name, byte[] content) {
        return upload(ApiPaths.FILES, name, content).expectId();
    }

    /** Creates a directory; its id. */
    public String createDirectory(String name) {
        return post(
                        ApiPaths.DIRECTORIES,
                        JSON.createObjectNode().put("name", name).toString())
                .expectId();
    }

    public JsonNode directory(String directoryId) {
        return get(path(ApiPaths.DIRECTORY, directoryId)).expectJson();
    }

    /** Adds an uploaded file to a directory; the directory file. */
    public JsonNode addToDirectory(String directoryId, String fileId) {
        return post(
                        path(ApiPaths.DIRECTORY_FILES, directoryId),
                        JSON.createObjectNode().put("file_id", fileId).toString())
                .expectJson();
    }

    /** Uploads a file straight into a directory; the directory file. */
    public JsonNode uploadToDirectory(String directoryId, Path file) {
        return upload(
                        path(ApiPaths.DIRECTORY_UPLOAD, directoryId),
                        "upload_file",
                        file.getFileName().toString(),
                        read(file),
                        Map.of())
                .expectJson();
    }

    /** Creates a batch job from a request body ({@code job_config} and {@code item_ids} or {@code directory_id}); its id. */
    public String createJob(String body) {
        return post(ApiPaths.JOBS, body).expectId();
    }

    /** As {@link #createJob(String)}, sent with an {@code Idempotency-Key}. */
    public String createJob(String body, String idempotencyKey) {
        return post(ApiPaths.JOBS, body, "Idempotency-Key", idempotencyKey).expectId();
    }

    /** A job's status answer: {@code job} and {@code progress_percentage}. */
    public JsonNode job(String jobId) {
        return get(path(ApiPaths.JOB, jobId)).expectJson();
    }

    /** A page of the project's jobs; {@code query}: name, value pairs such as {@code "limit", 20} (null values left out). */
    public JsonNode jobs(Object... query) {
        return get(query(ApiPaths.JOBS, query)).expectJson();
    }

    /** A page of a job's items; {@code query} as for {@link #jobs}. */
    public JsonNode items(String jobId, Object... query) {
        return get(query(path(ApiPaths.JOB_ITEMS, jobId), query)).expectJson();
    }

    /** Cancels a job, with a reason (null: none); the server's answer. */
    public JsonNode cancelJob(String jobId, String reason) {
        ObjectNode body = JSON.createObjectNode();
        if (reason != null) body.put("reason", reason);
        return post(path(ApiPaths.JOB_CANCEL, jobId), body.toString()).expectJson();
    }

    /** Deletes a finished job with its items, results and cache entries (202: the removal is under way); the server's answer. */
    public JsonNode deleteJob(String jobId) {
        return delete(path(ApiPaths.JOB, jobId)).expectJson();
    }

    /** Runs a finished job's failed items again; the server's answer. */
    public JsonNode retryJob(String jobId) {
        return post(path(ApiPaths.JOB_RETRY, jobId), "{}").expectJson();
    }

    /** An item's newest result as the server renders it; {@code query} such as {@code "format", "markdown"}. */
    public String itemResult(String itemId, Object... query) {
        return get(query(path(ApiPaths.ITEM_RESULT, itemId), query)).expectOk().raw();
    }

    /** Creates a classifier job ({@code file_ids}, {@code rules}, {@code mode}); its id. */
    public String createClassifyJob(String body) {
        return post(ApiPaths.CLASSIFY_JOBS, body).expectId();
    }

    public JsonNode classifyJob(String jobId) {
        return get(path(ApiPaths.CLASSIFY_JOB, jobId)).expectJson();
    }

    public JsonNode classifyResults(String jobId, Object... query) {
        return get(query(path(ApiPaths.CLASSIFY_JOB_RESULTS, jobId), query)).expectJson();
    }

    /** Uploads a file and parses it in one call (LlamaParse v2; {@code configuration}: its JSON, tier and version); its id. */
    public String parseUpload(String fileName, byte[] content, String configuration) {
        return upload(ApiPaths.PARSE_UPLOAD, "file", fileName, content, Map.of("configuration", configuration))
                .expectId();
    }

    /** A parse job (v2) with the parts of its result that {@code expand} names: text, markdown, items... */
    public JsonNode parseJob(String jobId, String... expand) {
        Object[] query = Stream.of(expand).flatMap(e -> Stream.of("expand", e)).toArray();
        return get(query(path(ApiPaths.PARSE_JOB, jobId), query)).expectJson();
    }

    /** Creates a classify job (v2: {@code file_input}, {@code configuration} or {@code configuration_id}); its id. */
    public String createClassifyV2Job(String body) {
        return post(ApiPaths.CLASSIFY_V2_JOBS, body).expectId();
    }

    public JsonNode classifyV2Job(String jobId) {
        return get(path(ApiPaths.CLASSIFY_V2_JOB, jobId)).expectJson();
    }

    /**
     * Polls a job every {@code every} until it is completed, failed or cancelled, at most {@code limit};
     * its {@code job} object. An answer other than 200 (a job not yet readable) is polled again.
     */
    public JsonNode awaitTerminal(String jobId, Duration limit, Duration every) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonNode job = get(path(ApiPaths.JOB, jobId)).path("job");
            if (terminal(job)) return job;
            if (System.nanoTime() > deadline)
                throw new IllegalStateException("job " + jobId + " not terminal after " + limit + ": " + job);
            try {
                Thread.sleep(every.toMillis()); // polls as a client would
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiCallException(0, "interrupted", e);
            }
        }
    }

    public static boolean terminal(JsonNode job) {
        return TERMINAL.contains(job.path("status").asText());
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
