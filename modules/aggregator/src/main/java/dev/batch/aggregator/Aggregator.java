package dev.batch.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.Topics;
import dev.batch.common.lifecycle.Service;
import dev.batch.common.query.JobQueries;
import dev.batch.events.ItemState;
import dev.batch.events.JobItem;
import dev.batch.events.JobRequested;
import dev.batch.events.JobStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The aggregator as deployed: its Kafka Streams instance plus the internal query endpoint, and the
 * {@link JobQueries} every API instance uses. A question about one job goes to the instance that
 * owns the job's key (Streams metadata), answered locally or forwarded over HTTP; a listing asks
 * every instance and merges. Forwarding errors surface as {@link NotAvailableException} (503).
 */
public final class Aggregator implements Service, JobQueries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaSettings kafka;
    private final Path stateDir;
    private final String bindHost;
    private final int bindPort;
    private final String advertisedHost;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private volatile QueryServer server;
    private volatile AggregatorService local;
    private volatile HostInfo self;

    public Aggregator(KafkaSettings kafka, Path stateDir, String bindHost, int bindPort, String advertisedHost) {
        this.kafka = kafka;
        this.stateDir = stateDir;
        this.bindHost = bindHost;
        this.bindPort = bindPort;
        this.advertisedHost = advertisedHost;
    }

    @Override
    public String name() {
        return "aggregator";
    }

    @Override
    public void start() throws Exception {
        // The query endpoint first, so that Streams can advertise its real port.
        server = new QueryServer(bindHost, bindPort);
        self = new HostInfo(advertisedHost, server.port());
        Properties overrides = new Properties();
        overrides.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        local = new AggregatorService(kafka, stateDir, overrides);
        server.start(local);
        try {
            local.start();
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    @Override
    public boolean ready() {
        AggregatorService l = local;
        return l != null && l.ready();
    }

    @Override
    public void stop() {
        AggregatorService l = local;
        if (l != null) l.stop();
        QueryServer s = server;
        if (s != null) s.close();
    }

    /** Whether this instance owns the job's key right now (tests and diagnostics). */
    public boolean ownsJob(String jobId) {
        return self.equals(owner(jobId));
    }

    private HostInfo owner(String jobId) {
        KeyQueryMetadata meta;
        try {
            meta = local.streams().queryMetadataForKey(Topics.JOB_STATUS_STORE, jobId, new StringSerializer());
        } catch (IllegalStateException e) {
            throw new NotAvailableException("the aggregator is not running: " + e.getMessage(), e);
        }
        if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new NotAvailableException("job stores are rebalancing; try again", null);
        }
        return meta.activeHost();
    }

    @Override
    public Optional<JobStatus> job(String jobId) {
        HostInfo owner = owner(jobId);
        if (owner.equals(self)) return local.job(jobId);
        return fetch(owner, "/jobs/" + enc(jobId)).map(n -> QueryServer.decode(JobStatus.class, n.get("record").asText()));
    }

    @Override
    public Optional<JobRequested> request(String jobId) {
        HostInfo owner = owner(jobId);
        if (owner.equals(self)) return local.request(jobId);
        return fetch(owner, "/jobs/" + enc(jobId) + "/request").map(n -> QueryServer.decode(JobRequested.class, n.get("record").asText()));
    }

    @Override
    public Slice<JobItem> items(String jobId, ItemState status, int offset, int limit) {
        HostInfo owner = owner(jobId);
        if (owner.equals(self)) return local.items(jobId, status, offset, limit);
        String q = "?offset=" + offset + "&limit=" + limit + (status == null ? "" : "&status=" + status.name());
        JsonNode n = fetch(owner, "/jobs/" + enc(jobId) + "/items" + q).orElseThrow(() -> new NotAvailableException("no answer from " + owner, null));
        List<JobItem> items = new ArrayList<>();
        n.get("records").forEach(r -> items.add(QueryServer.decode(JobItem.class, r.asText())));
        return new Slice<>(items, n.get("total").asLong());
    }

    @Override
    public Slice<JobStatus> jobs(String projectId, JobFilter filter, int offset, int limit) {
        List<JobStatus> all = new ArrayList<>();
        for (StreamsMetadata instance : local.streams().streamsMetadataForStore(Topics.JOB_STATUS_STORE)) {
            HostInfo host = instance.hostInfo();
            if (host.equals(self)) {
                all.addAll(local.localJobs(projectId, filter));
                continue;
            }
            StringBuilder q = new StringBuilder("?");
            if (filter.directoryId() != null) q.append("directory_id=").append(enc(filter.directoryId())).append('&');
            if (filter.jobType() != null) q.append("job_type=").append(filter.jobType().name()).append('&');
            if (filter.status() != null) q.append("status=").append(filter.status().name());
            fetch(host, "/projects/" + enc(projectId) + "/jobs" + q).ifPresent(n ->
                    n.get("records").forEach(r -> all.add(QueryServer.decode(JobStatus.class, r.asText()))));
        }
        if (local.streams().streamsMetadataForStore(Topics.JOB_STATUS_STORE).isEmpty()) all.addAll(local.localJobs(projectId, filter));
        all.sort(AggregatorService.NEWEST_FIRST);
        return new Slice<>(AggregatorService.slice(all, offset, limit), all.size());
    }

    private Optional<JsonNode> fetch(HostInfo host, String path) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + QueryServer.PREFIX + path);
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 404) return Optional.empty();
            if (r.statusCode() != 200) {
                throw new NotAvailableException("the aggregator instance at " + host.host() + ":" + host.port()
                        + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8), null);
            }
            return Optional.of(JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new NotAvailableException("cannot reach the aggregator instance at " + host.host() + ":" + host.port() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAvailableException("interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
