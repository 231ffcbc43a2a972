package dev.batch.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.FileTrees;
import dev.batch.common.blob.FileStore;
import dev.batch.common.config.Config;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.common.jobs.TimeLimit;
import dev.batch.common.parse.PageImages;
import dev.batch.common.query.NotAvailableException;
import dev.batch.events.ErrorCode;
import dev.batch.events.FileRecord;
import dev.batch.events.JobConfig;
import dev.batch.events.JobType;
import dev.batch.worker.parse.DocumentParser;
import dev.batch.worker.parse.ErrorText;
import dev.batch.worker.parse.Images;
import dev.batch.worker.parse.ParseOptions;
import dev.batch.worker.parse.ParsedDocument;
import dev.batch.worker.parse.ParserPool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Renders one page of a stored PDF as the screenshot a parse saves ({@code images_to_save:
 * ["screenshot"]}: at most 150 dpi and 3000 px on the long side). It is a parse of that one page
 * without OCR, so it runs where parses run: in a parser JVM of its own (bounded heap, killed past
 * {@link #LIMIT}), or in this JVM when isolation is off. One render at a time; a request that finds
 * no free turn within a short wait is turned away ({@link NotAvailableException}) rather than queued.
 */
public final class PageRenderer implements PageImages, AutoCloseable {
    static final TimeLimit LIMIT = new TimeLimit(Duration.ofSeconds(30), Duration.ZERO, "the page renderer's limit");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG =
            "{\"parameters\": {\"target_pages\": \"%d\", \"images_to_save\": [\"screenshot\"], \"disable_ocr\": true}}";

    private final FileStore files;
    private final ParserPool pool; // null: render in this JVM
    private final Semaphore turns;
    private final Duration wait;
    private final DocumentParser parser; // without a pool only

    PageRenderer(FileStore files, ParserPool pool, Semaphore turns, Duration wait) {
        this.files = files;
        this.pool = pool;
        this.turns = turns;
        this.wait = wait;
        this.parser = pool == null ? new DocumentParser() : null;
    }

    /** The API's renderer: one parser JVM of its own (started on the first render) unless BATCH_PARSE_ISOLATION is off. */
    public static PageRenderer forApi(Config config, FileStore files) {
        ParserPool pool = config.get(WorkerSettings.PARSE_ISOLATION)
                ? new ParserPool(1, config.get(WorkerSettings.PARSE_HEAP))
                : null;
        return new PageRenderer(files, pool, new Semaphore(1, true), Duration.ofSeconds(10));
    }

    @Override
    public Rendered render(FileRecord file, int page) throws IOException, InterruptedException {
        if (page < 1) throw new IllegalArgumentException("pages count from 1, got " + page);
        if (!turns.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS))
            throw new NotAvailableException("the page renderer is busy; try again in a moment");
        Path work = Files.createTempDirectory(files.blobs().tempDir(), "page-image-");
        try {
            return render(file, page, work);
        } finally {
            turns.release();
            FileTrees.delete(work);
        }
    }

    private Rendered render(FileRecord file, int page, Path work) throws IOException, InterruptedException {
        Path input = files.blobs().localContent(file.getContentHash()).orElse(null);
        try {
            if (input == null) {
                input = work.resolve("input.pdf");
                try (InputStream in = files.blobs().openContent(file.getContentHash())) {
                    Files.copy(in, input);
                }
            }
            if (!isPdf(input)) return new Rendered.NotAPdf();
        } catch (NoSuchFileException e) {
            return new Rendered.Failed("the content of " + file.getName() + " is no longer stored");
        }
        Path images = Files.createDirectory(work.resolve("images"));
        JobConfig config = JobConfigs.read(CONFIG.formatted(page - 1), JobType.parse);
        Parsed parsed = pool == null
                ? inProcess(file, input, images, config)
                : isolated(file, input, work.resolve("result.json"), images, config);
        Path png = images.resolve("page_" + page + ".png");
        if (Files.exists(png)) return new Rendered.Png(Files.readAllBytes(png));
        if (parsed.problem() != null) return new Rendered.Failed(parsed.problem());
        if (parsed.totalPages() < page) return new Rendered.NoSuchPage(parsed.totalPages());
        return new Rendered.Failed("page " + page + " of " + file.getName() + " could not be rendered");
    }

    /** What the one-page parse said: the document's page count, or why the page has no image. */
    private record Parsed(int totalPages, String problem) {}

    private Parsed inProcess(FileRecord file, Path input, Path images, JobConfig config) throws IOException {
        try (InputStream in = Files.newInputStream(input)) {
            ParsedDocument doc = parser.parse(in, file.getName(), ParseOptions.of(config), new Images(images));
            String error = doc.pages().isEmpty() ? null : doc.pages().get(0).error();
            return new Parsed(doc.totalPages(), error);
        } catch (Exception | StackOverflowError e) {
            return new Parsed(0, ErrorText.failure(e, file.getName()).message());
        }
    }

    private Parsed isolated(FileRecord file, Path input, Path output, Path images, JobConfig config)
            throws IOException, InterruptedException {
        ParserPool.Outcome outcome = pool.parse(
                input,
                output,
                images,
                file.getName(),
                config,
                "page-image",
                file.getFileId(),
                file.getFileId(),
                file.getProjectId(),
                LIMIT);
        if (outcome.code() == ErrorCode.PARSER_UNAVAILABLE)
            throw new NotAvailableException("the page renderer could not start; try again in a moment");
        if (!outcome.ok()) return new Parsed(0, outcome.message());
        JsonNode result = JSON.readTree(output.toFile());
        JsonNode first = result.path("pages").path(0);
        String error = first.hasNonNull("error") ? first.get("error").asText() : null;
        return new Parsed(result.path("total_pages").asInt(), error);
    }

    /** As the parser tells a PDF: by its header, whatever the file is called. */
    static boolean isPdf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(5), new byte[] {'%', 'P', 'D', 'F', '-'});
        }
    }

    @Override
    public void close() {
        if (pool != null) pool.close();
    }
}
