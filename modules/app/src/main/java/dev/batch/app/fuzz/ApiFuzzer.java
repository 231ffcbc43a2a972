package dev.batch.app.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

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
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String BATCH = "/api/v1/beta/batch-processing";
    private static final String CLASSIFY = "/api/v1/classifier/jobs";

    /** What one run found. */
    public record Report(int requests, int serverErrors, int invalidJobsCreated, int crossProjectReads, int crossProjectLeaks,
                         List<String> examples) {
        public String line() {
            return "requests=" + requests + " server_errors=" + serverErrors + " invalid_jobs_created=" + invalidJobsCreated
                    + " cross_project_reads=" + crossProjectReads + " cross_project_leaks=" + crossProjectLeaks;
        }
    }

    private record Request(String method, String path, String contentType, byte[] body, Map<String, String> headers, boolean create,
                           boolean valid) {}

    private final String base;
    private final String key;
    private final String otherKey;
    private final Random random;
    /** What the first project created, by kind, and the names and values that are its own. */
    private final Map<String, java.util.Set<String>> created = new LinkedHashMap<>();
    private final java.util.Set<String> own = new java.util.LinkedHashSet<>();
    private final String mark = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String file;
    private String directory;
    private String job;

    public ApiFuzzer(String base, String key, long seed) {
        this(base, key, null, seed);
    }

    /** {@code otherKey}: a key of another project, which must see nothing of the first (null: no such check). */
    public ApiFuzzer(String base, String key, String otherKey, long seed) {
        this.base = base.replaceAll("/+$", "");
        this.key = key;
        this.otherKey = otherKey;
        this.random = new Random(seed);
    }

    public Report run(int n) throws IOException, InterruptedException {
        long before = jobCount();
        setUp();
        int serverErrors = 0;
        int invalidCreated = 0;
        int createdAnswers = 1; // the set-up job
        List<String> examples = new ArrayList<>();
        Request previous = null;
        for (int i = 0; i < n; i++) {
            Request r = next();
            int status;
            String answer;
            try {
                HttpResponse<String> resp = send(r);
                status = resp.statusCode();
                answer = resp.body();
            } catch (IOException e) {
                status = 599; // a dropped connection is as bad as a 500
                answer = e.toString();
            }
            if (status >= 500) {
                serverErrors++;
                if (examples.size() < 20) {
                    examples.add(status + " " + describe(r) + " -> " + abbreviate(answer)
                            + (status == 599 && previous != null ? " (after " + describe(previous) + ")" : ""));
                }
            }
            previous = r;
            if (status / 100 == 2 && r.method().equals("POST")) remember(r.path(), answer);
            if (r.create() && status / 100 == 2) {
                createdAnswers++;
                if (!r.valid()) {
                    invalidCreated++;
                    if (examples.size() < 20) examples.add("created from invalid input: " + describe(r));
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
        int[] cross = otherKey == null ? new int[2] : crossProject(examples);
        return new Report(n, serverErrors, invalidCreated, cross[0], cross[1], examples);
    }

    /** Notes the id a create answered with, by what was created. */
    private void remember(String path, String answer) {
        String kind = path.equals(BATCH) ? "job" : path.equals(CLASSIFY) ? "classify_job" : path.equals("/api/v1/beta/files") ? "file"
                : path.equals("/api/v1/beta/directories") ? "directory" : path.endsWith("/files/upload") || path.endsWith("/files") ? "directory_file"
                : null;
        if (kind == null) return;
        try {
            JsonNode id = JSON.readTree(answer).get("id");
            if (id != null && id.isTextual()) created.computeIfAbsent(kind, k -> new java.util.LinkedHashSet<>()).add(id.asText());
        } catch (IOException e) {
            // not JSON: nothing to remember
        }
    }

    /**
     * The second project asks for each of the first project's objects on every route that reads it,
     * and lists its own: {reads, leaks}. A leak is an answer to an object read that is not 404, or
     * any answer holding an id, name or value of the first project that the request did not send.
     */
    private int[] crossProject(List<String> examples) throws IOException, InterruptedException {
        // The items of the first project's jobs, and their parse jobs: the ids a job's items show.
        for (String job : List.copyOf(created.getOrDefault("job", java.util.Set.of())).subList(0,
                Math.min(50, created.getOrDefault("job", java.util.Set.of()).size()))) {
            HttpResponse<String> items = send(new Request("GET", BATCH + "/" + job + "/items", null, null, Map.of(), false, true));
            if (items.statusCode() != 200) continue;
            for (JsonNode item : JSON.readTree(items.body()).path("items")) {
                if (item.path("item_id").isTextual()) created.computeIfAbsent("item", k -> new java.util.LinkedHashSet<>()).add(item.get("item_id").asText());
                if (item.path("job_id").isTextual()) created.computeIfAbsent("parse_job", k -> new java.util.LinkedHashSet<>()).add(item.get("job_id").asText());
            }
        }
        java.util.Set<String> secrets = new java.util.LinkedHashSet<>(own);
        created.values().forEach(secrets::addAll);
        int leaks = 0;
        // The first project's seed bytes, uploaded and parsed by the other with the same parameters: parsed for it, never
        // skipped as the first project's already processed document, and its results hold nothing of the first project.
        List<String> ownReads = new ArrayList<>();
        Map<String, String> asOther = Map.of("Authorization", "Bearer " + otherKey);
        String boundary = "fuzz" + UUID.randomUUID();
        HttpResponse<String> copy = send(new Request("POST", "/api/v1/beta/files", "multipart/form-data; boundary=" + boundary,
                multipart(boundary, "file", "copy.txt", "fuzzing starts here".getBytes(StandardCharsets.UTF_8)), asOther, false, true));
        String copyId = JSON.readTree(copy.body()).path("id").asText();
        awaitTerminal(job, Map.of());
        HttpResponse<String> copyJob = send(new Request("POST", BATCH, "application/json",
                ("{\"job_config\": {\"parameters\": {}}, \"item_ids\": [\"" + copyId + "\"]}").getBytes(StandardCharsets.UTF_8), asOther, false, true));
        String copyJobId = JSON.readTree(copyJob.body()).path("id").asText();
        awaitTerminal(copyJobId, asOther);
        JsonNode copyItem = JSON.readTree(send(new Request("GET", BATCH + "/" + copyJobId + "/items", null, null, asOther, false, true)).body())
                .path("items").path(0);
        if (!copyItem.path("status").asText().equals("completed")) {
            leaks++;
            examples.add("another project's copy of the first project's bytes ended " + copyItem.path("status").asText() + " "
                    + copyItem.path("skip_reason").asText() + ", not completed for itself");
        }
        ownReads.addAll(List.of(BATCH + "/items/" + copyId + "/result?format=json", BATCH + "/items/" + copyId + "/processing-results",
                "/api/v2/parse/" + copyItem.path("job_id").asText() + "?expand=text,markdown,items,metadata,job_metadata"));
        List<String> reads = new ArrayList<>();
        for (Map.Entry<String, java.util.Set<String>> e : created.entrySet()) {
            for (String id : e.getValue()) {
                switch (e.getKey()) {
                    case "file", "item" -> reads.addAll(List.of("/api/v1/beta/files/" + id, "/api/v1/beta/files/" + id + "/content",
                            BATCH + "/items/" + id + "/result", BATCH + "/items/" + id + "/processing-results"));
                    case "directory" -> reads.addAll(List.of("/api/v1/beta/directories/" + id, "/api/v1/beta/directories/" + id + "/files"));
                    case "job" -> reads.addAll(List.of(BATCH + "/" + id, BATCH + "/" + id + "/items", BATCH + "/" + id + "/webhook-deliveries"));
                    case "classify_job" -> reads.addAll(List.of(CLASSIFY + "/" + id, CLASSIFY + "/" + id + "/results"));
                    case "parse_job" -> reads.add("/api/v2/parse/" + id + "?expand=text,markdown,items,metadata,job_metadata,images_content_metadata");
                    default -> { }
                }
            }
        }
        List<String> listings = concat(List.of(BATCH, BATCH + "?limit=1000", "/api/v1/beta/files?page_size=1000", "/api/v1/beta/directories",
                CLASSIFY, "/api/v1/beta/webhooks/secret"), ownReads);
        for (String path : concat(reads, listings)) {
            HttpResponse<String> r = send(new Request("GET", path, null, null, Map.of("Authorization", "Bearer " + otherKey), false, true));
            String leaked = null;
            if (reads.contains(path) && r.statusCode() != 404) leaked = "answered " + r.statusCode();
            for (String secret : secrets) {
                if (leaked == null && !path.contains(secret) && r.body().contains(secret)) leaked = "holds '" + abbreviate(secret) + "'";
            }
            if (leaked != null) {
                leaks++;
                if (examples.size() < 20) examples.add("another project's GET " + abbreviate(path) + " " + leaked + ": " + abbreviate(r.body()));
            }
        }
        return new int[] {reads.size() + listings.size(), leaks};
    }

    /** Polls a job (as the key in {@code headers}, else the first project's) until it is terminal, at most a minute. */
    private void awaitTerminal(String jobId, Map<String, String> headers) throws IOException, InterruptedException {
        for (int i = 0; i < 600; i++) {
            HttpResponse<String> r = send(new Request("GET", BATCH + "/" + jobId, null, null, headers, false, true));
            String status = r.statusCode() == 200 ? JSON.readTree(r.body()).path("job").path("status").asText() : "";
            if (List.of("completed", "failed", "cancelled").contains(status)) return;
            Thread.sleep(100); // polls as a client would
        }
        throw new IOException("job " + jobId + " did not finish within a minute");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** One file, directory and job of the project, so that mutations start from valid requests. */
    private void setUp() throws IOException, InterruptedException {
        String boundary = "fuzz" + UUID.randomUUID();
        String fileName = "fuzz-seed-" + mark + ".txt";
        byte[] body = multipart(boundary, "file", fileName, "fuzzing starts here".getBytes(StandardCharsets.UTF_8));
        file = expect(send(new Request("POST", "/api/v1/beta/files", "multipart/form-data; boundary=" + boundary, body, Map.of(), false, true)))
                .get("id").asText();
        directory = expect(send(json("POST", "/api/v1/beta/directories", "{\"name\": \"fuzz-" + mark + "\"}", false, true))).get("id").asText();
        // Cached (no do_not_cache), so that another project's copy of the same bytes would find it if the cache leaked.
        ObjectNode first = validCreate();
        ObjectNode firstParameters = (ObjectNode) first.get("job_config").get("parameters");
        firstParameters.remove("do_not_cache");
        firstParameters.putObject("custom_metadata").put("fuzz_secret", "secret-" + mark);
        job = expect(send(json("POST", BATCH, first.toString(), false, true))).get("id").asText();
        own.addAll(List.of(fileName, "fuzz-" + mark, "secret-" + mark));
        created.computeIfAbsent("file", k -> new java.util.LinkedHashSet<>()).add(file);
        created.computeIfAbsent("directory", k -> new java.util.LinkedHashSet<>()).add(directory);
        created.computeIfAbsent("job", k -> new java.util.LinkedHashSet<>()).add(job);
    }

    private long jobCount() throws IOException, InterruptedException {
        return expect(send(new Request("GET", BATCH + "?limit=1", null, null, Map.of(), false, true))).get("total_size").asLong();
    }

    private static JsonNode expect(HttpResponse<String> r) throws IOException {
        if (r.statusCode() / 100 != 2) throw new IOException("set-up request failed: " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    // ---- generation ----

    private Request next() {
        int dice = random.nextInt(100);
        if (dice < 40) return batchCreate();
        if (dice < 50) return classifyCreate();
        if (dice < 72) return readWithBadInput();
        if (dice < 87) return writeWithBadBody();
        if (dice < 95) return badHeaders();
        return badUpload();
    }

    private ObjectNode validCreate() {
        ObjectNode body = F.objectNode();
        body.putObject("job_config").putObject("parameters").put("do_not_cache", true);
        body.putArray("item_ids").add(file);
        return body;
    }

    /** A create with one invalidating mutation, or (rarely) a valid one with unknown fields. */
    private Request batchCreate() {
        ObjectNode body = validCreate();
        if (random.nextInt(50) == 0) {
            body.put("unknown_" + random.nextInt(1000), hostileString());
            ((ObjectNode) body.get("job_config")).put("unknown_setting", random.nextInt());
            return json("POST", BATCH, body.toString(), true, true);
        }
        ObjectNode params = (ObjectNode) body.get("job_config").get("parameters");
        switch (random.nextInt(16)) {
            case 0 -> { return raw("POST", BATCH, "application/json", malformed(body.toString()), true); }
            case 1 -> body.set("item_ids", wrongType(false));
            case 2 -> body.set("job_config", wrongTypeNotObject());
            case 3 -> body.putArray("item_ids").add(hostileString());
            case 4 -> body.putArray("item_ids");
            case 5 -> { body.remove("item_ids"); body.put("directory_id", "dir-" + UUID.randomUUID()); }
            case 6 -> body.put("directory_id", directory);
            case 7 -> body.remove("item_ids");
            case 8 -> body.set("page_size", hugeOrNegative());
            case 9 -> params.set(pick("max_pages", "page_error_tolerance", "job_timeout_in_seconds",
                    "job_timeout_extra_time_per_page_in_seconds"), outOfEveryRange());
            case 10 -> params.set(pick("disable_ocr", "invalidate_cache", "do_not_cache", "hide_headers"), F.textNode(hostileString()));
            case 11 -> params.set(pick("target_pages", "images_to_save", "languages", "replace_failed_page_mode", "custom_metadata"),
                    pickNode(F.numberNode(random.nextInt()), F.textNode("x" + hostileString()), F.arrayNode().add(7)));
            case 12 -> params.putArray("webhook_configurations").addObject().put("webhook_url", pick("http://169.254.169.254/latest",
                    "ftp://example.com/hook", "http://10.0.0.1/hook", "not a url", "http://user:pw@example.com/", "http://[::1]/x"));
            case 13 -> ((ObjectNode) body.get("job_config")).put("job_name", hostileString());
            case 14 -> { return raw("POST", BATCH, "application/json", random.nextInt(20) == 0 ? oversized() : malformed(body.toString()), true); }
            default -> body.putArray("item_ids").add(file).add(F.numberNode(random.nextLong()));
        }
        return json("POST", BATCH, body.toString(), true, false);
    }

    private Request classifyCreate() {
        ObjectNode body = F.objectNode();
        body.putArray("file_ids").add(file);
        ArrayNode rules = body.putArray("rules");
        rules.addObject().put("type", "note").put("description", "a short note");
        switch (random.nextInt(8)) {
            case 0 -> body.putArray("rules");
            case 1 -> body.set("rules", wrongType(true));
            case 2 -> rules.addObject().put("type", "note").put("description", "the same type twice");
            case 3 -> ((ObjectNode) rules.get(0)).put("type", "<script>" + hostileString());
            case 4 -> body.put("mode", hostileString());
            case 5 -> body.set("file_ids", wrongType(false));
            case 6 -> body.putArray("file_ids").add("file-" + UUID.randomUUID());
            default -> { return raw("POST", CLASSIFY, "application/json", malformed(body.toString()), true); }
        }
        return json("POST", CLASSIFY, body.toString(), true, false);
    }

    /** GETs (and DELETEs of things that do not exist) with hostile ids and query parameters. */
    private Request readWithBadInput() {
        String id = enc(hostileString());
        String path = switch (random.nextInt(12)) {
            case 0 -> BATCH + "/" + id;
            case 1 -> BATCH + "/" + job + "/items?limit=" + enc(hugeOrNegative().asText()) + "&status=" + id;
            case 2 -> BATCH + "?limit=" + enc(hugeOrNegative().asText()) + "&offset=" + enc(hugeOrNegative().asText());
            case 3 -> BATCH + "?status=" + id + "&job_type=" + id;
            case 4 -> "/api/v1/beta/files/" + id;
            case 5 -> "/api/v1/beta/files?page_size=" + enc(hugeOrNegative().asText()) + "&page_token=" + id;
            case 6 -> "/api/v1/beta/directories/" + directory + "/files/" + id;
            case 7 -> "/api/v1/beta/directories?page_token=" + id;
            case 8 -> BATCH + "/items/" + id + "/processing-results?job_type=" + id;
            case 9 -> "/api/v2/parse/" + id + "?expand=" + id;
            case 10 -> "/api/v1/beta/files/" + file + "/download?expires=" + enc(hugeOrNegative().asText()) + "&signature=" + id;
            default -> "/" + id + "/../../" + id;
        };
        if (random.nextInt(10) == 0) return new Request("DELETE", "/api/v1/beta/files/" + id, null, null, Map.of(), false, false);
        return new Request("GET", path, null, null, Map.of(), false, false);
    }

    /** Writes on this project's objects with bodies that must be refused. */
    private Request writeWithBadBody() {
        byte[] body = random.nextBoolean() ? malformed("{\"name\": \"x\", \"reason\": \"y\"}")
                : wrongTypeNotObject().toString().getBytes(StandardCharsets.UTF_8);
        String path = switch (random.nextInt(6)) {
            case 0 -> BATCH + "/" + job + "/webhook-deliveries/resend";
            case 1 -> "/api/v1/beta/directories";
            case 2 -> "/api/v1/beta/directories/" + directory;
            case 3 -> "/api/v1/beta/directories/" + directory + "/files";
            case 4 -> BATCH + "/" + enc(hostileString()) + "/cancel";
            default -> BATCH + "/" + job + "/retry";
        };
        String method = path.endsWith(directory) ? "PATCH" : "POST";
        return raw(method, path, "application/json", body, false);
    }

    private Request badHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (random.nextInt(4)) {
            case 0 -> headers.put("Authorization", "Bearer " + hostileString().replaceAll("[\\r\\n]", ""));
            case 1 -> headers.put("Authorization", "Basic " + hostileString().replaceAll("[\\r\\n]", ""));
            case 2 -> headers.put("Idempotency-Key", "k" + hostileString().replaceAll("[\\r\\n]", ""));
            default -> headers.put("X-Unknown", "1");
        }
        String type = pick("application/json", "text/plain", "application/xml", "multipart/form-data", "application/json; charset=latin1");
        boolean create = !headers.containsKey("Authorization");
        return new Request(pick("POST", "PUT", "PATCH", "OPTIONS"), BATCH, type, malformed(validCreate().toString()), headers, create, false);
    }

    private Request badUpload() {
        String boundary = "b" + random.nextInt(1_000_000);
        byte[] body = switch (random.nextInt(3)) {
            case 0 -> multipart(boundary, "not_file", "x.txt", "no file part".getBytes(StandardCharsets.UTF_8));
            case 1 -> ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n\r\nabc")
                    .getBytes(StandardCharsets.UTF_8); // never closed
            default -> malformed("--" + boundary + "--");
        };
        return new Request("POST", pick("/api/v1/beta/files", "/api/v1/beta/directories/" + directory + "/files/upload"),
                "multipart/form-data; boundary=" + boundary, body, Map.of(), false, false);
    }

    // ---- values ----

    private String hostileString() {
        return switch (random.nextInt(10)) {
            case 0 -> "";
            case 1 -> "../../../../etc/passwd";
            case 2 -> "\u0000\u0001\u202e\ud83d\ude00\u00e9\u4e2d";
            case 3 -> "x".repeat(5000 + random.nextInt(5000));
            case 4 -> "' OR 1=1 --";
            case 5 -> "%00%2e%2e%2f";
            case 6 -> "\ud800"; // a lone surrogate
            case 7 -> "bjb-" + UUID.randomUUID();
            case 8 -> "${jndi:ldap://127.0.0.1/x}";
            default -> Long.toString(random.nextLong());
        };
    }

    private JsonNode wrongType(boolean allowEmptyArray) {
        return pickNode(F.numberNode(random.nextInt()), F.textNode(hostileString()), F.booleanNode(true), F.objectNode().put("a", 1),
                allowEmptyArray ? F.arrayNode() : F.arrayNode().add(F.objectNode()), F.numberNode(new java.math.BigDecimal("1e400")));
    }

    private JsonNode wrongTypeNotObject() {
        return pickNode(F.numberNode(random.nextInt()), F.textNode(hostileString()), F.booleanNode(false), F.arrayNode().add(1));
    }

    private JsonNode hugeOrNegative() {
        return pickNode(F.numberNode(-1), F.numberNode(0), F.numberNode(Long.MAX_VALUE), F.numberNode(new java.math.BigInteger("9".repeat(40))),
                F.numberNode(1.5), F.textNode("abc"), F.numberNode(Integer.MIN_VALUE));
    }

    /** Invalid for every numeric parse parameter, whatever its range. */
    private JsonNode outOfEveryRange() {
        return pickNode(F.numberNode(-1), F.numberNode(Long.MAX_VALUE), F.numberNode(new java.math.BigInteger("9".repeat(40))),
                F.textNode("abc"), F.textNode(hostileString()), F.booleanNode(true));
    }

    private byte[] malformed(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(4)) {
            case 0 -> java.util.Arrays.copyOf(bytes, random.nextInt(Math.max(1, bytes.length)));
            case 1 -> {
                byte[] b = new byte[1 + random.nextInt(200)];
                random.nextBytes(b);
                yield b;
            }
            case 2 -> ("[" + json).getBytes(StandardCharsets.UTF_8);
            default -> json.replace("\"", "'").getBytes(StandardCharsets.UTF_8);
        };
    }

    /** Just over the 10 MiB a JSON body may have. */
    private static byte[] oversized() {
        byte[] b = new byte[10 * 1024 * 1024 + 1024];
        java.util.Arrays.fill(b, (byte) ' ');
        b[0] = '{';
        b[b.length - 1] = '}';
        return b;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private JsonNode pickNode(JsonNode... options) {
        return options[random.nextInt(options.length)];
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] multipart(String boundary, String field, String name, byte[] content) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nparse\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + name + "\"\r\nContent-Type: text/plain\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + content.length + t.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(content, 0, out, h.length, content.length);
        System.arraycopy(t, 0, out, h.length + content.length, t.length);
        return out;
    }

    private Request json(String method, String path, String body, boolean create, boolean valid) {
        return new Request(method, path, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of(), create, valid);
    }

    private Request raw(String method, String path, String type, byte[] body, boolean create) {
        return new Request(method, path, type, body, Map.of(), create, false);
    }

    // ---- sending ----

    /** Sends again after a 429, when Retry-After says: a system with its default rate limit is fuzzed at that pace. */
    private HttpResponse<String> send(Request r) throws IOException, InterruptedException {
        while (true) {
            HttpResponse<String> resp = sendOnce(r);
            if (resp.statusCode() != 429) return resp;
            long seconds = resp.headers().firstValue("Retry-After").filter(v -> v.matches("\\d{1,6}")).map(Long::parseLong).orElse(1L);
            Thread.sleep(Math.min(60, Math.max(1, seconds)) * 1000); // the server's pace
        }
    }

    private HttpResponse<String> sendOnce(Request r) throws IOException, InterruptedException {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(base + r.path()));
        } catch (IllegalArgumentException e) {
            // A path the client library itself refuses never reaches the server: send it escaped instead.
            b = HttpRequest.newBuilder(URI.create(base + "/" + enc(r.path())));
        }
        b.timeout(Duration.ofSeconds(30));
        if (!r.headers().containsKey("Authorization")) b.header("Authorization", "Bearer " + key);
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            try {
                b.header(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                b.header(h.getKey(), "x"); // a value the client refuses to send
            }
        }
        if (r.contentType() != null) b.header("Content-Type", r.contentType());
        Supplier<HttpRequest.BodyPublisher> body = () -> r.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(r.body());
        b.method(r.method(), body.get());
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String describe(Request r) {
        String body = r.body() == null ? "" : new String(r.body(), 0, Math.min(r.body().length, 300), StandardCharsets.UTF_8);
        return r.method() + " " + abbreviate(r.path()) + " " + r.contentType() + " " + body;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
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
        System.out.printf("%d requests to %s in %.1f s (seed %d); %d cores%n", n, url, (System.nanoTime() - start) / 1e9, seed,
                Runtime.getRuntime().availableProcessors());
        System.out.println(report.line());
        System.exit(report.serverErrors() == 0 && report.invalidJobsCreated() == 0 && report.crossProjectLeaks() == 0 ? 0 : 1);
    }
}
