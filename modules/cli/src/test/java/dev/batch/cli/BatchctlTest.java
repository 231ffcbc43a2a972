package dev.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
                .contains(
                        "upload",
                        "parse",
                        "classify",
                        "status",
                        "jobs",
                        "items",
                        "result",
                        "cancel",
                        "retry",
                        "delete");
    }

    @Test
    void deleteSendsADeleteOfTheJobAndPrintsTheServersMessage() throws Exception {
        String base = serve(Map.of(
                "DELETE /api/v1/beta/batch-processing/bjb-1",
                "{\"job_id\": \"bjb-1\", \"message\": \"Job deleted: its status, items, results and cache entries"
                        + " are being removed\"}"));
        Run run = batchctl(base, "delete", "bjb-1");
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out())
                .isEqualTo("Job deleted: its status, items, results and cache entries are being removed\n");
        Run unknown = batchctl(base, "delete", "bjb-2");
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(1);
        assertThat(unknown.err()).contains("404").contains("bjb-2");
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

    @Test
    void everyCommandAnswersHelpWithItsOwnUsage() {
        for (String command : List.of(
                "upload",
                "parse",
                "classify",
                "parse-file",
                "classify-file",
                "status",
                "jobs",
                "items",
                "result",
                "cancel",
                "retry",
                "delete")) {
            Run help = batchctl("http://127.0.0.1:9", command, "--help");
            assertThat(help.code()).as(command + ": " + help).isZero();
            assertThat(help.out()).startsWith("Usage: batchctl " + command + " ");
            assertThat(help.err()).doesNotContain("Unknown option");
        }
    }

    @Test
    void parseFileUploadsWithItsConfigurationWaitsAndPrintsTheMarkdownPages() throws Exception {
        String base = serve(Map.of(
                "POST /api/v2/parse/upload",
                "{\"id\": \"pjb-1\", \"status\": \"PENDING\"}",
                "GET /api/v2/parse/pjb-1",
                "{\"job\": {\"id\": \"pjb-1\", \"status\": \"COMPLETED\"}, \"markdown\": {\"pages\": ["
                        + "{\"page_number\": 1, \"markdown\": \"# Title\", \"success\": true},"
                        + " {\"page_number\": 2, \"error\": \"unreadable\", \"success\": false},"
                        + " {\"page_number\": 3, \"markdown\": \"The end.\", \"success\": true}]}}"));
        Path doc = Files.writeString(home.resolve("doc.txt"), "the document's bytes");
        Run run = batchctl(base, "parse-file", doc.toString(), "--tier", "agentic");
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("# Title\n\nThe end.\n");
        assertThat(run.err()).contains("parse job pjb-1: completed", "page 2 failed: unreadable");
        assertThat(bodies.get(0))
                .contains("name=\"configuration\"")
                .contains("{\"tier\":\"agentic\",\"version\":\"latest\"}")
                .contains("filename=\"doc.txt\"")
                .contains("the document's bytes");
    }

    @Test
    void aParseFileWhoseJobFailedExitsWithTwoAndSaysWhy() throws Exception {
        String base = serve(Map.of(
                "POST /api/v2/parse/upload",
                "{\"id\": \"pjb-2\", \"status\": \"PENDING\"}",
                "GET /api/v2/parse/pjb-2",
                "{\"job\": {\"id\": \"pjb-2\", \"status\": \"FAILED\", \"error_message\": \"not a PDF\"}}"));
        Path doc = Files.writeString(home.resolve("broken.pdf"), "%PDF-1.7 broken");
        Run run = batchctl(base, "parse-file", doc.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(JobWatch.FAILED);
        assertThat(run.err()).contains("batchctl: parse job pjb-2 failed: not a PDF");
        assertThat(run.out()).isEmpty();
        assertThat(batchctl(base, "parse-file", doc.toString(), "--format", "pdf")
                        .err())
                .contains("--format: one of markdown, text, json");
    }

    @Test
    void classifyFileSendsRulesFromArgumentsAndAFileAndPrintsTypeConfidenceAndReasoning() throws Exception {
        String base = serve(Map.of(
                "POST /api/v1/beta/files",
                "{\"id\": \"file-1\"}",
                "POST /api/v2/classify",
                "{\"id\": \"cls-1\", \"status\": \"PENDING\"}",
                "GET /api/v2/classify/cls-1",
                "{\"id\": \"cls-1\", \"status\": \"COMPLETED\", \"result\": {\"type\": \"invoice\","
                        + " \"confidence\": 0.93, \"reasoning\": \"an amount due\"}}"));
        Path doc = Files.writeString(home.resolve("bill.txt"), "INVOICE 17, amount due 100 EUR");
        Path more = Files.writeString(
                home.resolve("rules.json"), "{\"rules\": [{\"type\": \"letter\", \"description\": \"Dear ...\"}]}");
        Run run = batchctl(
                base, "classify-file", doc.toString(), "--rules", "invoice=a bill = payment asked", more.toString());
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("type: invoice\nconfidence: 0.93\nreasoning: an amount due\n");
        JsonNode created = JSON.readTree(bodies.get(1));
        assertThat(created.get("file_input").asText()).isEqualTo("file-1");
        assertThat(created.at("/configuration/rules").toString())
                .isEqualTo("[{\"type\":\"invoice\",\"description\":\"a bill = payment asked\"},"
                        + "{\"type\":\"letter\",\"description\":\"Dear ...\"}]");
        Run bad = batchctl(base, "classify-file", doc.toString(), "--rules", "no rule here");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("--rules: expected type=description or a JSON file of rules");
    }
}
