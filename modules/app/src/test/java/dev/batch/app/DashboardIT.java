package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.testkit.Corpus;
import dev.batch.testkit.RequiredTools;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in Debian's headless Chromium, driven by playwright-core
 * ({@code compat/dashboard/e2e.mjs}): key, folder upload, a parse job watched to the end, results page
 * by page (a 10-Q filing's screenshots with one outline per table and heading box, where the result's
 * {@code bbox} scaled to the image says), a classify job and its classification, an extract job and its
 * fields, one file parsed on its
 * own (a standalone parse job followed to the end: its details, its pages rendered by the server with
 * their headings outlined, a failed one, the recent list); the screenshot lands in
 * {@code modules/app/target/dashboard.png}.
 */
@WithKafka
class DashboardIT {
    @TempDir
    Path data;

    @TempDir
    Path folder;

    @Test
    void uploadsAFolderStartsJobsWatchesThemFinishAndShowsResultsInABrowser(TestKafka kafka) throws Exception {
        RequiredTools.require(RequiredTools.NODE, "node", "--version");
        RequiredTools.require(RequiredTools.CHROMIUM, "/usr/bin/chromium", "--version");
        Path e2e = NodeScripts.install("dashboard", "playwright-core");
        Path upload = Files.createDirectories(folder.resolve("inbox"));
        Files.writeString(
                upload.resolve("note.txt"),
                "The delivery is due on the first of March.\n\n- pallets: 4\n- weight: 1.2 t\n");
        Files.copy(Corpus.file("parse/pdf/arxiv-2201.00200.pdf"), upload.resolve("paper.pdf"));
        Files.copy(Corpus.file("parse/pdf/sec10q-2022_Q3_AAPL.pdf"), upload.resolve("filing.pdf"));
        Path screenshot = Path.of("target/dashboard.png").toAbsolutePath();
        try (RunningSystem sys = RunningSystem.start(kafka, data, "dashboard", Map.of())) {
            String out = NodeScripts.run(
                    e2e,
                    "e2e.mjs",
                    Map.of(
                            "BATCH_URL",
                            sys.base(),
                            "BATCH_API_KEY",
                            RunningSystem.KEY,
                            "FOLDER",
                            upload.toString(),
                            "SCREENSHOT",
                            screenshot.toString()));
            assertThat(out).contains("DASHBOARD E2E: all steps passed");
        }
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }
}
