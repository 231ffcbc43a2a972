package dev.batch.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    @Test
    void looksForPassedDeadlinesAsOftenAsTheirShortestPossibleLengthNeeds() {
        assertThat(Watchdog.DEFAULT.checkEvery()).as("10 min grace, 24 h jobs").isEqualTo(Duration.ofSeconds(30));
        assertThat(new Watchdog(Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofHours(24)).checkEvery())
                .as("a tenth of a 2 min grace").isEqualTo(Duration.ofSeconds(12));
        assertThat(new Watchdog(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofSeconds(3)).checkEvery())
                .as("jobs of at most 3 s, but no more than once a second").isEqualTo(Duration.ofSeconds(1));
    }
}
