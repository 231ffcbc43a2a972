package dev.batch.worker.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.batch.testkit.Corpus;
import dev.batch.worker.parse.DocumentParser;
import dev.batch.worker.parse.ParseOptions;
import dev.batch.worker.parse.ParseResult;
import dev.batch.worker.parse.ParsedDocument;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built-in classifier on real documents of the classify corpus, with the rules a user would write. */
class ClassifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper SNAKE =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private final DocumentParser parser = new DocumentParser();
    private final Classifier classifier = new Classifier();

    private static List<Classifier.Rule> rules() throws Exception {
        List<Classifier.Rule> out = new ArrayList<>();
        for (JsonNode r : JSON.readTree(
                Path.of("..", "..", "bench", "classify-rules.json").toFile())) {
            out.add(new Classifier.Rule(
                    r.get("type").asText(), r.get("description").asText()));
        }
        return out;
    }

    private Classifier.Doc doc(String file) throws Exception {
        return doc(file, false);
    }

    private Classifier.Doc doc(String file, boolean layout) throws Exception {
        Path path = Corpus.file(file);
        ParseOptions options = ParseOptions.of("{\"parameters\": {\"max_pages\": 5, \"disable_ocr\": true}}");
        ParsedDocument d;
        try (InputStream in = Files.newInputStream(path)) {
            d = parser.parse(in, path.getFileName().toString(), options);
        }
        JsonNode parsed = SNAKE.valueToTree(
                ParseResult.of("job", "item", "file", path.getFileName().toString(), "proj", d, options));
        return Classifier.Doc.of(parsed, path.getFileName().toString(), null, layout);
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource({
        "classify/meeting_minutes/doc-8e01f32e6a40.pdf, meeting_minutes, fr", // a French procès-verbal
        "classify/job_description/doc-05ae36a93197.pdf, job_description, es", // a Spanish job posting
        "classify/financial_report/doc-517c394a000b.pdf, financial_report, zh", // a Chinese quarterly report
        "classify/receipt/doc-8ca00c8a359e.txt, receipt, de", // noisy OCR text of a German receipt
        "classify/invoice/doc-2e21d50f59a9.pdf, invoice, en",
        "classify/scientific_paper/doc-a6db6d2f5e4f.pdf, scientific_paper, en"
    })
    void recognisesDocumentsInOtherLanguagesThanTheRules(String file, String type, String language) throws Exception {
        Classifier.Doc d = doc(file);
        assertThat(d.language()).isEqualTo(language);
        Classifier.Result r = classifier.classify(d, rules());
        assertThat(r.type()).as(r.reasoning()).isEqualTo(type);
        assertThat(r.confidence()).isGreaterThan(0.6);
        assertThat(r.reasoning()).startsWith("Looks like " + type + ":");
    }

    @Test
    void seesColumnsAndALetterheadInMultimodalOnly() throws Exception {
        assertThat(doc("classify/scientific_paper/doc-3662ff519e48.pdf", true)
                        .signals()
                        .count(Signals.Kind.COLUMNS))
                .isPositive();
        assertThat(doc("classify/scientific_paper/doc-3662ff519e48.pdf", false)
                        .signals()
                        .count(Signals.Kind.COLUMNS))
                .isZero();
        assertThat(doc("classify/job_description/doc-d0b9d4bbc814.pdf", true)
                        .signals()
                        .count(Signals.Kind.COLUMNS))
                .isZero();
        assertThat(doc("classify/invoice/doc-2e21d50f59a9.pdf", true).signals().count(Signals.Kind.LETTERHEAD))
                .isPositive();
    }

    @Test
    void answersNullWhenNoRuleDescribesTheDocument() throws Exception {
        List<Classifier.Rule> narrow = rules().stream()
                .filter(r -> r.type().equals("invoice") || r.type().equals("receipt"))
                .toList();
        Classifier.Result r = classifier.classify(doc("classify/resume/doc-ff27c77e4cd1.pdf"), narrow);
        assertThat(r.type()).as(r.reasoning()).isNull();
        assertThat(r.confidence()).isLessThan(0.5);
        assertThat(r.reasoning()).startsWith("No rule fits well");
    }

    @Test
    void saysWhyWhenADocumentHasNoText() throws Exception {
        Classifier.Result r = classifier.classify(doc("classify/receipt/doc-1cc15c54ef1e.jpg"), rules());
        assertThat(r.type()).isNull();
        assertThat(r.confidence()).isZero();
        assertThat(r.reasoning()).contains("needs OCR");
    }
}
