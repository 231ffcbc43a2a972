package dev.batch.worker.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One field's answers from several OCR readings of a scan, combined. */
class ReadingVoteTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static FieldMeaning field(String name, String type, String format) {
        return FieldMeaning.of(new FieldSpec(name, "", type, format, List.of(), List.of(), null), false);
    }

    private static Answer answer(JsonNode value, double confidence) {
        return new Answer(value, confidence, List.of(), "read");
    }

    @Test
    void anAmountTwoReadingsAgreeOnBeatsASurerReadingOfItsOwn() {
        Answer a = ReadingVote.of(
                field("total", "number", ""),
                List.of(
                        answer(F.numberNode(60.31), 0.9),
                        answer(F.numberNode(60.30), 0.6),
                        answer(F.numberNode(60.3), 0.5)));
        assertThat(a.value().decimalValue()).isEqualByComparingTo("60.30");
        assertThat(a.reasoning()).contains("2 of 3 OCR readings");
    }

    @Test
    void aDateTwoReadingsAgreeOnBeatsTheFirstReadings() {
        Answer a = ReadingVote.of(
                field("purchase_date", "string", "date"),
                List.of(
                        answer(F.textNode("2018-05-21"), 0.8),
                        answer(F.textNode("2018-05-27"), 0.4),
                        answer(F.textNode("2018-05-27"), 0.5)));
        assertThat(a.value().asText()).isEqualTo("2018-05-27");
    }

    @Test
    void theFirstReadingStandsWhenNoTwoReadingsAgree() {
        Answer a = ReadingVote.of(
                field("total", "number", ""),
                List.of(
                        answer(F.numberNode(7.00), 0.7),
                        answer(F.numberNode(6), 0.9),
                        answer(F.numberNode(6.60), 0.95)));
        assertThat(a.value().decimalValue()).isEqualByComparingTo("7.00");
    }

    @Test
    void anotherReadingAnswersWhenTheFirstFoundNothing() {
        Answer a = ReadingVote.of(
                field("purchase_date", "string", "date"),
                List.of(Answer.none("not found", 0.05), answer(F.textNode("2018-03-11"), 0.6)));
        assertThat(a.value().asText()).isEqualTo("2018-03-11");
    }

    @Test
    void textTakesAnotherReadingOnlyWhenItIsClearlySurer() {
        FieldMeaning merchant = field("merchant", "string", "");
        Answer close = ReadingVote.of(
                merchant, List.of(answer(F.textNode("JIAWEI HOUSE"), 0.7), answer(F.textNode("JIAWEI HOUSE"), 0.75)));
        assertThat(close.confidence()).isEqualTo(0.7);
        Answer surer = ReadingVote.of(
                merchant, List.of(answer(F.textNode("JIAWE| HOUSE"), 0.5), answer(F.textNode("JIAWEI HOUSE"), 0.8)));
        assertThat(surer.value().asText()).isEqualTo("JIAWEI HOUSE");
    }
}
