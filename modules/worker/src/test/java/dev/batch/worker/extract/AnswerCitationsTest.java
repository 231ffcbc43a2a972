package dev.batch.worker.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.common.config.Config;
import dev.batch.worker.WorkerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a model's values are found in a document for their citations, and how sure each citation is. */
class AnswerCitationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A receipt as OCR reads it: one line a row, boxes 20 pixels high. */
    private static final ExtractDocument RECEIPT = page(
            "ACME TRADING SDN BHD",
            "NO 12 JALAN BESAR,",
            "43000 KAJANG SELANGOR",
            "Date: 04/03/2018 10:42",
            "2 x COFFEE 7.00",
            "1 x COFFEE 3.50",
            "TOTAL RM 1.234,50");

    private static ExtractDocument page(String... lines) {
        List<ExtractDocument.Line> out = new ArrayList<>();
        for (String text : lines) {
            Box box = new Box(10, 10 + 30 * out.size(), 8 * text.length(), 20);
            out.add(new ExtractDocument.Line(
                    1, out.size(), text, List.of(new ExtractDocument.Piece(0, text.length(), box)), box, 0.9));
        }
        return new ExtractDocument(List.of(new ExtractDocument.Page(1, 600, 800, out, List.of())));
    }

    private static ObjectNode cite(String schema, String answer) throws Exception {
        ObjectNode metadata = JSON.createObjectNode();
        new AnswerCitations(new DocIndex(RECEIPT), true, true)
                .object(FieldSpec.fields(JSON.readTree(schema)), JSON.readTree(answer), metadata, -1);
        return metadata;
    }

    @Test
    void citesAnAmountAndADateHoweverTheDocumentWritesThem() throws Exception {
        ObjectNode m = cite("""
                {"properties": {"total": {"type": "number"}, "date": {"type": "string", "format": "date"}}}""", "{\"total\": 1234.5, \"date\": \"2018-03-04\"}");
        assertThat(m.at("/total/citation/0/matching_text").asText()).isEqualTo("RM 1.234,50");
        assertThat(m.at("/total/citation/0/bbox/y").asDouble()).isEqualTo(190);
        assertThat(m.at("/total/confidence").asDouble()).isEqualTo(ValueLocator.SAME_VALUE);
        assertThat(m.at("/date/citation/0/matching_text").asText()).isEqualTo("04/03/2018");
    }

    @Test
    void citesAnAddressWrittenOverTwoLinesByItsWordsWithLessConfidence() throws Exception {
        ObjectNode m = cite(
                "{\"properties\": {\"address\": {\"type\": \"string\"}, \"company\": {\"type\": \"string\"}}}",
                "{\"address\": \"No. 12, Jalan Besar, 43000 Kajang, Selangor\", \"company\": \"Acme Holdings\"}");
        assertThat(m.at("/address/citation").findValuesAsText("matching_text"))
                .containsExactly("NO 12 JALAN BESAR,", "43000 KAJANG SELANGOR");
        assertThat(m.at("/address/confidence").asDouble()).isBetween(0.5, ValueLocator.OVER_LINES);
        assertThat(m.at("/company/citation").isEmpty())
                .as("half its words are not enough")
                .isTrue();
        assertThat(m.at("/company/confidence").asDouble()).isEqualTo(AnswerCitations.NOT_IN_TEXT);
    }

    @Test
    void citesEachItemOnItsOwnLineWhenItemsShareAValue() throws Exception {
        ObjectNode m = cite("""
                {"properties": {"items": {"type": "array", "items": {"type": "object", "properties": {
                  "quantity": {"type": "integer"}, "name": {"type": "string"}, "price": {"type": "number"}}}}}}""", """
                {"items": [{"quantity": 2, "name": "Coffee", "price": 7.0},
                           {"quantity": 1, "name": "Coffee", "price": 3.5}]}""");
        assertThat(m.at("/items/0/name/citation/0/bbox/y").asDouble()).isEqualTo(130);
        assertThat(m.at("/items/1/name/citation/0/bbox/y").asDouble())
                .as("the second 'Coffee' is the one on the 3.50 line")
                .isEqualTo(160);
    }

    @Test
    void theWorkerMakesAModelExtractorOnlyWhenAnEndpointIsConfigured() {
        assertThat(WorkerSettings.llmExtractor(Config.of(Map.of()))).isEmpty();
        assertThat(WorkerSettings.llmExtractor(Config.of(
                                Map.of("BATCH_LLM_URL", "http://127.0.0.1:1/v1", "BATCH_LLM_MODEL", "tiny-model")))
                        .map(LlmExtractor::name))
                .contains("model tiny-model");
    }
}
