package dev.batch.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A job's time limit: what it asks for, bounded by the service's ceilings. */
class TimeLimitTest {
    private final TimeLimit.Policy policy = new TimeLimit.Policy(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(60));

    @Test
    void anAbsurdAskGetsTheCeilingAndTheLimitSaysSo() {
        TimeLimit limit = policy.of("{\"parameters\": {\"job_timeout_in_seconds\": 1e300, \"job_timeout_extra_time_per_page_in_seconds\": 1e300}}");
        assertThat(limit.timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(limit.perPage()).isEqualTo(Duration.ofSeconds(60));
        assertThat(limit.basis()).isEqualTo("job_timeout_in_seconds, capped at this service's ceiling of 3600 s, plus 60 s per page"
                + " (job_timeout_extra_time_per_page_in_seconds, capped at this service's ceiling)");
        assertThat(policy.of("{\"parameters\": {\"job_timeout_in_seconds\": 86400}}").timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(policy.of("{\"parameters\": {\"job_timeout_in_seconds\": 1e999}}").timeout()).as("infinite").isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anAskWithinTheCeilingIsTakenAsItIs() {
        TimeLimit limit = policy.of("{\"parameters\": {\"job_timeout_in_seconds\": 30.5, \"job_timeout_extra_time_per_page_in_seconds\": 2}}");
        assertThat(limit.timeout()).isEqualTo(Duration.ofMillis(30_500));
        assertThat(limit.perPage()).isEqualTo(Duration.ofSeconds(2));
        assertThat(limit.basis()).isEqualTo("job_timeout_in_seconds, plus job_timeout_extra_time_per_page_in_seconds per page");
        assertThat(policy.of("{\"parameters\": {\"job_timeout_in_seconds\": \"45\"}}").timeout()).as("as text").isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void noUsableAskGetsTheDefaultBoundedByTheCeiling() {
        for (String config : new String[] {null, "{}", "not json", "{\"parameters\": {\"job_timeout_in_seconds\": -5}}",
                "{\"parameters\": {\"job_timeout_in_seconds\": \"soon\", \"job_timeout_extra_time_per_page_in_seconds\": -1}}"}) {
            TimeLimit limit = policy.of(config);
            assertThat(limit.timeout()).as(config).isEqualTo(Duration.ofMinutes(5));
            assertThat(limit.perPage()).as(config).isZero();
            assertThat(limit.basis()).as(config).isEqualTo("this service's default; the job set no job_timeout_in_seconds");
        }
        TimeLimit capped = new TimeLimit.Policy(Duration.ofHours(2), Duration.ofMinutes(30), Duration.ofSeconds(60)).of("{}");
        assertThat(capped.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(capped.basis()).isEqualTo("this service's ceiling of 1800 s");
    }
}
