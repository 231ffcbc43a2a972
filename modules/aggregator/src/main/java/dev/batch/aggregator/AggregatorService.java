package dev.batch.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.Topics;
import dev.batch.common.lifecycle.Service;
import dev.batch.common.query.JobQueries;
import dev.batch.common.query.KeyOwners;
import dev.batch.common.query.KeyOwners.Owner;
import dev.batch.common.query.NotAvailableException;
import dev.batch.common.query.QueryClient;
import dev.batch.common.query.QueryServer;
import dev.batch.events.ItemState;
import dev.batch.events.JobItem;
import dev.batch.events.JobOrigin;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobStatus;
import dev.batch.events.JobType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The aggregator as a process runs it: its Kafka Streams instance ({@link AggregatorStreams}), the
 * {@link JobBlobRemover} deleting removed jobs' blobs, the internal query endpoint, and the {@link JobQueries} every API instance uses. A question about
 * one job goes to the instance that owns the job's key (Streams metadata), answered locally or
 * forwarded over HTTP ({@link KeyOwners}); a listing asks every instance and merges. Forwarding errors surface as
 * {@link NotAvailableException} (503).
 */
public final class AggregatorService implements Service, JobQueries {

    private final KafkaSettings kafka;
    private final Path stateDir;
    private final QueryServer server;
    private final Watchdog watchdog;
    private final Retention retention;
    private final QueryClient remote;
    private final Topics topics;
    private volatile AggregatorStreams local;
    private volatile KeyOwners owners;
    private volatile JobBlobRemover remover;

    /** {@code server}: the instance's internal query endpoint, started by whoever runs this (it serves several services). */
    public AggregatorService(
            KafkaSettings kafka, Path stateDir, QueryServer server, Watchdog watchdog, Retention retention) {
        this.kafka = kafka;
        this.retention = retention;
        this.stateDir = stateDir;
        this.server = server;
        this.watchdog = watchdog;
        this.remote = server.client("aggregator");
        this.topics = kafka.topics();
    }

    @Override
    public String name() {
        return "aggregator";
    }

    @Override
    public void start() throws Exception {
        Properties overrides = new Properties();
        overrides.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server.applicationServer());
        AggregatorStreams streams = new AggregatorStreams(kafka, stateDir, overrides, watchdog, retention);
        local = streams;
        owners = new KeyOwners("aggregator", streams::streams, server.advertised());
        server.register("aggregator", (path, q) -> answer(streams, path, q));
        streams.start();
        JobBlobRemover blobs = new JobBlobRemover(kafka, retention.blobs(), JobBlobRemover.RETRY_DELAYS);
        remover = blobs;
        blobs.start();
    }

    @Override
    public boolean ready() {
        AggregatorStreams l = local;
        JobBlobRemover r = remover;
        return l != null && l.ready() && r != null && r.running();
    }

    @Override
    public void stop() {
        AggregatorStreams l = local;
        if (l != null) l.stop();
        JobBlobRemover r = remover;
        if (r != null) r.close();
    }

    /** This instance's Streams application (null before the start), for what reads its stores directly: a benchmark. */
    public AggregatorStreams local() {
        return local;
    }

    /** Whether this instance owns the job's key right now (tests and diagnostics). */
    public boolean ownsJob(String jobId) {
        return owner(jobId).local();
    }

    private Owner owner(String jobId) {
        return owners().owner(StoreSpecs.JOB_STATUS, jobId);
    }

    private KeyOwners owners() {
        KeyOwners o = owners;
        if (o == null) throw new NotAvailableException("the aggregator is not started");
        return o;
    }

    @Override
    public Optional<JobStatus> job(String jobId) {
        Owner owner = owner(jobId);
        if (owner.local()) return local.job(jobId);
        return remote.get(owner.host(), "/jobs/" + QueryClient.enc(jobId))
                .map(n -> QueryServer.decode(JobStatus.class, n.get("record").asText()));
    }

    @Override
    public Optional<JobRequested> request(String jobId) {
        Owner owner = owner(jobId);
        if (owner.local()) return local.request(jobId);
        return remote.get(owner.host(), "/jobs/" + QueryClient.enc(jobId) + "/request")
                .map(n -> QueryServer.decode(JobRequested.class, n.get("record").asText()));
    }

    @Override
    public Optional<JobItem> item(String jobId, String itemId) {
        Owner owner = owner(jobId);
        if (owner.local()) return local.item(jobId, itemId);
        return remote.get(owner.host(), "/jobs/" + QueryClient.enc(jobId) + "/items/" + QueryClient.enc(itemId))
                .map(n -> QueryServer.decode(JobItem.class, n.get("record").asText()));
    }

    @Override
    public Slice<JobItem> items(String jobId, ItemState status, int offset, int limit) {
        Owner owner = owner(jobId);
        if (owner.local()) return local.items(jobId, status, offset, limit);
        String q = "?offset=" + offset + "&limit=" + limit + (status == null ? "" : "&status=" + status.name());
        JsonNode n = remote.get(owner.host(), "/jobs/" + QueryClient.enc(jobId) + "/items" + q)
                .orElseThrow(() -> new NotAvailableException("no answer from " + owner.host()));
        List<JobItem> items = new ArrayList<>();
        n.get("records").forEach(r -> items.add(QueryServer.decode(JobItem.class, r.asText())));
        return new Slice<>(items, n.get("total").asLong());
    }

    @Override
    public Slice<JobStatus> jobs(String projectId, JobFilter filter, int offset, int limit) {
        KeyOwners o = owners();
        List<HostInfo> hosts = o.hosts(StoreSpecs.JOB_STATUS);
        List<JobStatus> all = new ArrayList<>();
        for (HostInfo host : hosts) {
            if (o.isSelf(host)) {
                all.addAll(local.localJobs(projectId, filter));
                continue;
            }
            remote.get(host, "/projects/" + QueryClient.enc(projectId) + "/jobs" + query(filter))
                    .ifPresent(n ->
                            n.get("records").forEach(r -> all.add(QueryServer.decode(JobStatus.class, r.asText()))));
        }
        if (hosts.isEmpty()) all.addAll(local.localJobs(projectId, filter));
        all.sort(AggregatorStreams.NEWEST_FIRST);
        return new Slice<>(AggregatorStreams.slice(all, offset, limit), all.size());
    }

    /** The filter as the query string {@link #answer} reads on the instance asked. */
    private static String query(JobFilter filter) {
        StringBuilder q = new StringBuilder("?");
        if (filter.directoryId() != null)
            q.append("directory_id=")
                    .append(QueryClient.enc(filter.directoryId()))
                    .append('&');
        if (filter.jobType() != null)
            q.append("job_type=").append(filter.jobType().name()).append('&');
        if (filter.status() != null)
            q.append("status=").append(filter.status().name()).append('&');
        if (filter.origin() != null) q.append("origin=").append(filter.origin().name());
        return q.toString();
    }

    /**
     * Gauges {@code batch_jobs{job_type, status}}: the jobs this instance's stores hold (each instance
     * reports its share; Prometheus sums them). Counted by one pass over the local store, at most
     * every 5 s however often it is scraped.
     */
    public void bindMetrics(MeterRegistry meters) {
        AtomicReference<Map<String, Long>> cached = new AtomicReference<>(Map.of());
        AtomicLong countedAt = new AtomicLong(System.nanoTime() - 10_000_000_000L);
        Supplier<Map<String, Long>> counts = () -> {
            long now = System.nanoTime();
            long at = countedAt.get();
            if (now - at > 5_000_000_000L && countedAt.compareAndSet(at, now)) {
                try {
                    cached.set(local.localCounts());
                } catch (RuntimeException e) {
                    // rebalancing or stopped: keep the last counts
                }
            }
            return cached.get();
        };
        for (JobType type : List.of(JobType.parse, JobType.classify, JobType.extract)) {
            for (JobState state : List.of(
                    JobState.pending,
                    JobState.running,
                    JobState.dispatched,
                    JobState.completed,
                    JobState.failed,
                    JobState.cancelled)) {
                String key = type.name() + "/" + state.name();
                Gauge.builder("batch.jobs", counts, c -> c.get().getOrDefault(key, 0L))
                        .description("Jobs held by this instance, by type and state")
                        .tags("job_type", type.name(), "status", state.name())
                        .strongReference(true)
                        .register(meters);
            }
        }
    }

    /** Questions from other instances, answered from this instance's stores. */
    private static Object answer(AggregatorStreams l, String[] path, Map<String, String> q) {
        if (path.length == 2 && path[0].equals("jobs")) {
            return l.job(path[1])
                    .map(s -> Map.of("record", QueryServer.encode(JobStatus.class, s)))
                    .orElse(null);
        }
        if (path.length == 3 && path[0].equals("jobs") && path[2].equals("request")) {
            return l.request(path[1])
                    .map(s -> Map.of("record", QueryServer.encode(JobRequested.class, s)))
                    .orElse(null);
        }
        if (path.length == 3 && path[0].equals("jobs") && path[2].equals("items")) {
            ItemState status = q.containsKey("status") ? ItemState.valueOf(q.get("status")) : null;
            JobQueries.Slice<JobItem> slice = l.items(
                    path[1],
                    status,
                    Integer.parseInt(q.getOrDefault("offset", "0")),
                    Integer.parseInt(q.getOrDefault("limit", "100")));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("total", slice.total());
            out.put(
                    "records",
                    slice.items().stream()
                            .map(i -> QueryServer.encode(JobItem.class, i))
                            .toList());
            return out;
        }
        if (path.length == 4 && path[0].equals("jobs") && path[2].equals("items")) {
            return l.item(path[1], path[3])
                    .map(i -> Map.of("record", QueryServer.encode(JobItem.class, i)))
                    .orElse(null);
        }
        if (path.length == 3 && path[0].equals("projects") && path[2].equals("jobs")) {
            JobQueries.JobFilter filter = new JobQueries.JobFilter(
                    q.get("directory_id"),
                    q.containsKey("job_type") ? JobType.valueOf(q.get("job_type")) : null,
                    q.containsKey("status") ? JobState.valueOf(q.get("status")) : null,
                    q.containsKey("origin") ? JobOrigin.valueOf(q.get("origin")) : null);
            List<String> records = l.localJobs(path[1], filter).stream()
                    .map(s -> QueryServer.encode(JobStatus.class, s))
                    .toList();
            return Map.of("records", records);
        }
        return null;
    }
}
