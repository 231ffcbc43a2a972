package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.cli.Batchctl;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** batchctl against the running system: a user's session from a shell, exit codes included. */
@WithKafka
class BatchctlIT {
    @TempDir
    static Path data;

    @TempDir
    static Path home;

    @TempDir
    static Path work;

    static RunningSystem sys;

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        sys = RunningSystem.start(kafka, data, "batchctl", Map.of());
    }

    @AfterAll
    static void stop() {
        if (sys != null) sys.close();
    }

    record Run(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    static Run batchctl(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Batchctl.run(args, env, home, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static Run batchctl(String... args) {
        return batchctl(Map.of("BATCH_URL", sys.base(), "BATCH_API_KEY", RunningSystem.KEY), args);
    }

    @Test
    void uploadsAFolderParsesItWatchesItAndReadsAResult() throws Exception {
        Path folder = Files.createDirectories(work.resolve("contracts"));
        Files.copy(Corpus.file("parse/pdf/arxiv-2201.00200.pdf"), folder.resolve("paper.pdf"));
        Files.writeString(folder.resolve("note.txt"), "Delivery is due on the first of March.");
        Files.writeString(folder.resolve(".DS_Store"), "hidden");

        Run parse = batchctl("parse", folder.toString(), "--param", "do_not_cache=true", "--watch");
        assertThat(parse.code()).as(parse.toString()).isZero();
        assertThat(parse.err())
                .contains("uploaded 2 files to directory contracts")
                .contains("[##############################] 100%");
        String job = parse.out().strip().split("\n")[0];
        assertThat(job).startsWith("bjb-");
        assertThat(parse.lastLine()).contains(job).contains("completed").contains("2 items, 2 done, 0 failed");

        assertThat(batchctl("status", job).out()).contains("completed");
        assertThat(batchctl("jobs", "--status", "completed").out()).contains(job);
        Run items = batchctl("items", job);
        assertThat(items.out()).contains("paper.pdf", "note.txt", "2 of 2 items");
        String noteItem = items.out()
                .lines()
                .filter(l -> l.contains("note.txt"))
                .findFirst()
                .orElseThrow()
                .split("\\s+")[0];
        Run result = batchctl("result", noteItem, "--format", "markdown");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Delivery is due on the first of March.");
        assertThat(batchctl("result", noteItem, "--format", "json").out()).contains("\"markdown_full\"");

        Run cancel = batchctl("cancel", job);
        assertThat(cancel.code()).isEqualTo(1);
        assertThat(cancel.err()).contains("409").contains("already completed");
    }

    @Test
    void aJobWithFailedItemsExitsNonZeroAndShowsWhy() throws Exception {
        Path folder = Files.createDirectories(work.resolve("broken"));
        Files.write(
                folder.resolve("broken.pdf"), "%PDF-1.7\nthis is not really a PDF".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(folder.resolve("fine.txt"), "This one is fine.");
        Run parse = batchctl("parse", folder.toString(), "--watch");
        assertThat(parse.code()).as(parse.toString()).isEqualTo(2);
        String job = parse.out().strip().split("\n")[0];
        Run failed = batchctl("items", job, "--status", "failed");
        assertThat(failed.out())
                .contains("broken.pdf", "failed", "1 of 1 items")
                .doesNotContain("fine.txt");
        Run retry = batchctl("retry", job, "--watch");
        assertThat(retry.code()).as(retry.toString()).isEqualTo(2);
        assertThat(retry.out()).contains("Retrying 1 failed items");
    }

    @Test
    void classifiesAnUploadedDirectoryAgainstRulesFromAFile() throws Exception {
        Path folder = Files.createDirectories(work.resolve("mail"));
        Files.writeString(
                folder.resolve("invoice.txt"),
                "INVOICE No. 2024-17. Amount due: 1,250.00 EUR. Payment terms: 30 days.");
        Run upload = batchctl("upload", folder.toString(), "--name", "mailroom");
        assertThat(upload.code()).as(upload.toString()).isZero();
        String directory = upload.lastLine();
        assertThat(directory).startsWith("dir-");
        Path rules = work.resolve("rules.json");
        Files.writeString(
                rules,
                "[{\"type\": \"invoice\", \"description\": \"a bill with an amount due and payment terms\"},"
                        + " {\"type\": \"letter\", \"description\": \"personal correspondence\"}]");
        Run classify = batchctl("classify", "--directory", directory, "--rules", rules.toString(), "--watch");
        assertThat(classify.code()).as(classify.toString()).isZero();
        assertThat(classify.lastLine()).contains("classify completed");
        String job = classify.out().strip().split("\n")[0];
        String item = batchctl("items", job)
                .out()
                .lines()
                .filter(l -> l.contains("invoice.txt"))
                .findFirst()
                .orElseThrow()
                .split("\\s+")[0];
        assertThat(batchctl("result", item, "--format", "text").out()).startsWith("invoice");
    }

    @Test
    void parsesOneFileAndPrintsItsMarkdownTextOrJson() throws Exception {
        Path memo = Files.writeString(work.resolve("memo.txt"), "Delivery is due on the first of March.");
        Run markdown = batchctl("parse-file", memo.toString());
        assertThat(markdown.code()).as(markdown.toString()).isZero();
        assertThat(markdown.out()).contains("Delivery is due on the first of March.");
        assertThat(markdown.err()).contains("parse job ").contains("completed");
        Run text = batchctl(
                "parse-file", Corpus.file("parse/pdf/arxiv-2201.00200.pdf").toString(), "--format", "text");
        assertThat(text.code()).as(text.toString()).isZero();
        assertThat(text.out()).isNotBlank();
        Run json = batchctl("parse-file", memo.toString(), "--format", "json", "--tier", "agentic");
        assertThat(json.code()).as(json.toString()).isZero();
        assertThat(json.out()).contains("\"status\" : \"COMPLETED\"", "\"items\"", "\"metadata\"");
    }

    @Test
    void aParseFileOfABrokenDocumentExitsWithTwoAndTheJobsError() throws Exception {
        Path broken = work.resolve("broken-alone.pdf");
        Files.write(broken, "%PDF-1.7\nthis is not really a PDF".getBytes(StandardCharsets.US_ASCII));
        Run parse = batchctl("parse-file", broken.toString());
        assertThat(parse.code()).as(parse.toString()).isEqualTo(2);
        assertThat(parse.err()).containsPattern("batchctl: parse job \\S+ failed: \\S");
        assertThat(parse.out()).isEmpty();
    }

    @Test
    void classifiesOneFileAgainstRulesGivenOnTheCommandLineOrInAFile() throws Exception {
        Path bill = Files.writeString(
                work.resolve("bill.txt"), "INVOICE No. 2024-18. Amount due: 980.00 EUR. Payment terms: 14 days.");
        Run classify = batchctl(
                "classify-file",
                bill.toString(),
                "--rules",
                "invoice=a bill with an amount due and payment terms",
                "letter=personal correspondence");
        assertThat(classify.code()).as(classify.toString()).isZero();
        assertThat(classify.out()).startsWith("type: invoice\n").contains("confidence: 0.", "reasoning: ");
        Path rules = Files.writeString(
                work.resolve("letter-rules.json"),
                "[{\"type\": \"letter\", \"description\": \"personal correspondence starting with Dear\"},"
                        + " {\"type\": \"invoice\", \"description\": \"a bill with an amount due\"}]");
        Run fromFile = batchctl("classify-file", bill.toString(), "--rules", rules.toString());
        assertThat(fromFile.code()).as(fromFile.toString()).isZero();
        assertThat(fromFile.out()).startsWith("type: invoice\n");
    }

    @Test
    void readsTheUrlAndKeyFromFlagsEnvironmentOrAConfigFileAndSaysWhatIsWrong() throws Exception {
        Path config = work.resolve("batchctl.properties");
        Files.writeString(config, "url=" + sys.base() + "\napi_key=" + RunningSystem.KEY + "\n");
        assertThat(batchctl(Map.of(), "--config", config.toString(), "jobs").code())
                .isZero();
        assertThat(batchctl(Map.of("BATCHCTL_CONFIG", config.toString()), "jobs")
                        .code())
                .isZero();
        // A flag beats the environment, which beats the file.
        Run wrongKey = batchctl(Map.of("BATCHCTL_CONFIG", config.toString(), "BATCH_API_KEY", "llx-wrong"), "jobs");
        assertThat(wrongKey.code()).isEqualTo(1);
        assertThat(wrongKey.err()).contains("401");
        assertThat(batchctl(
                                Map.of("BATCHCTL_CONFIG", config.toString(), "BATCH_API_KEY", "llx-wrong"),
                                "--api-key",
                                RunningSystem.KEY,
                                "jobs")
                        .code())
                .isZero();
        Run unreachable = batchctl(Map.of(), "--url", "http://127.0.0.1:9", "jobs");
        assertThat(unreachable.code()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach http://127.0.0.1:9");
        Run unknownJob = batchctl("status", "bjb-nope");
        assertThat(unknownJob.code()).isEqualTo(1);
        assertThat(unknownJob.err()).contains("404").contains("bjb-nope");
        assertThat(batchctl("parse").err()).contains("give either a folder or --directory ID");
        assertThat(batchctl("--help").out())
                .contains("upload", "parse", "classify", "status", "jobs", "items", "result", "cancel", "retry")
                .contains("parse-file", "classify-file");
        Run help = batchctl("parse-file", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).startsWith("Usage: batchctl parse-file").contains("--tier", "--format");
    }
}
