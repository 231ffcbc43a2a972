package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.FileTrees;
import dev.batch.common.blob.FileStore;
import dev.batch.common.config.Config;
import dev.batch.common.extract.SchemaProposer;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.common.jobs.TimeLimit;
import dev.batch.common.query.NotAvailableException;
import dev.batch.events.ErrorCode;
import dev.batch.events.FileRecord;
import dev.batch.events.JobConfig;
import dev.batch.events.JobType;
import dev.batch.worker.WorkerSettings;
import dev.batch.worker.parse.DocumentParser;
import dev.batch.worker.parse.ErrorText;
import dev.batch.worker.parse.OcrLayout;
import dev.batch.worker.parse.ParseOptions;
import dev.batch.worker.parse.ParsedDocument;
import dev.batch.worker.parse.ParserPool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Proposes a data schema from a stored file ({@link SchemaProposal}) for the API, with the work
 * bounded: files up to {@value #MAX_MB} MB, the first {@value #PAGES} pages, one proposal at a time
 * (another that finds no turn within a short wait is turned away), and a time limit. An image is
 * read by OCR (Tesseract, its own process, killed past the limit); any other file is parsed where
 * parses run: in a parser JVM of its own (bounded heap, killed past the limit), or in this JVM when
 * isolation is off.
 */
public final class DocumentSchemaProposer implements SchemaProposer, AutoCloseable {
    static final int MAX_MB = 25;
    static final int PAGES = 3;
    static final Duration LIMIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = "{\"parameters\": {\"max_pages\": " + PAGES + "}}";

    private final FileStore files;
    private final ParserPool pool; // null: parse in this JVM
    private final DocumentParser parser; // without a pool only
    private final Semaphore turns = new Semaphore(1, true);
    private final Duration wait;

    /** {@code pool}: the parser JVMs to parse in; null parses in this JVM. */
    public DocumentSchemaProposer(FileStore files, ParserPool pool, Duration wait) {
        this.files = files;
        this.pool = pool;
        this.parser = pool == null ? new DocumentParser() : null;
        this.wait = wait;
    }

    /** The API's proposer: one parser JVM of its own (started on the first proposal) unless BATCH_PARSE_ISOLATION is off. */
    public static DocumentSchemaProposer forApi(Config config, FileStore files) {
        ParserPool pool = config.get(WorkerSettings.PARSE_ISOLATION)
                ? new ParserPool(1, config.get(WorkerSettings.PARSE_HEAP))
                : null;
        return new DocumentSchemaProposer(files, pool, Duration.ofSeconds(10));
    }

    @Override
    public Proposal propose(FileRecord file) throws IOException, InterruptedException {
        if (file.getSize() > MAX_MB * 1024L * 1024L) {
            return new Proposal.Failed(file.getName() + " is larger than " + MAX_MB
                    + " MB; propose a schema from a smaller sample of the documents");
        }
        if (!turns.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS))
            throw new NotAvailableException("the schema proposer is busy; try again in a moment");
        Path work = Files.createTempDirectory(files.blobs().tempDir(), "schema-proposal-");
        try {
            Path input = input(file, work);
            if (input == null) return new Proposal.Failed("the content of " + file.getName() + " is no longer stored");
            if (ExtractInput.isImage(file.getName()) && OcrLayout.available()) {
                ExtractDocument doc = ExtractDocument.ofOcr(OcrLayout.read(input, List.of(), LIMIT.toMillis(), true));
                return new Proposal.Schema(SchemaProposal.from(doc));
            }
            Read read = parsed(file, input, work);
            return read.doc() == null
                    ? new Proposal.Failed(read.problem())
                    : new Proposal.Schema(SchemaProposal.from(read.doc()));
        } catch (IOException | RuntimeException e) {
            return new Proposal.Failed(ErrorText.failure(e, file.getName()).message());
        } finally {
            turns.release();
            FileTrees.delete(work);
        }
    }

    private Path input(FileRecord file, Path work) throws IOException {
        Path local = files.blobs().localContent(file.getContentHash()).orElse(null);
        if (local != null) return local;
        Path copy = work.resolve("input");
        try (InputStream in = files.blobs().openContent(file.getContentHash())) {
            Files.copy(in, copy);
            return copy;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** A parse of the file's first pages as the extractor reads it, or what went wrong. */
    private record Read(ExtractDocument doc, String problem) {}

    private Read parsed(FileRecord file, Path input, Path work) throws IOException, InterruptedException {
        JobConfig config = JobConfigs.read(CONFIG, JobType.parse);
        if (pool == null) {
            try (InputStream in = Files.newInputStream(input)) {
                ParsedDocument doc = parser.parse(in, file.getName(), ParseOptions.of(config));
                return new Read(ExtractDocument.of(doc), null);
            } catch (Exception | StackOverflowError e) {
                return new Read(null, ErrorText.failure(e, file.getName()).message());
            }
        }
        Path output = work.resolve("result.json");
        ParserPool.Outcome outcome = pool.parse(
                input,
                output,
                Files.createDirectory(work.resolve("images")),
                file.getName(),
                config,
                "schema-proposal",
                file.getFileId(),
                file.getFileId(),
                file.getProjectId(),
                new TimeLimit(LIMIT, Duration.ZERO, "the schema proposer's limit"));
        if (outcome.code() == ErrorCode.PARSER_UNAVAILABLE)
            throw new NotAvailableException("the schema proposer could not start a parser; try again in a moment");
        if (!outcome.ok()) return new Read(null, outcome.message());
        return new Read(ExtractDocument.ofParseResult(JSON.readTree(output.toFile())), null);
    }

    @Override
    public void close() {
        if (pool != null) pool.close();
    }
}
