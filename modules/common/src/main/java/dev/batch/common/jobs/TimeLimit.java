package dev.batch.common.jobs;

import dev.batch.events.JobConfig;
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
        /** The time limit of a job, from what its config asks (null: a job that asks nothing). */
        public TimeLimit of(JobConfig config) {
            Double timeoutAsked = config == null ? null : config.getJobTimeoutInSeconds();
            double asked = timeoutAsked == null ? 0 : timeoutAsked;
            Duration timeout;
            String basis;
            if (asked > 0) {
                boolean capped = asked > maxTimeout.toNanos() / 1e9;
                timeout = capped ? maxTimeout : Duration.ofMillis((long) Math.ceil(asked * 1000));
                basis = capped
                        ? "job_timeout_in_seconds, capped at this service's ceiling of " + seconds(maxTimeout) + " s"
                        : "job_timeout_in_seconds";
            } else if (byDefault.compareTo(maxTimeout) > 0) {
                timeout = maxTimeout;
                basis = "this service's ceiling of " + seconds(maxTimeout) + " s";
            } else {
                timeout = byDefault;
                basis = "this service's default; the job set no job_timeout_in_seconds";
            }
            Double extra = config == null ? null : config.getJobTimeoutExtraTimePerPageInSeconds();
            Duration perPage = Duration.ZERO;
            if (extra != null && extra > 0) {
                boolean capped = extra > maxPerPage.toNanos() / 1e9;
                perPage = capped ? maxPerPage : Duration.ofMillis((long) Math.ceil(extra * 1000));
                basis += capped
                        ? ", plus " + seconds(maxPerPage) + " s per page (job_timeout_extra_time_per_page_in_seconds,"
                                + " capped at this service's ceiling)"
                        : ", plus job_timeout_extra_time_per_page_in_seconds per page";
            }
            return new TimeLimit(timeout, perPage, basis);
        }
    }

    public static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis())
                .movePointLeft(3)
                .stripTrailingZeros()
                .toPlainString();
    }
}
