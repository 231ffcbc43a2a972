package dev.batch.app;

import dev.batch.aggregator.Retention;
import dev.batch.aggregator.Watchdog;
import dev.batch.common.config.Config;
import dev.batch.common.config.LogSettings;
import dev.batch.common.config.Setting;
import dev.batch.common.jobs.JobPolicySettings;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.splitter.SplitterSettings;
import dev.batch.webhooks.WebhookSettings;
import dev.batch.worker.WorkerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Settings of the all-in-one app; each is read from the environment or BATCH_CONFIG_FILE. */
public final class AppSettings {
    public static final Setting<String> ROLES = Setting.string(
            "BATCH_ROLES",
            "all",
            "What this process runs: api (HTTP API, aggregator, webhook sink), splitter, worker, or all; comma-separated.");
    public static final Setting<Integer> HTTP_PORT =
            Setting.integer("BATCH_HTTP_PORT", 8080, 0, 65535, "HTTP port of the API (0 picks a free one).");
    public static final Setting<String> HTTP_HOST =
            Setting.string("BATCH_HTTP_HOST", "0.0.0.0", "Address the API listens on.");
    public static final Setting<Path> DATA_DIR = Setting.path(
            "BATCH_DATA_DIR",
            "./data",
            "Where everything is kept: broker data, blobs, Streams state, the generated API key.");
    public static final Setting<Optional<String>> API_KEY = Setting.optional(
            "BATCH_API_KEY",
            "API key of the default project; when unset one is generated once and kept in the data dir.");
    public static final Setting<Optional<String>> API_KEYS = Setting.optional(
            "BATCH_API_KEYS",
            "More API keys and their projects: key=project,key=project; a key may be given as sha256:<hex of its SHA-256>.");
    public static final Setting<Optional<String>> API_KEYS_FILE = Setting.optional(
            "BATCH_API_KEYS_FILE",
            "A file of API keys, one key=project a line (or sha256:<hex>=project, so the file holds no key); re-read when it changes.");
    public static final Setting<Integer> KAFKA_PORT = Setting.integer(
            "BATCH_KAFKA_PORT",
            9092,
            0,
            65535,
            "Port of the embedded broker (only when BATCH_KAFKA_BOOTSTRAP is unset).");
    public static final Setting<Integer> KAFKA_CONTROLLER_PORT =
            Setting.integer("BATCH_KAFKA_CONTROLLER_PORT", 9093, 0, 65535, "Controller port of the embedded broker.");
    public static final Setting<Optional<String>> BLOB_DIR = Setting.optional(
            "BATCH_BLOB_DIR",
            "Folder of the blob store (default <data dir>/blobs); processes on one machine may share it.");
    public static final Setting<String> BLOB_LAYOUT = Setting.oneOf(
            "BATCH_BLOB_LAYOUT",
            "segments",
            List.of("segments", "files"),
            "How the blob folder keeps small objects (results, index and cache entries, up to 128 KiB): segments (appended to a few"
                    + " segment files per process, compacted in the background) or files (a file each: for a folder shared across"
                    + " machines, e.g. NFS, where one machine's appends may show late on another). Contents and larger objects are"
                    + " files either way.");
    public static final Setting<String> QUERY_HOST = Setting.string(
            "BATCH_QUERY_HOST",
            "localhost",
            "Address the instance's internal query endpoint binds to (job status and webhook deliveries owned here); it answers"
                    + " only callers showing the cluster's secret (BATCH_INTERNAL_SECRET).");
    public static final Setting<Integer> QUERY_PORT = Setting.integer(
            "BATCH_QUERY_PORT", 0, 0, 65535, "Port of the instance's internal query endpoint (0 picks a free one).");
    public static final Setting<String> QUERY_ADVERTISED_HOST = Setting.string(
            "BATCH_QUERY_ADVERTISED_HOST",
            "localhost",
            "Host name other instances use to reach this instance's internal query endpoint.");
    public static final Setting<Optional<String>> INTERNAL_SECRET = Setting.optional(
            "BATCH_INTERNAL_SECRET",
            "Secret the instances show each other's internal query endpoint (at least 16 characters, the same on every instance);"
                    + " unset: one is made on first start and kept in the blob store, which every instance shares.");
    public static final Setting<Long> MAX_UPLOAD = Setting.bytes(
            "BATCH_MAX_UPLOAD_BYTES",
            512L * 1024 * 1024,
            "Largest accepted upload (e.g. 512MiB); larger ones get 413.");
    public static final Setting<Duration> SOURCE_URL_TIMEOUT = Setting.duration(
            "BATCH_SOURCE_URL_TIMEOUT",
            Duration.ofSeconds(60),
            "How long downloading a parse job's source_url may take, redirects included (no more than "
                    + "BATCH_MAX_UPLOAD_BYTES is read; where it may go is BATCH_WEBHOOK_ALLOWED_HOSTS's rule).");
    public static final Setting<Integer> RATE_LIMIT_PER_SECOND = Setting.integer(
            "BATCH_RATE_LIMIT_PER_SECOND",
            100,
            0,
            1_000_000,
            "Requests a second one API key may make to one API instance, sustained (a token bucket per key); over it the API answers"
                    + " 429 with Retry-After. 0 turns the limit off. Health, metrics, docs, the dashboard's files and signed downloads are not limited.");
    public static final Setting<Integer> RATE_LIMIT_BURST = Setting.integer(
            "BATCH_RATE_LIMIT_BURST",
            500,
            1,
            10_000_000,
            "Requests one API key may make at once before BATCH_RATE_LIMIT_PER_SECOND paces it (the bucket's size).");

    public static final Setting<Optional<String>> BLOB_STORE = Setting.optional(
            "BATCH_BLOB_STORE",
            "s3://bucket/prefix: keep contents and results in an S3-compatible bucket (services on several machines share it); "
                    + "unset: the folder BATCH_BLOB_DIR. Credentials and region from the usual AWS variables (AWS_ACCESS_KEY_ID, "
                    + "AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_PROFILE, an instance role).");
    public static final Setting<Optional<String>> S3_ENDPOINT = Setting.optional(
            "BATCH_S3_ENDPOINT",
            "URL of an S3-compatible server (MinIO, S3Mock, …) for BATCH_BLOB_STORE; unset: AWS S3.");
    public static final Setting<Optional<String>> S3_REGION =
            Setting.optional("BATCH_S3_REGION", "Region of the bucket; unset: AWS_REGION, else us-east-1.");
    public static final Setting<Boolean> S3_PATH_STYLE = Setting.bool(
            "BATCH_S3_PATH_STYLE",
            false,
            "Address the bucket in the path (http://host/bucket/key), as most S3-compatible servers need.");
    public static final Setting<Integer> METRICS_PORT = Setting.integer(
            "BATCH_METRICS_PORT",
            0,
            0,
            65535,
            "Port of /metrics (Prometheus) in a process without the API (BATCH_ROLES without api), e.g. 9464; 0: none "
                    + "(several such processes on one host need one port each). A process with the API serves /metrics on BATCH_HTTP_PORT.");

    private AppSettings() {}

    public static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>(List.of(
                ROLES,
                HTTP_PORT,
                HTTP_HOST,
                DATA_DIR,
                API_KEY,
                API_KEYS,
                API_KEYS_FILE,
                KAFKA_PORT,
                KAFKA_CONTROLLER_PORT,
                MAX_UPLOAD,
                SOURCE_URL_TIMEOUT,
                BLOB_DIR,
                BLOB_LAYOUT,
                BLOB_STORE,
                S3_ENDPOINT,
                S3_REGION,
                S3_PATH_STYLE,
                QUERY_HOST,
                QUERY_PORT,
                QUERY_ADVERTISED_HOST,
                INTERNAL_SECRET,
                METRICS_PORT,
                RATE_LIMIT_PER_SECOND,
                RATE_LIMIT_BURST));
        all.addAll(KafkaSettings.ALL);
        all.addAll(Watchdog.ALL);
        all.addAll(Retention.ALL);
        all.addAll(WorkerSettings.ALL);
        all.addAll(WebhookSettings.ALL);
        all.addAll(SplitterSettings.ALL);
        all.addAll(JobPolicySettings.ALL);
        all.add(Config.CONFIG_FILE);
        all.addAll(LogSettings.ALL);
        return all;
    }
}
