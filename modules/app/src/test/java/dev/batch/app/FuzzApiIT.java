package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.app.fuzz.ApiFuzzer;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 generated hostile requests against the running system: no 5xx, no job from invalid input;
 * then another project finds none of what the first created, and reads nothing of it anywhere.
 */
@WithKafka
class FuzzApiIT {
    @TempDir
    Path data;

    @Test
    void answersTenThousandHostileRequestsWithoutAServerErrorOrAnInvalidJobAndShowsAnotherProjectNothingOfThem(TestKafka kafka) throws Exception {
        // The fuzzer sends as fast as it can; at the default rate limit it would wait out most of its 10,000 requests.
        try (RunningSystem sys = RunningSystem.start(kafka, data, "fuzz", Map.of("BATCH_RATE_LIMIT_PER_SECOND", "0"))) {
            long seed = Long.getLong("fuzz.seed", 20261128L);
            ApiFuzzer.Report report = new ApiFuzzer(sys.base(), RunningSystem.KEY, RunningSystem.OTHER_KEY, seed).run(Integer.getInteger("fuzz.requests", 10_000));
            assertThat(report.examples()).as(report.line() + " (seed " + seed + ")").isEmpty();
            assertThat(report.serverErrors()).isZero();
            assertThat(report.invalidJobsCreated()).isZero();
            assertThat(report.crossProjectReads()).as("the other project asked for the first one's objects").isGreaterThan(20);
            assertThat(report.crossProjectLeaks()).isZero();
        }
    }
}
