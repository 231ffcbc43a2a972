package dev.batch.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.jobs.JobConfigs;
import dev.batch.events.JobConfig;
import dev.batch.events.JobType;
import dev.batch.events.ParseConfig;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    @Test
    void looksForPassedDeadlinesAsOftenAsTheirShortestPossibleLengthNeeds() {
        assertThat(Watchdog.DEFAULT.checkEvery()).as("10 min grace, 24 h jobs").isEqualTo(Duration.ofSeconds(30));
        assertThat(new Watchdog(Watchdog.DEFAULT.limits(), Duration.ofMinutes(2), Duration.ofHours(24)).checkEvery())
                .as("a tenth of a 2 min grace")
                .isEqualTo(Duration.ofSeconds(12));
        assertThat(new Watchdog(Watchdog.DEFAULT.limits(), Duration.ofMinutes(10), Duration.ofSeconds(3)).checkEvery())
                .as("jobs of at most 3 s, but no more than once a second")
                .isEqualTo(Duration.ofSeconds(1));
    }

    private static JobConfig asking(Double timeout, Double perPage, Integer maxPages) {
        return JobConfig.newBuilder()
                .setJobTimeoutInSeconds(timeout)
                .setJobTimeoutExtraTimePerPageInSeconds(perPage)
                .setParse(ParseConfig.newBuilder().setMaxPages(maxPages).build())
                .setParametersHash("h")
                .build();
    }

    @Test
    void givesUpOnAnItemAfterTwiceTheLimitTheWorkerAppliesNeverOverflowingOnAnAbsurdOne() {
        Watchdog w = Watchdog.DEFAULT;
        assertThat(w.itemLimit(null)).as("no config: the worker's default").isEqualTo(Duration.ofMinutes(5));
        assertThat(w.itemLimit(asking(null, null, null)))
                .as("the worker's default")
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(w.itemLimit(
                        JobConfigs.read("{\"parameters\": {\"job_timeout_in_seconds\": \"30\"}}", JobType.parse)))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(w.itemLimit(asking(1e300, null, null))).as("the ceiling").isEqualTo(Duration.ofHours(1));
        assertThat(w.itemLimit(asking(10.0, 1e300, 5))).isEqualTo(Duration.ofSeconds(10 + 5 * 60));
        assertThat(w.itemLimit(asking(10.0, 1.0, null)))
                .as("1,000 pages at most")
                .isEqualTo(Duration.ofSeconds(10 + 1000));
        assertThat(w.itemDeadline(Instant.EPOCH, asking(1e300, null, null)))
                .isEqualTo(Instant.EPOCH.plus(Duration.ofHours(2)).plus(Watchdog.GRACE.defaultValue()));
    }
}
