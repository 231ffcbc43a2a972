package dev.batch.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.common.blob.FileStore;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.common.parse.PageRanges;
import dev.batch.events.ClassifyConfig;
import dev.batch.events.ClassifyMode;
import dev.batch.events.ClassifyRule;
import dev.batch.events.ErrorCode;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.events.JobConfig;
import dev.batch.events.ParseConfig;
import dev.batch.worker.classify.Classifier;
import dev.batch.worker.classify.LlmClassifier;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies a document against the job's rules: parses it with the parse worker's parser (in its
 * child JVMs, bounded the same way) limited to {@code parsing_configuration.max_pages} (5) and
 * {@code target_pages}, then runs the built-in {@link Classifier}. {@code FAST} reads the text
 * layer only, with OCR of the first page when a document has no text at all (a photo of a
 * receipt); {@code MULTIMODAL} reads every image-only page with OCR and adds layout signals
 * (tables, pictures, form fields). The result, {@code {type, confidence, reasoning}}, replaces the
 * parse output at the item's output location.
 */
public final class ClassifyProcessor implements DocumentProcessor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FileStore files;
    private final ParseProcessor parser;
    private static final Logger log = LoggerFactory.getLogger(ClassifyProcessor.class);
    private final Classifier classifier = new Classifier();
    private final Optional<LlmClassifier> llm;

    public ClassifyProcessor(FileStore files, ParseProcessor parser) {
        this(files, parser, Optional.empty());
    }

    /** With a model endpoint that classifies first; the built-in classifier answers when it cannot. */
    public ClassifyProcessor(FileStore files, ParseProcessor parser, Optional<LlmClassifier> llm) {
        this.files = files;
        this.parser = parser;
        this.llm = llm;
    }

    /** The classify config of a job, as the worker uses it (checked at create); no rules when the job has no classify section. */
    record Config(
            List<Classifier.Rule> rules, boolean multimodal, String lang, int maxPages, List<Integer> targetPages) {
        static Config of(JobConfig job) {
            ClassifyConfig c = job.getClassify();
            if (c == null) return new Config(List.of(), false, null, 5, null);
            List<Classifier.Rule> rules = new ArrayList<>();
            for (ClassifyRule r : c.getRules()) rules.add(new Classifier.Rule(r.getType(), r.getDescription()));
            return new Config(
                    rules, c.getMode() == ClassifyMode.MULTIMODAL, c.getLang(), c.getMaxPages(), c.getTargetPages());
        }

        /** The parse parameters that read what this classification needs (page images for a multimodal model). */
        ParseConfig parseConfig(boolean ocr, int pages, boolean screenshots) {
            return ParseConfig.newBuilder()
                    .setImagesToSave(screenshots ? List.of("screenshot") : List.of())
                    .setMaxPages(pages)
                    .setTargetPages(targetPages == null ? null : PageRanges.ranges(targetPages))
                    .setDisableOcr(!ocr)
                    .setLanguages(lang == null ? List.of() : List.of(lang))
                    .build();
        }
    }

    @Override
    public ItemResult process(ItemTask task, FileRecord file, ItemResult.Builder result) throws IOException {
        Config config = Config.of(JobConfigs.of(task));
        if (config.rules().isEmpty()) {
            return result.setStatus(ItemState.failed)
                    .setErrorCode(ErrorCode.INVALID_CONFIG)
                    .setErrorMessage("the job has no classification rules")
                    .setFinishedAt(Instant.now())
                    .build();
        }
        ItemResult.Builder attempt = ItemResult.newBuilder(result);
        ItemResult parsed = parser.process(
                withConfig(
                        task,
                        config.parseConfig(
                                config.multimodal(), config.maxPages(), config.multimodal() && llm.isPresent())),
                file,
                attempt);
        if (parsed.getStatus() != ItemState.completed) return parsed;
        JsonNode parse = load(parsed.getOutputLocation());
        if (!config.multimodal() && letters(parse) < 30) {
            // Nothing to read without OCR (a photo, a scan): read the first page anyway rather than answer blind.
            ItemResult again = parser.process(
                    withConfig(task, config.parseConfig(true, 1, false)), file, ItemResult.newBuilder(result));
            if (again.getStatus() == ItemState.completed) parse = load(again.getOutputLocation());
        }
        Classifier.Doc doc = Classifier.Doc.of(parse, file.getName(), config.lang(), config.multimodal());
        Answer answer = classify(task, config, doc, parse);
        ObjectNode out = output(answer, config, parse);
        String key = parsed.getOutputLocation();
        files.blobs().putObject(key, JSON.writeValueAsBytes(out));
        return result.setStatus(ItemState.completed)
                .setOutputLocation(key)
                .setFinishedAt(Instant.now())
                .build();
    }

    /** A classification and who made it (for the result's {@code classifier} field). */
    private record Answer(Classifier.Result result, String by) {}

    /** The model's answer when one is configured and answers; the built-in classifier's otherwise. */
    private Answer classify(ItemTask task, Config config, Classifier.Doc doc, JsonNode parse) throws IOException {
        Classifier.Result r = null;
        String by = "built-in";
        if (llm.isPresent()) {
            try {
                r = llm.get()
                        .classify(
                                doc.text(),
                                config.multimodal() ? ParsedImages.screenshots(files, task, parse) : List.of(),
                                config.rules());
                by = "model " + llm.get().model();
            } catch (IOException e) {
                log.warn(
                        "The model endpoint could not classify item {} of job {}; the built-in classifier answers: {}",
                        task.getItemId(),
                        task.getJobId(),
                        e.getMessage());
                by = "built-in (the model endpoint failed)"; // its reason, logged above, may name internal hosts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the model classified", e);
            }
        }
        if (r == null) r = classifier.classify(doc, config.rules());
        return new Answer(r, by);
    }

    /** The stored classification result. */
    private static ObjectNode output(Answer answer, Config config, JsonNode parse) {
        Classifier.Result r = answer.result();
        ObjectNode out = JSON.createObjectNode();
        out.put("classifier", answer.by());
        if (r.type() == null) out.putNull("type");
        else out.put("type", r.type());
        out.put("confidence", r.confidence());
        out.put("reasoning", r.reasoning());
        out.put("mode", config.multimodal() ? "MULTIMODAL" : "FAST");
        out.put("pages_read", parse.path("pages").size());
        ObjectNode scores = out.putObject("scores");
        r.scores().forEach(scores::put);
        return out;
    }

    /** The task the parse processor runs for this classification: a config of the parse section only. */
    private static ItemTask withConfig(ItemTask task, ParseConfig parse) {
        return ItemTask.newBuilder(task)
                .setConfig(JobConfig.newBuilder()
                        .setParse(parse)
                        .setParametersHash(task.getConfigHash())
                        .build())
                .build();
    }

    private static long letters(JsonNode parse) {
        long n = 0;
        for (JsonNode page : parse.path("pages"))
            n += page.path("text")
                    .asText("")
                    .codePoints()
                    .filter(Character::isLetter)
                    .count();
        return n;
    }

    private JsonNode load(String key) throws IOException {
        byte[] bytes = files.blobs()
                .getObject(key)
                .orElseThrow(() -> new IOException("the parse output at " + key + " is missing"));
        return JSON.readTree(bytes);
    }
}
