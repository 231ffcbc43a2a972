package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.batch.testkit.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser JVMs, really started, on real documents: each answer belongs to its own request. */
class ParserPoolTest {
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
            ParserPool.Outcome next = parse(pool, "parse/pptx/tika__testPPT.pptx", second, Duration.ofMinutes(2), Duration.ZERO);

            assertThat(next.ok()).as(next.message()).isTrue();
            assertThat(Files.readString(second)).contains("Attachment Test").doesNotContain("convective overshooting");
            assertThat(first).as("the absurd limit's own outcome (thrown: %s)", thrown).isNotNull();
            assertThat(first.ok()).as(first.message()).isTrue();
            assertThat(Files.readString(dir.resolve("first.json"))).contains("Local heating due to convective overshooting");
        }
    }

    @Test
    void aParserProcessThatAnswersAnotherRequestIsReplaced() throws Exception {
        try (ParserPool pool = new ParserPool(1, "64m", List.of(), StaleAnswerChild.class.getName())) {
            pool.warmUp();
            List<ProcessHandle> before = pool.processes();
            assertThat(before).hasSize(1);

            ParserPool.Outcome o = parse(pool, "parse/pptx/tika__testPPT.pptx", dir.resolve("out.json"), Duration.ofMinutes(1), Duration.ZERO);

            assertThat(o.ok()).isFalse();
            assertThat(o.code()).isEqualTo("PARSER_CRASHED");
            assertThat(o.message()).contains("tika__testPPT.pptx");
            await().atMost(Duration.ofSeconds(10)).until(() -> !before.get(0).isAlive());
        }
    }

    @Test
    void aParseThatPassesItsLimitKillsItsProcessAndTheNextRequestGetsItsOwnAnswer() throws Exception {
        try (ParserPool pool = new ParserPool(1, "512m")) {
            pool.warmUp();
            List<ProcessHandle> before = pool.processes();

            ParserPool.Outcome late = parse(pool, "parse/pdf/arxiv-2201.00200.pdf", dir.resolve("late.json"), Duration.ofMillis(1), Duration.ZERO);

            assertThat(late.code()).isEqualTo("TIMEOUT");
            assertThat(before).singleElement().matches(p -> !p.isAlive(), "killed");
            Path next = dir.resolve("next.json");
            assertThat(parse(pool, "parse/pptx/tika__testPPT.pptx", next, Duration.ofMinutes(2), Duration.ZERO).ok()).isTrue();
            assertThat(Files.readString(next)).contains("Attachment Test");
        }
    }

    @Test
    void killingAProcessEndsTheProcessesItStartedToo() throws Exception {
        // Stands for a parser JVM running Tesseract: a process with children of its own.
        Process root = new ProcessBuilder("sh", "-c", "sleep 1000 & sleep 1000 & wait").start();
        List<ProcessHandle> children = List.of();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> root.descendants().count() == 2);
            children = root.descendants().toList();

            ParserPool.destroyTree(root.toHandle(), Duration.ofSeconds(10));

            assertThat(root.isAlive()).isFalse();
            assertThat(children).noneMatch(ProcessHandle::isAlive);
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
            root.destroyForcibly();
        }
    }

    private static ParserPool.Outcome parse(ParserPool pool, String doc, Path out, Duration timeout, Duration perPage) throws Exception {
        Path input = Corpus.file(doc);
        return pool.parse(input, out, null, input.getFileName().toString(), "{}", "job-1", "item-" + out.getFileName(), "file-1",
                "proj", timeout, perPage);
    }
}
