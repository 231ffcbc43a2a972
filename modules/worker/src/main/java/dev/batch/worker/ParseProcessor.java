package dev.batch.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.batch.common.FileTrees;
import dev.batch.common.Ids;
import dev.batch.common.blob.ExternalOutput;
import dev.batch.common.blob.FileStore;
import dev.batch.common.config.Config;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.common.jobs.TimeLimit;
import dev.batch.events.ErrorCode;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.events.JobConfig;
import dev.batch.worker.parse.DocumentParser;
import dev.batch.worker.parse.ErrorText;
import dev.batch.worker.parse.Images;
import dev.batch.worker.parse.PageFailures;
import dev.batch.worker.parse.ParseOptions;
import dev.batch.worker.parse.ParseResult;
import dev.batch.worker.parse.ParsedDocument;
import dev.batch.worker.parse.ParserPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.apache.tika.exception.TikaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;

/**
 * Parses a document with Apache Tika into pages of text, markdown and structured items (see
 * {@link dev.batch.worker.parse.DocumentParser}) and writes the result as JSON to the blob store
 * under {@code results/<job>/<item>.json}, the item's output location. A file that Tika cannot read
 * is a failed item with a reason.
 */
public final class ParseProcessor implements DocumentProcessor {
    private static final Logger log = LoggerFactory.getLogger(ParseProcessor.class);
    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final FileStore files;
    private final ParserPool pool; // null: parse in this JVM
    private final TimeLimit.Policy limits;
    private final DocumentParser parser = new DocumentParser();
    private volatile Counter pages = new SimpleMeterRegistry().counter("pages");

    /** Parses in this JVM, without process isolation (tests of the parser itself). */
    public ParseProcessor(FileStore files) {
        this(files, null, WorkerSettings.timeLimits(Config.of(Map.of())));
    }

    /** Parses in the pool's child JVMs, each document bounded by the pool's heap and the time {@code limits} give its job. */
    public ParseProcessor(FileStore files, ParserPool pool, TimeLimit.Policy limits) {
        this.files = files;
        this.pool = pool;
        this.limits = limits;
    }

    /** Counts the pages parsed on {@code meters} ({@code batch_parse_pages_total}). */
    public ParseProcessor meter(MeterRegistry meters) {
        this.pages =
                Counter.builder("batch.parse.pages").description("Pages parsed").register(meters);
        return this;
    }

    @Override
    public ItemResult process(ItemTask task, FileRecord file, ItemResult.Builder result) throws IOException {
        String key = "results/" + task.getJobId() + "/" + task.getItemId() + ".json";
        JobConfig config = JobConfigs.of(task);
        ParseOptions options = ParseOptions.of(config);
        Path images = options.imagesToSave().isEmpty()
                ? null
                : Files.createTempDirectory(files.blobs().tempDir(), "parse-images-");
        try {
            ItemResult r = pool != null && !safeInProcess(files, file, options)
                    ? isolated(task, config, file, result, key, images)
                    : inProcess(task, config, file, result, key, options, images);
            if (r.getStatus() == ItemState.completed && images != null) storeImages(task, images);
            return r;
        } finally {
            if (images != null) FileTrees.delete(images);
        }
    }

    /** Small plain text (by its name, and no NUL byte in it) cannot hurt a parser: no need for a round trip to a child JVM. */
    static final long IN_PROCESS_TEXT_BYTES = 256 * 1024;

    static boolean safeInProcess(FileStore files, FileRecord file, ParseOptions options) throws IOException {
        if (file.getSize() > IN_PROCESS_TEXT_BYTES || !options.imagesToSave().isEmpty()) return false;
        String name = file.getName() == null ? "" : file.getName().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".txt") || name.endsWith(".text") || name.endsWith(".log"))) return false;
        try (InputStream in = files.blobs().openContent(file.getContentHash())) {
            byte[] bytes = in.readNBytes((int) IN_PROCESS_TEXT_BYTES + 1);
            if (bytes.length > IN_PROCESS_TEXT_BYTES) return false;
            for (byte b : bytes) {
                if (b == 0) return false;
            }
            return true;
        } catch (NoSuchFileException e) {
            return false; // the isolated path reports the missing content
        }
    }

    /** Saved images go to {@code images/<parse job id>/<file name>} in the blob store. */
    private void storeImages(ItemTask task, Path dir) throws IOException {
        String child = Ids.parseJob(task.getJobId(), task.getItemId());
        try (var list = Files.list(dir)) {
            for (Path f : list.toList()) files.blobs().putObjectFile("images/" + child + "/" + f.getFileName(), f);
        }
    }

    private ItemResult inProcess(
            ItemTask task,
            JobConfig config,
            FileRecord file,
            ItemResult.Builder result,
            String key,
            ParseOptions options,
            Path images)
            throws IOException {
        ParsedDocument doc;
        try (InputStream in = files.blobs().openContent(file.getContentHash())) {
            doc = parser.parse(in, file.getName(), options, images == null ? new Images(null) : new Images(images));
        } catch (NoSuchFileException e) {
            return missing(task, result);
        } catch (PageFailures | TikaException | SAXException | RuntimeException | StackOverflowError e) {
            // A parser bug on a hostile file must not take the worker down; the item fails instead.
            ErrorText.Failure f = ErrorText.failure(e, file.getName());
            return failed(result, f.code(), f.message());
        }
        byte[] json = JSON.writeValueAsBytes(ParseResult.of(task, file, doc, options));
        String refused = writeExternal(task, config.getOutputS3PathPrefix(), json);
        if (refused != null) return failed(result, ErrorCode.OUTPUT_NOT_WRITTEN, refused);
        files.blobs().putObject(key, json);
        pages.increment(doc.pages().size());
        return result.setStatus(ItemState.completed)
                .setOutputLocation(key)
                .setFinishedAt(Instant.now())
                .build();
    }

    private ItemResult isolated(
            ItemTask task, JobConfig config, FileRecord file, ItemResult.Builder result, String key, Path images)
            throws IOException {
        Path input = files.blobs().localContent(file.getContentHash()).orElse(null);
        Path copy = null;
        if (input == null) { // not on local disk: give the child a temporary copy
            copy = Files.createTempFile(files.blobs().tempDir(), "parse-in-", ".bin");
            try (InputStream in = files.blobs().openContent(file.getContentHash())) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                Files.deleteIfExists(copy);
                return missing(task, result);
            }
            input = copy;
        }
        Path output = Files.createTempFile(files.blobs().tempDir(), "parse-out-", ".json");
        try {
            ParserPool.Outcome outcome = pool.parse(
                    input,
                    output,
                    images,
                    file.getName(),
                    config,
                    task.getJobId(),
                    task.getItemId(),
                    task.getFileId(),
                    task.getProjectId(),
                    limits.of(config));
            if (!outcome.ok()) return failed(result, outcome.code(), outcome.message());
            String refused = external(task, config.getOutputS3PathPrefix(), output);
            if (refused != null) return failed(result, ErrorCode.OUTPUT_NOT_WRITTEN, refused);
            files.blobs().putObjectFile(key, output);
            pages.increment(outcome.pages());
            return result.setStatus(ItemState.completed)
                    .setOutputLocation(key)
                    .setFinishedAt(Instant.now())
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while parsing", e);
        } finally {
            Files.deleteIfExists(output);
            if (copy != null) Files.deleteIfExists(copy);
        }
    }

    /** {@code output_s3_path_prefix}: a copy of the result in the caller's bucket; null when written (or not asked for), else why not. */
    private String writeExternal(ItemTask task, String prefix, byte[] json) throws IOException {
        if (prefix == null) return null;
        Path copy = Files.createTempFile(files.blobs().tempDir(), "parse-out-", ".json");
        try {
            Files.write(copy, json);
            return external(task, prefix, copy);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private String external(ItemTask task, String prefix, Path result) throws IOException {
        if (prefix == null) return null;
        String problem = ExternalOutput.problem(prefix);
        if (problem != null) return "output_s3_path_prefix " + problem;
        if (!files.blobs().writesExternal())
            return "output_s3_path_prefix needs the S3 blob store (BATCH_BLOB_STORE=s3://…)";
        try {
            files.blobs().putExternal(ExternalOutput.target(prefix, task.getJobId(), task.getItemId()), result);
        } catch (IOException | RuntimeException e) {
            // The bucket's answer may name its account, policy or endpoint: the item gets the plain fact, the log the
            // answer.
            log.warn(
                    "Copying the result of item {} of job {} to {} failed: {}",
                    task.getItemId(),
                    task.getJobId(),
                    prefix,
                    e.toString());
            return "the result could not be written under output_s3_path_prefix; check the bucket lets this service write there, then retry";
        }
        return null;
    }

    private static ItemResult missing(ItemTask task, ItemResult.Builder result) {
        return failed(
                result,
                ErrorCode.FILE_NOT_FOUND,
                "the content of file " + task.getFileId() + " is missing from the blob store");
    }

    private static ItemResult failed(ItemResult.Builder result, ErrorCode code, String message) {
        return result.setStatus(ItemState.failed)
                .setErrorCode(code)
                .setErrorMessage(message)
                .setFinishedAt(Instant.now())
                .build();
    }
}
