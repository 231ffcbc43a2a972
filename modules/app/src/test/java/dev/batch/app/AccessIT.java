package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access rules over every route the server has, read from its router, so a new route cannot be
 * missed: without a key, with a wrong key or a revoked one, 401 (health, /openapi.json, /docs and /metrics aside, and the two routes
 * whose credential is a URL signature: 403 without one); with another project's key on this
 * project's objects, 404 and none of their ids or secrets in the answer. The owner's own calls to
 * the same URLs succeed, so a 404 means "not yours", not "wrong URL".
 */
@WithKafka
class AccessIT {
    private static final String REVOKED = "llx-soon-revoked";
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");
    private static final String CONFIGS = "/api/v1/beta/configurations";

    @TempDir
    static Path data;

    @TempDir
    static Path keysDir;

    static RunningSystem sys;
    static Path keysFile;
    static final Map<String, String> ids = new LinkedHashMap<>();
    static String secret;

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        keysFile = keysDir.resolve("keys");
        Files.writeString(keysFile, REVOKED + "=revoked-project\n");
        sys = RunningSystem.start(
                kafka,
                data,
                "access",
                Map.of("BATCH_API_KEYS_FILE", keysFile.toString(), "BATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1"));
        BatchApiClient api = sys.api;
        String file = sys.upload("owned-" + System.nanoTime() + ".txt", "owned words".getBytes(StandardCharsets.UTF_8));
        String dir = api.post("/api/v1/beta/directories", "{\"name\": \"owned\"}")
                .json()
                .get("id")
                .asText();
        String dirFile = api.post("/api/v1/beta/directories/" + dir + "/files", "{\"file_id\": \"" + file + "\"}")
                .json()
                .get("id")
                .asText();
        String job = sys.createJob(
                "{\"job_config\": {\"parameters\": {\"webhook_configurations\": [{\"webhook_url\": \"http://127.0.0.1:9/x\","
                        + " \"webhook_events\": [\"parse.success\"]}]}}, \"item_ids\": [\"" + file + "\"]}");
        sys.awaitTerminal(job);
        JsonNode item =
                api.get(BATCH + "/" + job + "/items").json().get("items").get(0);
        ApiResponse classify = api.post(
                "/api/v1/classifier/jobs",
                "{\"file_ids\": [\"" + file + "\"], \"rules\": "
                        + "[{\"type\": \"note\", \"description\": \"a short note\"}]}");
        assertThat(classify.status() / 100).as(classify.toString()).isEqualTo(2);
        String classifyJob = classify.json().get("id").asText();
        sys.awaitTerminal(classifyJob);
        ApiResponse classifyV2 = api.post("/api/v2/classify", classifyV2Body(file));
        assertThat(classifyV2.status()).as(classifyV2.toString()).isEqualTo(200);
        ApiResponse extractV2 = api.post("/api/v2/extract", extractV2Body(file));
        assertThat(extractV2.status()).as(extractV2.toString()).isEqualTo(200);
        String eventId = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> api.get(BATCH + "/" + job + "/webhook-deliveries")
                                .json()
                                .path("items")
                                .path(0)
                                .path("event_id")
                                .asText(""),
                        id -> !id.isEmpty());
        ids.put("file_id", file);
        ids.put("directory_id", dir);
        ids.put("directory_file_id", dirFile);
        ids.put("job_id", job);
        ids.put("classifier_job_id", classifyJob);
        ids.put("classify_v2_job_id", classifyV2.json().get("id").asText());
        ids.put("extract_v2_job_id", extractV2.json().get("id").asText());
        ids.put("parse_job_id", item.get("job_id").asText());
        ids.put("item_id", item.get("item_id").asText());
        ids.put("event_id", eventId);
        secret = api.get("/api/v1/beta/webhooks/secret").json().get("secret").asText();
        ids.put(
                "config_id",
                api.post(CONFIGS, body(new Call("POST", CONFIGS, CONFIGS)))
                        .json()
                        .get("id")
                        .asText());
    }

    @AfterAll
    static void stop() {
        if (sys != null) sys.close();
    }

    /** A route made concrete with this project's objects. */
    record Call(String method, String route, String path) {
        boolean signed() {
            return route.endsWith("/download") || route.contains("/images/") || route.contains("/results/{kind}");
        }

        /** Public by design: health, the API's description and the metrics. */
        boolean open() {
            return route.startsWith("/health")
                    || route.equals("/openapi.json")
                    || route.startsWith("/docs")
                    || route.equals("/metrics")
                    || route.equals("/")
                    || route.startsWith("/ui/");
        }

        boolean changesState() {
            return !method.equals("GET");
        }

        boolean namesAnObject() {
            return route.contains("{");
        }
    }

    static List<Call> calls() {
        List<Call> out = new ArrayList<>();
        for (String r : sys.system.routes()) {
            String method = r.substring(0, r.indexOf(' '));
            String route = r.substring(r.indexOf(' ') + 1);
            Matcher m = PARAM.matcher(route);
            StringBuilder path = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String key = switch (name) {
                    case "job_id" ->
                        route.startsWith("/api/v1/classifier")
                                ? "classifier_job_id"
                                : route.startsWith("/api/v2/parse")
                                        ? "parse_job_id"
                                        : route.startsWith("/api/v2/classify")
                                                ? "classify_v2_job_id"
                                                : route.startsWith("/api/v2/extract") ? "extract_v2_job_id" : "job_id";
                    case "filename", "asset", "kind" -> name;
                    default -> name;
                };
                String value = switch (key) {
                    case "filename" -> "page_1.png";
                    case "kind" -> "text";
                    case "page_number" -> "1";
                    case "asset" -> route.startsWith("/ui/") ? "app.js" : "swagger-ui.css";
                    default -> ids.get(key);
                };
                assertThat(value)
                        .as(
                                "route %s has the parameter {%s}: add an object of this project for it to AccessIT",
                                r, name)
                        .isNotNull();
                m.appendReplacement(path, value);
            }
            m.appendTail(path);
            out.add(new Call(method, route, path.toString()));
        }
        assertThat(out).as("the router lists the API").hasSizeGreaterThan(30);
        return out;
    }

    static ApiResponse call(BatchApiClient client, Call c) {
        return switch (c.method()) {
            case "GET" -> client.get(c.path());
            case "DELETE" -> client.delete(c.path());
            case "PATCH" -> client.patch(c.path(), "{\"name\": \"renamed\"}");
            case "PUT" -> client.put(c.path(), "{\"name\": \"renamed\"}");
            case "POST" ->
                c.route().endsWith("/files/upload") || c.route().equals("/api/v1/beta/files")
                        ? client.upload(c.path(), "intruder.txt", "intruder".getBytes(StandardCharsets.UTF_8))
                        : client.post(c.path(), body(c));
            default ->
                throw new AssertionError("no way to call " + c.method() + " " + c.route() + " yet: add it to AccessIT");
        };
    }

    /** Bodies that would be valid for the owner, so only the project decides the answer. */
    private static String body(Call c) {
        String file = ids.get("file_id");
        if (c.route().equals(BATCH)) return "{\"job_config\": {}, \"item_ids\": [\"" + file + "\"]}";
        if (c.route().equals("/api/v1/classifier/jobs")) {
            return "{\"file_ids\": [\"" + file
                    + "\"], \"rules\": [{\"type\": \"note\", \"description\": \"a short note\"}]}";
        }
        if (c.route().equals("/api/v2/classify")) return classifyV2Body(file);
        if (c.route().equals("/api/v2/extract")) return extractV2Body(file);
        if (c.route().equals("/api/v2/extract/schema/validation"))
            return "{\"data_schema\": {\"note\": {\"type\": \"string\"}}}";
        if (c.route().equals("/api/v2/extract/schema/generate")) return "{\"file_id\": \"" + file + "\"}";
        if (c.route().endsWith("/directories/{directory_id}/files")) return "{\"file_id\": \"" + file + "\"}";
        if (c.route().endsWith("/resend")) return "{\"event_id\": \"" + ids.get("event_id") + "\"}";
        if (c.route().endsWith("/cancel")) return "{\"reason\": \"intruder\"}";
        if (c.route().equals("/api/v1/beta/directories")) return "{\"name\": \"intruder's\"}";
        if (c.route().equals(CONFIGS)) {
            return "{\"name\": \"owned\", \"parameters\": {\"product_type\": \"parse_v2\", \"tier\": \"fast\","
                    + " \"version\": \"latest\"}}";
        }
        return "{}";
    }

    private static String classifyV2Body(String file) {
        return "{\"file_input\": \"" + file
                + "\", \"configuration\": {\"rules\": [{\"type\": \"note\", \"description\": \"a short note\"}]}}";
    }

    private static String extractV2Body(String file) {
        return "{\"file_input\": \"" + file
                + "\", \"configuration\": {\"data_schema\": {\"note\": {\"type\": \"string\"}}}}";
    }

    @Test
    void everyRouteButThePublicOnesAnswers401WithoutAValidKey() {
        SoftAssertions soft = new SoftAssertions();
        BatchApiClient revoked = new BatchApiClient(sys.base(), REVOKED);
        assertThat(revoked.get("/api/v1/beta/files").status())
                .as("the key works before it is revoked")
                .isEqualTo(200);
        try {
            Files.writeString(keysFile, "# revoked\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> revoked.get("/api/v1/beta/files").status() == 401);
        for (Call c : calls()) {
            for (BatchApiClient client : List.of(
                    new BatchApiClient(sys.base(), null), new BatchApiClient(sys.base(), "llx-wrong"), revoked)) {
                ApiResponse r = call(client, c);
                int expected = c.open() ? 200 : c.signed() ? 403 : 401;
                soft.assertThat(r.status())
                        .as("%s %s -> %s", c.method(), c.route(), r)
                        .isEqualTo(expected);
                if (!c.open())
                    soft.assertThat(r.headers().firstValue("x-should-retry"))
                            .as("%s %s: a refused key is not worth a retry", c.method(), c.route())
                            .hasValue("false");
                if (!c.open())
                    soft.assertThat(r.json().path("detail").asText())
                            .as("%s %s explains", c.method(), c.route())
                            .isNotBlank();
            }
        }
        soft.assertAll();
    }

    @Test
    void anotherProjectsKeyFindsNothingOfThisProjectOnAnyRoute() {
        SoftAssertions soft = new SoftAssertions();
        List<Call> calls = calls();
        for (Call c : calls) {
            if (c.open()) continue;
            ApiResponse r = call(sys.other, c);
            String where = c.method() + " " + c.route() + " -> " + r;
            if (c.signed()) {
                soft.assertThat(r.status()).as(where).isEqualTo(403);
            } else if (c.namesAnObject()) {
                soft.assertThat(r.status()).as(where).isEqualTo(404);
            } else {
                soft.assertThat(r.status()).as(where).isNotIn(401, 403).isLessThan(500);
            }
            // An id the caller sent may come back in the error naming it; any other is a leak.
            String sent = c.path() + (c.method().equals("POST") ? body(c) : "");
            for (String id : ids.values()) {
                if (!sent.contains(id))
                    soft.assertThat(r.raw()).as(where + " leaks " + id).doesNotContain(id);
            }
            soft.assertThat(r.raw()).as(where + " leaks the secret").doesNotContain(secret);
        }
        soft.assertAll();
        // Nothing the other project sent changed this project's objects, and the owner reads them all.
        for (Call c : calls) {
            if (c.open() || c.signed() || c.changesState()) continue;
            ApiResponse r = call(sys.api, c);
            // this project's parse job ran on a text file: its page image is refused by name (PageImagesIT renders
            // PDFs)
            int expected = c.route().endsWith("/pages/{page_number}/image") ? 422 : 200;
            assertThat(r.status())
                    .as("the owner: %s %s -> %s", c.method(), c.route(), r)
                    .isEqualTo(expected);
        }
        assertThat(sys.api
                        .get("/api/v1/beta/webhooks/secret")
                        .json()
                        .get("secret")
                        .asText())
                .isEqualTo(secret);
        assertThat(sys.api
                        .get(BATCH + "/" + ids.get("job_id"))
                        .json()
                        .get("job")
                        .get("status")
                        .asText())
                .isEqualTo("completed");
    }
}
