package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.batch.common.jobs.JobConfigs;
import dev.batch.common.jobs.TimeLimit;
import dev.batch.events.ErrorCode;
import dev.batch.events.JobConfig;
import dev.batch.events.JobType;
import dev.batch.testkit.Corpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser JVMs, really started, on real documents: each answer belongs to its own request. */
class ParserPoolTest {
    private static final JobConfig PLAIN = JobConfigs.read("{}", JobType.parse);

    @TempDir
    Path dir;

    @Test
    void nextRequestGetsItsOwnAnswerAfterAnAbsurdTimeout() throws Exception {
        try (ParserPool pool = new ParserPool(1, "512m")) {
            // What job_timeout_in_seconds: 1e300 comes to: more nanoseconds than a long holds.
            Duration absurd = Duration.ofMillis(Long.MAX_VALUE);
            ParserPool.Outcome first = null;
            RuntimeException thrown = null;
            try {
                first = parse(pool, "parse/pdf/arxiv-2201.00200.pdf", dir.resolve("first.json"), absurd, absurd);
            } catch (RuntimeException e) {
                thrown = e; // a worker goes on to its next item whatever this one came to
            }
            Path second = dir.resolve("second.json");
            ParserPool.Outcome next =
                    parse(pool, "parse/pptx/tika__testPPT.pptx", second, Duration.ofMinutes(2), Duration.ZERO);

            assertThat(next.ok()).as(next.message()).isTrue();
            assertThat(Files.readString(second)).contains("Attachment Test").doesNotContain("convective overshooting");
            assertThat(first)
                    .as("the absurd limit's own outcome (thrown: %s)", thrown)
                    .isNotNull();
            assertThat(first.ok()).as(first.message()).isTrue();
            assertThat(Files.readString(dir.resolve("first.json")))
                    .contains("Local heating due to convective overshooting");
        }
    }

    @Test
    void aParserProcessThatAnswersAnotherRequestIsReplaced() throws Exception {
        try (ParserPool pool = new ParserPool(1, "64m", List.of(), StaleAnswerChild.class.getName())) {
            pool.warmUp();
            List<ProcessHandle> before = pool.processes();
            assertThat(before).hasSize(1);

            ParserPool.Outcome o = parse(
                    pool,
                    "parse/pptx/tika__testPPT.pptx",
                    dir.resolve("out.json"),
                    Duration.ofMinutes(1),
                    Duration.ZERO);

            assertThat(o.ok()).isFalse();
            assertThat(o.code()).isEqualTo(ErrorCode.PARSER_CRASHED);
            assertThat(o.message()).contains("tika__testPPT.pptx");
            await().atMost(Duration.ofSeconds(10)).until(() -> !before.get(0).isAlive());
        }
    }

    @Test
    void aParseThatPassesItsLimitKillsItsProcessAndTheNextRequestGetsItsOwnAnswer() throws Exception {
        try (ParserPool pool = new ParserPool(1, "512m")) {
            pool.warmUp();
            List<ProcessHandle> before = pool.processes();

            ParserPool.Outcome late = parse(
                    pool,
                    "parse/pdf/arxiv-2201.00200.pdf",
                    dir.resolve("late.json"),
                    Duration.ofMillis(1),
                    Duration.ZERO);

            assertThat(late.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(late.message())
                    .isEqualTo("parsing arxiv-2201.00200.pdf took longer than the limit of 0.001 s (the test's limit)");
            assertThat(before).singleElement().matches(p -> !p.isAlive(), "killed");
            Path next = dir.resolve("next.json");
            assertThat(parse(pool, "parse/pptx/tika__testPPT.pptx", next, Duration.ofMinutes(2), Duration.ZERO)
                            .ok())
                    .isTrue();
            assertThat(Files.readString(next)).contains("Attachment Test");
        }
    }

    @Test
    void aStoredFileThatCannotBeReadOrWrittenFailsWithoutNamingWhereItIs() throws Exception {
        try (ParserPool pool = new ParserPool(1, "512m")) {
            Path gone = dir.resolve("content").resolve("gone.pdf");
            ParserPool.Outcome unread = pool.parse(
                    gone,
                    dir.resolve("out.json"),
                    null,
                    "gone.pdf",
                    PLAIN,
                    "job-1",
                    "item-1",
                    "file-1",
                    "proj",
                    new TimeLimit(Duration.ofMinutes(1), Duration.ZERO, "the test's limit"));
            assertThat(unread.code()).isEqualTo(ErrorCode.PARSE_ERROR);
            assertThat(unread.message()).isEqualTo("could not read the stored file of gone.pdf; " + ErrorText.RETRY);

            Path input = Corpus.file("parse/pptx/tika__testPPT.pptx");
            ParserPool.Outcome unwritten = pool.parse(
                    input,
                    dir.resolve("no-such-folder").resolve("out.json"),
                    null,
                    "deck.pptx",
                    PLAIN,
                    "job-1",
                    "item-2",
                    "file-2",
                    "proj",
                    new TimeLimit(Duration.ofMinutes(1), Duration.ZERO, "the test's limit"));
            assertThat(unwritten.code()).isEqualTo(ErrorCode.PARSE_ERROR);
            assertThat(unwritten.message()).isEqualTo("could not store the result of deck.pptx; " + ErrorText.RETRY);
        }
    }

    @Test
    void killingAProcessEndsTheProcessesItStartedToo() throws Exception {
        // Stands for a parser JVM running Tesseract: a process with children of its own.
        Process root = new ProcessBuilder("sh", "-c", "sleep 1000 & sleep 1000 & wait").start();
        List<ProcessHandle> children = List.of();
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> root.descendants().count() == 2);
            children = root.descendants().toList();

            ParserJvm.destroyTree(root.toHandle(), Duration.ofSeconds(10));

            assertThat(root.isAlive()).isFalse();
            assertThat(children).noneMatch(ProcessHandle::isAlive);
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
            root.destroyForcibly();
        }
    }

    @Test
    void aParserProcessGetsOnlyTheVariablesItNeeds() {
        Map<String, String> worker = new HashMap<>(Map.of(
                "PATH",
                "/usr/bin:/bin",
                "HOME",
                "/home/batch",
                "LANG",
                "C.UTF-8",
                "LC_ALL",
                "C.UTF-8",
                "TESSDATA_PREFIX",
                "/usr/share/tessdata",
                "BATCH_TESSERACT",
                "/opt/tesseract",
                "OMP_THREAD_LIMIT",
                "1",
                "BATCH_LOG_FORMAT",
                "JSON"));
        Map<String, String> kept = Map.copyOf(worker);
        worker.putAll(Map.of(
                "BATCH_API_KEYS",
                "proj-a:key-a",
                "BATCH_API_KEY",
                "key",
                "BATCH_LLM_API_KEY",
                "sk-llm",
                "AWS_ACCESS_KEY_ID",
                "AKIA",
                "AWS_SECRET_ACCESS_KEY",
                "secret",
                "AWS_SESSION_TOKEN",
                "token",
                "GITHUB_TOKEN",
                "ghp",
                "DB_PASSWORD",
                "pw",
                "JAVA_TOOL_OPTIONS",
                "-javaagent:apm.jar -Dapm.key=k",
                "BATCH_BLOB_STORE",
                "s3://bucket/prefix"));

        assertThat(ParserJvm.childEnvironment(worker)).isEqualTo(kept);
    }

    @Test
    void aParserProcessDoesNotInheritTheWorkersSecrets() throws Exception {
        // Set for this JVM by the worker's pom (surefire's environmentVariables).
        assertThat(System.getenv()).containsKeys("BATCH_LLM_API_KEY", "AWS_SECRET_ACCESS_KEY", "PATH");
        try (ParserPool pool = new ParserPool(1, "256m")) {
            pool.warmUp();
            Map<String, String> env = environment(pool.processes().get(0));

            assertThat(env)
                    .doesNotContainKeys("BATCH_LLM_API_KEY", "AWS_SECRET_ACCESS_KEY")
                    .containsEntry("PATH", System.getenv("PATH"));
            assertThat(String.join("\n", env.values()))
                    .doesNotContain(System.getenv("BATCH_LLM_API_KEY"), System.getenv("AWS_SECRET_ACCESS_KEY"));
        }
    }

    /** What a running process was started with, from /proc (Linux). */
    private static Map<String, String> environment(ProcessHandle p) throws Exception {
        Map<String, String> env = new HashMap<>();
        for (String entry : new String(
                        Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ")), StandardCharsets.UTF_8)
                .split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return env;
    }

    private static ParserPool.Outcome parse(ParserPool pool, String doc, Path out, Duration timeout, Duration perPage)
            throws Exception {
        Path input = Corpus.file(doc);
        return pool.parse(
                input,
                out,
                null,
                input.getFileName().toString(),
                PLAIN,
                "job-1",
                "item-" + out.getFileName(),
                "file-1",
                "proj",
                new TimeLimit(timeout, perPage, "the test's limit"));
    }
}
