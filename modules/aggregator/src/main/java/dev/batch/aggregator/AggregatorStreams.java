package dev.batch.aggregator;

import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.StreamsService;
import dev.batch.common.kafka.Topics;
import dev.batch.common.query.JobQueries;
import dev.batch.events.ItemState;
import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import dev.batch.events.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * This instance's Kafka Streams application of the aggregator ({@link AggregatorTopology}),
 * answering job queries from its own state stores only: {@link AggregatorService} routes a
 * question to the instance that owns the job.
 */
public class AggregatorStreams extends StreamsService implements JobQueries {
    private final Topics topics;

    public AggregatorStreams(KafkaSettings kafka, Path stateDir) {
        this(kafka, stateDir, new Properties());
    }

    /** {@code overrides} are added to the Streams config (e.g. {@code application.server}). */
    public AggregatorStreams(KafkaSettings kafka, Path stateDir, Properties overrides) {
        this(kafka, stateDir, overrides, Watchdog.DEFAULT);
    }

    public AggregatorStreams(KafkaSettings kafka, Path stateDir, Properties overrides, Watchdog watchdog) {
        this(kafka, stateDir, overrides, watchdog, Retention.DEFAULT);
    }

    public AggregatorStreams(
            KafkaSettings kafka, Path stateDir, Properties overrides, Watchdog watchdog, Retention retention) {
        super(
                "aggregator",
                AggregatorTopology.build(kafka.topics(), watchdog, retention),
                props(kafka, stateDir, overrides),
                Duration.ofSeconds(90));
        this.topics = kafka.topics();
    }

    /** The Streams config the aggregator runs with; topology tests use it too. */
    static Properties props(KafkaSettings kafka, Path stateDir, Properties overrides) {
        // The status API reads the store, which holds each result before the commit: the interval is a free choice.
        Properties p =
                baseProps(kafka, kafka.topics().applicationId("aggregator"), stateDir, kafka.statusCommitInterval());
        p.putAll(overrides);
        return p;
    }

    @Override
    public Optional<JobStatus> job(String jobId) {
        return Optional.ofNullable(store(StoreSpecs.JOB_STATUS).get(jobId));
    }

    @Override
    public Optional<JobRequested> request(String jobId) {
        return Optional.ofNullable(store(StoreSpecs.JOB_REQUESTS).get(jobId));
    }

    @Override
    public Slice<JobStatus> jobs(String projectId, JobFilter filter, int offset, int limit) {
        List<JobStatus> matches = localJobs(projectId, filter);
        matches.sort(NEWEST_FIRST);
        return new Slice<>(slice(matches, offset, limit), matches.size());
    }

    /** Every job of a project held by this instance that passes the filter, unsorted. */
    List<JobStatus> localJobs(String projectId, JobFilter filter) {
        return projectJobs(store(StoreSpecs.JOB_PROJECT_INDEX), store(StoreSpecs.JOB_STATUS), projectId, filter);
    }

    /**
     * The jobs of a project that pass the filter: reads the project's key range of the index and
     * those jobs, none of another project. Newest first within each partition's store.
     */
    static List<JobStatus> projectJobs(
            ReadOnlyKeyValueStore<String, String> index,
            ReadOnlyKeyValueStore<String, JobStatus> jobs,
            String projectId,
            JobFilter filter) {
        List<JobStatus> matches = new ArrayList<>();
        try (KeyValueIterator<String, String> it =
                index.prefixScan(AggregatorTopology.projectJobsPrefix(projectId), new StringSerializer())) {
            while (it.hasNext()) {
                JobStatus s = jobs.get(it.next().value);
                if (s != null && projectId.equals(s.getProjectId()) && filter.matches(s)) matches.add(s);
            }
        }
        return matches;
    }

    /** How many jobs of each type and state this instance holds (its share of the job keys). */
    Map<String, Long> localCounts() {
        Map<String, Long> counts = new HashMap<>();
        try (KeyValueIterator<String, JobStatus> it =
                store(StoreSpecs.JOB_STATUS).all()) {
            while (it.hasNext()) {
                JobStatus s = it.next().value;
                if (s != null)
                    counts.merge(s.getJobType().name() + "/" + s.getStatus().name(), 1L, Long::sum);
            }
        }
        return counts;
    }

    static final Comparator<JobStatus> NEWEST_FIRST = Comparator.comparing(
                    (JobStatus s) -> s.getCreatedAt() == null ? Instant.EPOCH : s.getCreatedAt())
            .reversed()
            .thenComparing(JobStatus::getJobId);

    @Override
    public Optional<JobItem> item(String jobId, String itemId) {
        return Optional.ofNullable(store(StoreSpecs.JOB_ITEMS).get(AggregatorTopology.itemKey(jobId, itemId)));
    }

    @Override
    public Slice<JobItem> items(String jobId, ItemState status, int offset, int limit) {
        List<JobItem> page = new ArrayList<>();
        long total = 0;
        try (KeyValueIterator<String, JobItem> it =
                store(StoreSpecs.JOB_ITEMS).prefixScan(jobId + "/", new StringSerializer())) {
            while (it.hasNext()) {
                JobItem item = it.next().value;
                if (item == null || (status != null && item.getStatus() != status)) continue;
                if (total >= offset && page.size() < limit) page.add(item);
                total++;
            }
        }
        return new Slice<>(page, total);
    }

    static <T> List<T> slice(List<T> all, int offset, int limit) {
        if (offset >= all.size()) return List.of();
        return new ArrayList<>(all.subList(offset, Math.min(all.size(), offset + limit)));
    }
}
