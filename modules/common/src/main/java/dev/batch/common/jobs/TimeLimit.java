package dev.batch.common.jobs;

import dev.batch.events.JobConfig;
import dev.batch.events.JobType;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * How long one document may parse: {@code timeout}, plus {@code perPage} for each page the parser
 * announces it will read. {@code basis} says where the figures came from, for the message of an
 * item that runs out of time.
 */
public record TimeLimit(Duration timeout, Duration perPage, String basis) {
    /**
     * The service's side: the limit of a job that sets none, and the most any job gets, whatever it
     * asks ({@code job_timeout_in_seconds}, {@code job_timeout_extra_time_per_page_in_seconds}).
     * A job produced straight to Kafka is bounded as well as one that came through the API.
     */
    public record Policy(Duration byDefault, Duration maxTimeout, Duration maxPerPage) {
        /** The time limit of a job, from what its config asks. */
        public TimeLimit of(JobConfig config) {
            double asked = config.getJobTimeoutInSeconds() == null ? 0 : config.getJobTimeoutInSeconds();
            Duration timeout;
            String basis;
            if (asked > 0) {
                boolean capped = asked > maxTimeout.toNanos() / 1e9;
                timeout = capped ? maxTimeout : Duration.ofMillis((long) Math.ceil(asked * 1000));
                basis = capped ? "job_timeout_in_seconds, capped at this service's ceiling of " + seconds(maxTimeout) + " s"
                        : "job_timeout_in_seconds";
            } else if (byDefault.compareTo(maxTimeout) > 0) {
                timeout = maxTimeout;
                basis = "this service's ceiling of " + seconds(maxTimeout) + " s";
            } else {
                timeout = byDefault;
                basis = "this service's default; the job set no job_timeout_in_seconds";
            }
            Double extra = config.getJobTimeoutExtraTimePerPageInSeconds();
            Duration perPage = Duration.ZERO;
            if (extra != null && extra > 0) {
                boolean capped = extra > maxPerPage.toNanos() / 1e9;
                perPage = capped ? maxPerPage : Duration.ofMillis((long) Math.ceil(extra * 1000));
                basis += capped ? ", plus " + seconds(maxPerPage) + " s per page (job_timeout_extra_time_per_page_in_seconds,"
                        + " capped at this service's ceiling)" : ", plus job_timeout_extra_time_per_page_in_seconds per page";
            }
            return new TimeLimit(timeout, perPage, basis);
        }

        /** A job's time limit from its config's JSON, for readers not yet given a {@link JobConfig}; one that cannot be read gets the default. */
        public TimeLimit of(String jobConfigJson) {
            JobConfig config;
            try {
                config = JobConfigs.read(jobConfigJson, JobType.parse);
            } catch (JobRequestValidator.Invalid e) {
                config = JobConfig.newBuilder().setParametersHash("").build();
            }
            return of(config);
        }
    }

    public static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }
}
