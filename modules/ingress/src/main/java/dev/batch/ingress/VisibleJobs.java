package dev.batch.ingress;

import dev.batch.common.query.JobQueries;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The jobs a caller may see: the aggregator's view, or (just created, not folded yet) the jobs this
 * instance accepted a moment ago. Another project's job is as invisible as one that does not exist.
 */
final class VisibleJobs {
    private final JobQueries jobs;
    private final RecentJobs recent = new RecentJobs(Duration.ofMinutes(5));
    private final Clock clock;

    VisibleJobs(JobQueries jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    JobQueries queries() {
        return jobs;
    }

    void accepted(JobView job, Instant now) {
        recent.put(job, now);
    }

    /** A deleted job: not shown as just accepted any more. */
    void forget(String jobId) {
        recent.forget(jobId);
    }

    /** The job as the API shows it, whichever project it belongs to (callers check). */
    Optional<JobView> view(String jobId) {
        return jobs.job(jobId).map(JobView::of).or(() -> recent.get(jobId, clock.instant()));
    }

    /** The job if it is the project's: its status, or a pending placeholder when only just accepted here. */
    JobStatus require(String jobId, String project) {
        Optional<JobStatus> status = jobs.job(jobId).filter(s -> project.equals(s.getProjectId()));
        if (status.isPresent()) return status.get();
        if (accepted(jobId, project).isPresent()) {
            return JobStatus.newBuilder()
                    .setJobId(jobId)
                    .setProjectId(project)
                    .setStatus(JobState.pending)
                    .build();
        }
        throw ApiException.notFound("job " + jobId);
    }

    /** The project's job as accepted by this instance, before the aggregator has folded it. */
    Optional<JobView> accepted(String jobId, String project) {
        return recent.get(jobId, clock.instant()).filter(j -> project.equals(j.projectId()));
    }
}
