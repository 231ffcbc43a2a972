package dev.batch.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.common.blob.FileStore;
import dev.batch.common.extract.SchemaProblem;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.common.parse.PageRanges;
import dev.batch.events.ErrorCode;
import dev.batch.events.ExtractConfig;
import dev.batch.events.ExtractTier;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.events.JobConfig;
import dev.batch.events.ParseConfig;
import dev.batch.worker.extract.ExtractDocument;
import dev.batch.worker.extract.ExtractInput;
import dev.batch.worker.extract.Extractions;
import dev.batch.worker.extract.LlmExtractor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Extracts the fields of the job's data schema from a document: an image is read by OCR with word
 * boxes (twice, see {@link ExtractInput}); any other file is parsed by the parse worker's parser (in
 * its child JVMs, bounded the same way) limited to the config's pages, and its parse result read.
 * A model endpoint answers first when one is configured ({@code BATCH_LLM_URL}; tier {@code agentic}
 * also sends the page images), the built-in extractor otherwise or when the model fails
 * ({@link Extractions}); the stored result ({@code extract_result},
 * {@code extract_metadata}, {@code usage}, {@code extractor}) replaces the parse output at the item's
 * output location.
 */
public final class ExtractProcessor implements DocumentProcessor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FileStore files;
    private final ParseProcessor parser;
    private final Optional<LlmExtractor> llm;

    public ExtractProcessor(FileStore files, ParseProcessor parser) {
        this(files, parser, Optional.empty());
    }

    /** With a model endpoint that extracts first; the built-in extractor answers when it cannot. */
    public ExtractProcessor(FileStore files, ParseProcessor parser, Optional<LlmExtractor> llm) {
        this.files = files;
        this.parser = parser;
        this.llm = llm;
    }

    @Override
    public ItemResult process(ItemTask task, FileRecord file, ItemResult.Builder result) throws IOException {
        JobConfig job = JobConfigs.of(task);
        ExtractConfig config = job.getExtract();
        if (config == null) return failed(result, ErrorCode.INVALID_CONFIG, "the job has no data schema");
        String key = "results/" + task.getJobId() + "/" + task.getItemId() + ".json";
        boolean screenshots = llm.isPresent() && config.getTier() == ExtractTier.agentic;
        ExtractDocument doc;
        Extractions.PageImages images;
        if (ExtractInput.readsByOcr(file.getName())) {
            doc = ocr(file, config);
            if (doc == null) return failed(result, ErrorCode.FILE_NOT_FOUND, "the file's content is gone");
            images = () -> List.of(png(file));
        } else {
            ItemResult parsed = parser.process(withParse(task, job, screenshots), file, ItemResult.newBuilder(result));
            if (parsed.getStatus() != ItemState.completed) return parsed;
            key = parsed.getOutputLocation();
            JsonNode parse = load(key);
            doc = ExtractDocument.ofParseResult(parse);
            images = () -> ParsedImages.screenshots(files, task, parse);
        }
        ObjectNode out;
        try {
            out = Extractions.run(doc, configuration(config), llm, images, itemName(task));
        } catch (SchemaProblem | IllegalArgumentException e) {
            return failed(result, ErrorCode.INVALID_CONFIG, e.getMessage());
        }
        out.put("extraction_target", config.getExtractionTarget().name());
        files.blobs().putObject(key, JSON.writeValueAsBytes(out));
        return result.setStatus(ItemState.completed)
                .setOutputLocation(key)
                .setFinishedAt(Instant.now())
                .build();
    }

    /** The extractor's configuration: the SDK's {@code ExtractConfiguration} fields, from the checked config. */
    static ObjectNode configuration(ExtractConfig c) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.set("data_schema", JSON.readTree(c.getDataSchemaJson()));
        out.put("extraction_target", c.getExtractionTarget().name());
        out.put("cite_sources", c.getCiteSources());
        out.put("confidence_scores", c.getConfidenceScores());
        if (c.getTargetPages() != null) out.put("target_pages", c.getTargetPages());
        if (c.getMaxPages() != null) out.put("max_pages", c.getMaxPages());
        if (c.getSystemPrompt() != null) out.put("system_prompt", c.getSystemPrompt());
        out.put("tier", c.getTier().name());
        return out;
    }

    /** An image's OCR reading; null when its content is gone. */
    private ExtractDocument ocr(FileRecord file, ExtractConfig config) throws IOException {
        Path local = files.blobs().localContent(file.getContentHash()).orElse(null);
        Path copy = null;
        try {
            if (local == null) {
                copy = Files.createTempFile(files.blobs().tempDir(), "extract-in-", ".img");
                try (InputStream in = files.blobs().openContent(file.getContentHash())) {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                } catch (NoSuchFileException e) {
                    return null;
                }
                local = copy;
            }
            return ExtractInput.image(local, config.getLanguages());
        } finally {
            if (copy != null) Files.deleteIfExists(copy);
        }
    }

    /** The parse task behind an extraction: the config's pages, OCR on for scanned pages, screenshots when a model sees pages. */
    private static ItemTask withParse(ItemTask task, JobConfig job, boolean screenshots) {
        ExtractConfig c = job.getExtract();
        ParseConfig parse = ParseConfig.newBuilder()
                .setImagesToSave(screenshots ? List.of("screenshot") : List.of())
                .setTargetPages(c.getTargetPages() == null ? null : PageRanges.ranges(zeroBased(c.getTargetPages())))
                .setMaxPages(c.getMaxPages())
                .setLanguages(c.getLanguages())
                .build();
        return ItemTask.newBuilder(task)
                .setConfig(JobConfig.newBuilder()
                        .setParse(parse)
                        .setJobTimeoutInSeconds(job.getJobTimeoutInSeconds())
                        .setJobTimeoutExtraTimePerPageInSeconds(job.getJobTimeoutExtraTimePerPageInSeconds())
                        .setParametersHash(task.getConfigHash())
                        .build())
                .build();
    }

    /** "1,3-5" (1-based, checked where the job entered) as 0-based page numbers. */
    static List<Integer> zeroBased(String pages) {
        List<Integer> out = new ArrayList<>();
        for (String part : pages.split(",")) {
            String[] ends = part.strip().split("\\s*-\\s*", 2);
            int a = Integer.parseInt(ends[0].strip());
            int b = ends.length == 2 ? Integer.parseInt(ends[1].strip()) : a;
            for (int p = Math.max(1, Math.min(a, b)); p <= Math.max(a, b) && out.size() < 10_000; p++) out.add(p - 1);
        }
        return out;
    }

    /** An image file as PNG, the format page images are sent in. */
    private byte[] png(FileRecord file) throws IOException {
        BufferedImage image;
        try (InputStream in = files.blobs().openContent(file.getContentHash())) {
            image = ImageIO.read(in);
        }
        if (image == null) throw new IOException("the image cannot be decoded to send it");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** What the log names: the item, its job and project. */
    private static String itemName(ItemTask task) {
        return "item " + task.getItemId() + " of job " + task.getJobId() + " (project " + task.getProjectId() + ")";
    }

    private JsonNode load(String key) throws IOException {
        byte[] bytes = files.blobs()
                .getObject(key)
                .orElseThrow(() -> new IOException("the parse output at " + key + " is missing"));
        return JSON.readTree(bytes);
    }

    private static ItemResult failed(ItemResult.Builder result, ErrorCode code, String message) {
        return result.setStatus(ItemState.failed)
                .setErrorCode(code)
                .setErrorMessage(message)
                .setFinishedAt(Instant.now())
                .build();
    }
}
