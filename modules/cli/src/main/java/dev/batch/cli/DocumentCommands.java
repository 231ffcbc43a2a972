package dev.batch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.client.BatchApiClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * One document, one call, the answer printed: {@code parse-file} (LlamaParse v2) and
 * {@code classify-file} (classify v2). Each waits for its job; the job's id goes to standard error,
 * the result to standard output, and a failed job exits with {@link JobWatch#FAILED}.
 */
final class DocumentCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DocumentCommands() {}

    @Command(
            name = "parse-file",
            description = "Upload one file, parse it, wait, and print the result (markdown, text or json).")
    static final class ParseFile extends Subcommand implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(
                names = "--tier",
                defaultValue = "fast",
                description = "fast, cost_effective, agentic or agentic_plus (default: ${DEFAULT-VALUE}).")
        String tier;

        @Option(
                names = "--format",
                defaultValue = "markdown",
                description =
                        "markdown, text, or json (the job with its items and metadata; default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() throws IOException {
            String fmt = format.toLowerCase(Locale.ROOT);
            if (!List.of("markdown", "text", "json").contains(fmt))
                throw new IllegalArgumentException("--format: one of markdown, text, json; not " + format);
            BatchApiClient api = root.api();
            ObjectNode configuration = JSON.createObjectNode().put("tier", tier).put("version", "latest");
            String job =
                    api.parseUpload(file.getFileName().toString(), Files.readAllBytes(file), configuration.toString());
            JsonNode done = new JobPoll(root.err, root.pollEvery)
                    .until("parse job " + job, () -> api.parseJob(job).path("job"), "COMPLETED", "FAILED", "CANCELLED");
            String status = done.path("status").asText();
            if (!status.equals("COMPLETED")) return ended(root.err, "parse", job, done);
            JsonNode result = fmt.equals("json")
                    ? api.parseJob(job, "items", "metadata", "job_metadata")
                    : api.parseJob(job, fmt);
            root.out.println(
                    fmt.equals("json")
                            ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result)
                            : pages(result, fmt));
            return 0;
        }

        /** The pages of {@code text} or {@code markdown}, blank-line separated; a failed page is said on stderr. */
        private String pages(JsonNode result, String fmt) {
            StringBuilder out = new StringBuilder();
            for (JsonNode page : result.path(fmt).path("pages")) {
                if (page.path("success").asBoolean(true)) {
                    if (out.length() > 0) out.append("\n\n");
                    out.append(page.path(fmt).asText());
                } else {
                    root.err.println("page " + page.path("page_number").asInt() + " failed: "
                            + page.path("error").asText());
                }
            }
            return out.toString();
        }
    }

    @Command(
            name = "classify-file",
            description = "Upload one file, classify it against rules, wait, and print type, confidence and reasoning.")
    static final class ClassifyFile extends Subcommand implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(
                names = "--rules",
                required = true,
                arity = "1..*",
                paramLabel = "RULE",
                description =
                        "type=description (one a value, repeatable), or a JSON file: a list of {type, description}"
                                + " or {\"rules\": [...]}. Put FILE before --rules.")
        List<String> rules;

        @Override
        public Integer call() throws IOException {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("configuration").set("rules", rules(rules));
            BatchApiClient api = root.api();
            body.put("file_input", api.uploadFile(file));
            String job = api.createClassifyV2Job(body.toString());
            JsonNode done = new JobPoll(root.err, root.pollEvery)
                    .until("classify job " + job, () -> api.classifyV2Job(job), "COMPLETED", "FAILED");
            if (!done.path("status").asText().equals("COMPLETED")) return ended(root.err, "classify", job, done);
            JsonNode result = done.path("result");
            root.out.println("type: " + result.path("type").asText("(none)"));
            root.out.println("confidence: " + result.path("confidence").asText());
            root.out.println("reasoning: " + result.path("reasoning").asText());
            return 0;
        }

        /** The rules given: each a {@code type=description}, or a JSON file of rules. */
        static ArrayNode rules(List<String> given) throws IOException {
            ArrayNode out = JSON.createArrayNode();
            for (String rule : given) {
                Path path = Path.of(rule);
                if (rule.endsWith(".json") || (!rule.contains("=") && Files.isRegularFile(path))) {
                    JsonNode r = JSON.readTree(Files.readAllBytes(path));
                    if (r.isObject() && r.has("rules")) r = r.get("rules");
                    if (!r.isArray()) throw new IllegalArgumentException(rule + ": expected a list of rules");
                    out.addAll((ArrayNode) r);
                    continue;
                }
                int eq = rule.indexOf('=');
                if (eq <= 0 || eq == rule.length() - 1)
                    throw new IllegalArgumentException(
                            "--rules: expected type=description or a JSON file of rules, not '" + rule + "'");
                out.addObject()
                        .put("type", rule.substring(0, eq).strip())
                        .put("description", rule.substring(eq + 1).strip());
            }
            if (out.isEmpty()) throw new IllegalArgumentException("--rules: at least one rule");
            return out;
        }
    }

    /** Says on {@code err} how a job that did not complete ended, with its error; the exit code for it. */
    static int ended(PrintWriter err, String what, String job, JsonNode j) {
        String status = j.path("status").asText();
        err.println("batchctl: " + what + " job " + job + " " + status.toLowerCase(Locale.ROOT)
                + (j.hasNonNull("error_message") ? ": " + j.get("error_message").asText() : ""));
        return status.equals("CANCELLED") ? JobWatch.CANCELLED : JobWatch.FAILED;
    }
}
