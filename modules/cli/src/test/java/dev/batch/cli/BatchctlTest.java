package dev.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line wired to its commands, against a stub of the API that answers by path. */
class BatchctlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB =
            "{\"job\": {\"id\": \"bjb-1\", \"job_type\": \"parse\", \"status\": \"completed\", \"total_items\": 2,"
                    + " \"processed_items\": 1, \"failed_items\": 1, \"skipped_items\": 0, \"error_message\": null}, \"progress_percentage\": 100}";

    @TempDir
    Path home;

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    record Run(int code, String out, String err) {}

    private String serve(Map<String, String> answers) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String answer = answers.get(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
            byte[] body = (answer == null ? "{\"detail\": \"not found\"}" : answer).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private Run batchctl(String base, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Batchctl.run(
                args,
                Map.of("BATCH_URL", base, "BATCH_API_KEY", "llx-key"),
                home,
                new PrintWriter(out),
                new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryCommand() {
        assertThat(batchctl("http://127.0.0.1:9", "--help").out())
                .contains("upload", "parse", "classify", "status", "jobs", "items", "result", "cancel", "retry");
    }

    @Test
    void parseSendsItsParametersTypedAndAWatchedJobWithAFailedItemExitsWithTwo() throws Exception {
        String base = serve(Map.of(
                "POST /api/v1/beta/batch-processing",
                "{\"id\": \"bjb-1\"}",
                "GET /api/v1/beta/batch-processing/bjb-1",
                JOB));
        Run run = batchctl(
                base,
                "parse",
                "--directory",
                "dir-1",
                "--param",
                "do_not_cache=true",
                "--param",
                "max_pages=3",
                "--param",
                "language=en",
                "--watch");
        assertThat(run.code()).as(run.toString()).isEqualTo(JobWatch.FAILED);
        assertThat(run.out())
                .startsWith("bjb-1\n")
                .contains("bjb-1 parse completed: 2 items, 1 done, 1 failed, 0 skipped (100%)");
        JsonNode created = JSON.readTree(bodies.get(0));
        assertThat(created.get("directory_id").asText()).isEqualTo("dir-1");
        assertThat(created.at("/job_config/parameters").toString())
                .isEqualTo("{\"do_not_cache\":true,\"max_pages\":3,\"language\":\"en\"}");
    }

    @Test
    void aStartWithNeitherFolderNorDirectoryAndARefusedCallSayWhatIsWrong() throws Exception {
        String base = serve(Map.of());
        Run neither = batchctl(base, "parse");
        assertThat(neither.code()).isEqualTo(1);
        assertThat(neither.err()).contains("give either a folder or --directory ID");
        Run unknown = batchctl(base, "status", "bjb-nope");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("404").contains("bjb-nope");
    }

    @Test
    void itemsPrintsATableAndCountsThePage() throws Exception {
        String base = serve(Map.of(
                "GET /api/v1/beta/batch-processing/bjb-1/items",
                "{\"items\": [{\"item_id\": \"dfl-1\", \"item_name\": \"a.pdf\","
                        + " \"status\": \"failed\", \"error_message\": \"not a PDF\"}, {\"item_id\": \"dfl-22\", \"item_name\": \"b.txt\","
                        + " \"status\": \"completed\"}], \"total_size\": 5}"));
        assertThat(batchctl(base, "items", "bjb-1").out()).isEqualTo("""
                ITEM    NAME   STATUS     DETAIL
                dfl-1   a.pdf  failed     not a PDF
                dfl-22  b.txt  completed
                2 of 5 items
                """);
    }
}
