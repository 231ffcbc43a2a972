package dev.batch.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.events.JobConfig;
import dev.batch.events.JobType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A job's time limit: what it asks for, bounded by the service's ceilings. */
class TimeLimitTest {
    private final TimeLimit.Policy policy =
            new TimeLimit.Policy(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(60));

    private static JobConfig asking(Double timeout, Double perPage) {
        return JobConfig.newBuilder()
                .setJobTimeoutInSeconds(timeout)
                .setJobTimeoutExtraTimePerPageInSeconds(perPage)
                .setParametersHash("h")
                .build();
    }

    @Test
    void anAskOverTheCeilingGetsTheCeilingAndTheLimitSaysSo() {
        TimeLimit limit = policy.of(asking(86_400.0, 3_600.0));
        assertThat(limit.timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(limit.perPage()).isEqualTo(Duration.ofSeconds(60));
        assertThat(limit.basis())
                .isEqualTo("job_timeout_in_seconds, capped at this service's ceiling of 3600 s, plus 60 s per page"
                        + " (job_timeout_extra_time_per_page_in_seconds, capped at this service's ceiling)");
        assertThat(policy.of(asking(Double.POSITIVE_INFINITY, null)).timeout())
                .as("infinite")
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anAskWithinTheCeilingIsTakenAsItIs() {
        TimeLimit limit = policy.of(asking(30.5, 2.0));
        assertThat(limit.timeout()).isEqualTo(Duration.ofMillis(30_500));
        assertThat(limit.perPage()).isEqualTo(Duration.ofSeconds(2));
        assertThat(limit.basis())
                .isEqualTo("job_timeout_in_seconds, plus job_timeout_extra_time_per_page_in_seconds per page");
        TimeLimit asText =
                policy.of(JobConfigs.read("{\"parameters\": {\"job_timeout_in_seconds\": \"45\"}}", JobType.parse));
        assertThat(asText.timeout()).as("as text").isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void noAskGetsTheDefaultBoundedByTheCeiling() {
        for (JobConfig config : new JobConfig[] {asking(null, null), asking(null, 0.0)}) {
            TimeLimit limit = policy.of(config);
            assertThat(limit.timeout()).as("%s", config).isEqualTo(Duration.ofMinutes(5));
            assertThat(limit.perPage()).as("%s", config).isZero();
            assertThat(limit.basis())
                    .as("%s", config)
                    .isEqualTo("this service's default; the job set no job_timeout_in_seconds");
        }
        TimeLimit capped = new TimeLimit.Policy(Duration.ofHours(2), Duration.ofMinutes(30), Duration.ofSeconds(60))
                .of(asking(null, null));
        assertThat(capped.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(capped.basis()).isEqualTo("this service's ceiling of 1800 s");
    }
}
