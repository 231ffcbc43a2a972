package dev.batch.tools.fuzz;

import static dev.batch.client.ApiPaths.CLASSIFY_JOBS;
import static dev.batch.client.ApiPaths.DIRECTORIES;
import static dev.batch.client.ApiPaths.DIRECTORY;
import static dev.batch.client.ApiPaths.DIRECTORY_FILE;
import static dev.batch.client.ApiPaths.DIRECTORY_FILES;
import static dev.batch.client.ApiPaths.DIRECTORY_UPLOAD;
import static dev.batch.client.ApiPaths.FILE;
import static dev.batch.client.ApiPaths.FILES;
import static dev.batch.client.ApiPaths.FILE_DOWNLOAD;
import static dev.batch.client.ApiPaths.ITEM_PROCESSING_RESULTS;
import static dev.batch.client.ApiPaths.JOB;
import static dev.batch.client.ApiPaths.JOBS;
import static dev.batch.client.ApiPaths.JOB_CANCEL;
import static dev.batch.client.ApiPaths.JOB_ITEMS;
import static dev.batch.client.ApiPaths.JOB_RETRY;
import static dev.batch.client.ApiPaths.JOB_WEBHOOK_RESEND;
import static dev.batch.client.ApiPaths.PARSE_JOB;
import static dev.batch.client.ApiPaths.path;
import static dev.batch.tools.fuzz.HostileValues.enc;
import static dev.batch.tools.fuzz.HostileValues.multipart;
import static dev.batch.tools.fuzz.HostileValues.oversized;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The fuzzer's requests, from a seeded {@link Random}: each is built from a valid one by mutations
 * known to make it invalid (malformed JSON, wrong types, out-of-range and huge numbers, unknown or
 * foreign ids, hostile strings, oversized bodies, bad headers and methods), or known to keep it
 * valid (unknown fields, which the API ignores).
 */
final class FuzzRequests {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Random random;
    private final HostileValues values;
    private final String file;
    private final String directory;
    private final String job;

    /** Requests about the project's {@code file}, {@code directory} and {@code job}. */
    FuzzRequests(Random random, String file, String directory, String job) {
        this.random = random;
        this.values = new HostileValues(random);
        this.file = file;
        this.directory = directory;
        this.job = job;
    }

    /** The next request: most are invalid creates, then reads and writes with bad input, bad headers and uploads. */
    FuzzRequest next() {
        int dice = random.nextInt(100);
        if (dice < 40) return batchCreate();
        if (dice < 50) return classifyCreate();
        if (dice < 72) return readWithBadInput();
        if (dice < 87) return writeWithBadBody();
        if (dice < 95) return badHeaders();
        return badUpload();
    }

    /** A valid create of a parse job over {@code file}. */
    static ObjectNode validCreate(String file) {
        ObjectNode body = F.objectNode();
        body.putObject("job_config").putObject("parameters").put("do_not_cache", true);
        body.putArray("item_ids").add(file);
        return body;
    }

    /** A create with one invalidating mutation, or (rarely) a valid one with unknown fields. */
    private FuzzRequest batchCreate() {
        ObjectNode body = validCreate(file);
        if (random.nextInt(50) == 0) {
            body.put("unknown_" + random.nextInt(1000), values.hostileString());
            ((ObjectNode) body.get("job_config")).put("unknown_setting", random.nextInt());
            return FuzzRequest.json("POST", JOBS, body.toString(), true, true);
        }
        ObjectNode params = (ObjectNode) body.get("job_config").get("parameters");
        int dice = random.nextInt(16);
        switch (dice) {
            case 0 -> {
                return FuzzRequest.raw("POST", JOBS, "application/json", values.malformed(body.toString()), true);
            }
            case 1 -> body.set("item_ids", values.wrongType(false));
            case 2 -> body.set("job_config", values.wrongTypeNotObject());
            case 3 -> body.putArray("item_ids").add(values.hostileString());
            case 4 -> body.putArray("item_ids");
            case 5 -> {
                body.remove("item_ids");
                body.put("directory_id", "dir-" + UUID.randomUUID());
            }
            case 6 -> body.put("directory_id", directory);
            case 7 -> body.remove("item_ids");
            case 8 -> body.set("page_size", values.hugeOrNegative());
            case 9, 10, 11, 12 -> mutateParameter(params, dice);
            case 13 -> ((ObjectNode) body.get("job_config")).put("job_name", values.hostileString());
            case 14 -> {
                return FuzzRequest.raw(
                        "POST",
                        JOBS,
                        "application/json",
                        random.nextInt(20) == 0 ? oversized() : values.malformed(body.toString()),
                        true);
            }
            default -> body.putArray("item_ids").add(file).add(F.numberNode(random.nextLong()));
        }
        return FuzzRequest.json("POST", JOBS, body.toString(), true, false);
    }

    /** Puts one parse parameter out of range, of the wrong type, or pointing a webhook somewhere it must not go. */
    private void mutateParameter(ObjectNode params, int dice) {
        switch (dice) {
            case 9 ->
                params.set(
                        values.pick(
                                "max_pages",
                                "page_error_tolerance",
                                "job_timeout_in_seconds",
                                "job_timeout_extra_time_per_page_in_seconds"),
                        values.outOfEveryRange());
            case 10 ->
                params.set(
                        values.pick("disable_ocr", "invalidate_cache", "do_not_cache", "hide_headers"),
                        F.textNode(values.hostileString()));
            case 11 ->
                params.set(
                        values.pick(
                                "target_pages",
                                "images_to_save",
                                "languages",
                                "replace_failed_page_mode",
                                "custom_metadata"),
                        values.pickNode(
                                F.numberNode(random.nextInt()),
                                F.textNode("x" + values.hostileString()),
                                F.arrayNode().add(7)));
            default ->
                params.putArray("webhook_configurations")
                        .addObject()
                        .put(
                                "webhook_url",
                                values.pick(
                                        "http://169.254.169.254/latest",
                                        "ftp://example.com/hook",
                                        "http://10.0.0.1/hook",
                                        "not a url",
                                        "http://user:pw@example.com/",
                                        "http://[::1]/x"));
        }
    }

    private FuzzRequest classifyCreate() {
        ObjectNode body = F.objectNode();
        body.putArray("file_ids").add(file);
        ArrayNode rules = body.putArray("rules");
        rules.addObject().put("type", "note").put("description", "a short note");
        switch (random.nextInt(8)) {
            case 0 -> body.putArray("rules");
            case 1 -> body.set("rules", values.wrongType(true));
            case 2 -> rules.addObject().put("type", "note").put("description", "the same type twice");
            case 3 -> ((ObjectNode) rules.get(0)).put("type", "<script>" + values.hostileString());
            case 4 -> body.put("mode", values.hostileString());
            case 5 -> body.set("file_ids", values.wrongType(false));
            case 6 -> body.putArray("file_ids").add("file-" + UUID.randomUUID());
            default -> {
                return FuzzRequest.raw(
                        "POST", CLASSIFY_JOBS, "application/json", values.malformed(body.toString()), true);
            }
        }
        return FuzzRequest.json("POST", CLASSIFY_JOBS, body.toString(), true, false);
    }

    /** GETs (and DELETEs of things that do not exist) with hostile ids and query parameters. */
    private FuzzRequest readWithBadInput() {
        String hostile = values.hostileString();
        String id = enc(hostile);
        String path = switch (random.nextInt(12)) {
            case 0 -> path(JOB, hostile);
            case 1 ->
                path(JOB_ITEMS, job) + "?limit=" + enc(values.hugeOrNegative().asText()) + "&status=" + id;
            case 2 ->
                JOBS + "?limit=" + enc(values.hugeOrNegative().asText()) + "&offset="
                        + enc(values.hugeOrNegative().asText());
            case 3 -> JOBS + "?status=" + id + "&job_type=" + id;
            case 4 -> path(FILE, hostile);
            case 5 -> FILES + "?page_size=" + enc(values.hugeOrNegative().asText()) + "&page_token=" + id;
            case 6 -> path(DIRECTORY_FILE, directory, hostile);
            case 7 -> DIRECTORIES + "?page_token=" + id;
            case 8 -> path(ITEM_PROCESSING_RESULTS, hostile) + "?job_type=" + id;
            case 9 -> path(PARSE_JOB, hostile) + "?expand=" + id;
            case 10 ->
                path(FILE_DOWNLOAD, file) + "?expires="
                        + enc(values.hugeOrNegative().asText()) + "&signature=" + id;
            default -> "/" + id + "/../../" + id;
        };
        if (random.nextInt(10) == 0)
            return new FuzzRequest("DELETE", path(FILE, hostile), null, null, Map.of(), false, false);
        return new FuzzRequest("GET", path, null, null, Map.of(), false, false);
    }

    /** Writes on this project's objects with bodies that must be refused. */
    private FuzzRequest writeWithBadBody() {
        byte[] body = random.nextBoolean()
                ? values.malformed("{\"name\": \"x\", \"reason\": \"y\"}")
                : values.wrongTypeNotObject().toString().getBytes(StandardCharsets.UTF_8);
        String path = switch (random.nextInt(6)) {
            case 0 -> path(JOB_WEBHOOK_RESEND, job);
            case 1 -> DIRECTORIES;
            case 2 -> path(DIRECTORY, directory);
            case 3 -> path(DIRECTORY_FILES, directory);
            case 4 -> path(JOB_CANCEL, values.hostileString());
            default -> path(JOB_RETRY, job);
        };
        String method = path.endsWith(directory) ? "PATCH" : "POST";
        return FuzzRequest.raw(method, path, "application/json", body, false);
    }

    private FuzzRequest badHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (random.nextInt(4)) {
            case 0 ->
                headers.put("Authorization", "Bearer " + values.hostileString().replaceAll("[\\r\\n]", ""));
            case 1 ->
                headers.put("Authorization", "Basic " + values.hostileString().replaceAll("[\\r\\n]", ""));
            case 2 ->
                headers.put("Idempotency-Key", "k" + values.hostileString().replaceAll("[\\r\\n]", ""));
            default -> headers.put("X-Unknown", "1");
        }
        String type = values.pick(
                "application/json",
                "text/plain",
                "application/xml",
                "multipart/form-data",
                "application/json; charset=latin1");
        boolean create = !headers.containsKey("Authorization");
        return new FuzzRequest(
                values.pick("POST", "PUT", "PATCH", "OPTIONS"),
                JOBS,
                type,
                values.malformed(validCreate(file).toString()),
                headers,
                create,
                false);
    }

    private FuzzRequest badUpload() {
        String boundary = "b" + random.nextInt(1_000_000);
        byte[] body = switch (random.nextInt(3)) {
            case 0 -> multipart(boundary, "not_file", "x.txt", "no file part".getBytes(StandardCharsets.UTF_8));
            case 1 ->
                ("--" + boundary
                                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n\r\nabc")
                        .getBytes(StandardCharsets.UTF_8); // never closed
            default -> values.malformed("--" + boundary + "--");
        };
        return new FuzzRequest(
                "POST",
                values.pick(FILES, path(DIRECTORY_UPLOAD, directory)),
                "multipart/form-data; boundary=" + boundary,
                body,
                Map.of(),
                false,
                false);
    }
}
