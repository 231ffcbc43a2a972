package dev.batch.tools.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.app.BatchSystem;
import dev.batch.common.config.Config;
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
    private static final String KEY = "llx-test-key";
    private static final String OTHER_KEY = "llx-other-project-key";

    @TempDir
    Path data;

    @Test
    void answersTenThousandHostileRequestsWithoutAServerErrorOrAnInvalidJobAndShowsAnotherProjectNothingOfThem(
            TestKafka kafka) throws Exception {
        Map<String, String> config = Map.of(
                "BATCH_KAFKA_BOOTSTRAP",
                kafka.bootstrap(),
                "BATCH_TOPIC_NAMESPACE",
                TestKafka.newNamespace("fuzz"),
                "BATCH_PARTITIONS",
                "3",
                "BATCH_DATA_DIR",
                data.toString(),
                "BATCH_HTTP_PORT",
                "0",
                "BATCH_API_KEY",
                KEY,
                "BATCH_API_KEYS",
                OTHER_KEY + "=other-project",
                // The fuzzer sends as fast as it can; at the default rate limit it would wait out most of its 10,000
                // requests.
                "BATCH_RATE_LIMIT_PER_SECOND",
                "0");
        try (BatchSystem system = BatchSystem.start(Config.of(config))) {
            long seed = Long.getLong("fuzz.seed", 20261128L);
            ApiFuzzer.Report report = new ApiFuzzer("http://localhost:" + system.httpPort(), KEY, OTHER_KEY, seed)
                    .run(Integer.getInteger("fuzz.requests", 10_000));
            assertThat(report.examples())
                    .as(report.line() + " (seed " + seed + ")")
                    .isEmpty();
            assertThat(report.serverErrors()).isZero();
            assertThat(report.invalidJobsCreated()).isZero();
            assertThat(report.crossProjectReads())
                    .as("the other project asked for the first one's objects")
                    .isGreaterThan(20);
            assertThat(report.crossProjectLeaks()).isZero();
        }
    }
}
