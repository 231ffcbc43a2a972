package dev.batch.tools.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of {@code scripts/chaos}: the system as separate processes (its own broker
 * process, API, splitter, two workers), workers, the splitter, the API and the broker killed
 * mid-job; every job ends with exact counts.
 */
class ChaosIT {
    @TempDir
    Path root;

    @Test
    void losesNoItemCountsNoneTwiceAndLeavesNoJobStuckWhenProcessesAreKilledMidJob() throws Exception {
        // The processes run the packaged application (package comes before the integration tests).
        Path target = Path.of("target").toAbsolutePath();
        String classpath = target.resolve("classes")
                + File.pathSeparator
                + Files.readString(target.resolve("classpath.txt")).strip();
        Chaos.Report report = new Chaos(root, classpath).run(true);
        assertThat(report.kills()).isGreaterThanOrEqualTo(6);
        assertThat(report.jobs()).isGreaterThanOrEqualTo(10);
        assertThat(report.clean()).as(report.line()).isTrue();
        assertThat(report.failedItems()).as("items failed").isZero();
    }
}
