package dev.batch.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    @Test
    void looksForPassedDeadlinesAsOftenAsTheirShortestPossibleLengthNeeds() {
        assertThat(Watchdog.DEFAULT.checkEvery()).as("10 min grace, 24 h jobs").isEqualTo(Duration.ofSeconds(30));
        assertThat(new Watchdog(Watchdog.DEFAULT.limits(), Duration.ofMinutes(2), Duration.ofHours(24)).checkEvery())
                .as("a tenth of a 2 min grace").isEqualTo(Duration.ofSeconds(12));
        assertThat(new Watchdog(Watchdog.DEFAULT.limits(), Duration.ofMinutes(10), Duration.ofSeconds(3)).checkEvery())
                .as("jobs of at most 3 s, but no more than once a second").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void givesUpOnAnItemAfterTwiceTheLimitTheWorkerAppliesNeverOverflowingOnAnAbsurdOne() {
        Watchdog w = Watchdog.DEFAULT;
        assertThat(w.itemLimit("{}")).as("the worker's default").isEqualTo(Duration.ofMinutes(5));
        assertThat(w.itemLimit("{\"parameters\": {\"job_timeout_in_seconds\": 30}}")).isEqualTo(Duration.ofSeconds(30));
        assertThat(w.itemLimit("{\"parameters\": {\"job_timeout_in_seconds\": 1e300}}")).as("the ceiling").isEqualTo(Duration.ofHours(1));
        assertThat(w.itemLimit("{\"parameters\": {\"job_timeout_in_seconds\": 10, \"job_timeout_extra_time_per_page_in_seconds\": 1e300,"
                + " \"max_pages\": 5}}")).isEqualTo(Duration.ofSeconds(10 + 5 * 60));
        assertThat(w.itemDeadline(Instant.EPOCH, "{\"parameters\": {\"job_timeout_in_seconds\": 1e300}}"))
                .isEqualTo(Instant.EPOCH.plus(Duration.ofHours(2)).plus(Watchdog.GRACE.defaultValue()));
    }
}
