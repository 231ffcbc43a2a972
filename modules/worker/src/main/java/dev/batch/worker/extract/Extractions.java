package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.common.extract.SchemaCheck;
import dev.batch.common.extract.SchemaProblem;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One extraction as a worker runs it: by the model endpoint when one is configured, by the
 * built-in {@link Extractor} otherwise or when the model fails (its {@code extractor} then says
 * {@link #FALLBACK}; the reason is logged, not stored, since it may name internal hosts).
 */
public final class Extractions {
    private static final Logger log = LoggerFactory.getLogger(Extractions.class);
    public static final String FALLBACK = Extractor.NAME + " (the model endpoint failed)";

    private Extractions() {}

    /**
     * The document's page images (PNG, one for each of the document's pages in its order, as a parse's
     * screenshots), read only when the model is asked with images.
     */
    @FunctionalInterface
    public interface PageImages {
        List<byte[]> get() throws IOException;
    }

    /**
     * The extraction of {@code configuration} from {@code doc}; {@code item} names what is extracted
     * in the log (project, job, item). A bad schema or target is the request's fault, not the model's:
     * {@link SchemaProblem} or {@link IllegalArgumentException}, as from the built-in extractor.
     */
    public static ObjectNode run(
            ExtractDocument doc, JsonNode configuration, Optional<LlmExtractor> llm, PageImages pageImages, String item)
            throws SchemaProblem {
        if (llm.isEmpty()) return Extractor.extract(doc, configuration);
        SchemaCheck.normalise(configuration.path("data_schema"));
        try {
            List<byte[]> images = LlmExtractor.wantsImages(configuration) ? pageImages.get() : List.of();
            return llm.get().extract(doc, configuration, images);
        } catch (IOException e) {
            log.warn(
                    "The model endpoint could not extract {}; the built-in extractor answers: {}",
                    item,
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while the model extracted {}; the built-in extractor answers", item);
        }
        ObjectNode out = Extractor.extract(doc, configuration);
        out.put("extractor", FALLBACK);
        return out;
    }
}
