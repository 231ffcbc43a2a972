package dev.batch.ingress;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Jobs this instance accepted in the last minutes, so that a status request sent right after
 * create answers {@code pending} even before the aggregator has folded the request (read your
 * writes). Bounded in size and age.
 */
final class RecentJobs {
    private static final int MAX = 10_000;
    private final Duration ttl;
    private final Map<String, Entry> jobs = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX;
        }
    };

    RecentJobs(Duration ttl) {
        this.ttl = ttl;
    }

    synchronized void put(JobView job, Instant now) {
        jobs.put(job.id(), new Entry(job, now));
    }

    synchronized void forget(String jobId) {
        jobs.remove(jobId);
    }

    synchronized Optional<JobView> get(String jobId, Instant now) {
        Entry e = jobs.get(jobId);
        if (e == null) return Optional.empty();
        if (e.at.plus(ttl).isBefore(now)) {
            jobs.remove(jobId);
            return Optional.empty();
        }
        return Optional.of(e.job);
    }

    private record Entry(JobView job, Instant at) {}
}
