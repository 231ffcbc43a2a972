package dev.batch.worker.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.testkit.RequiredTools;
import dev.batch.worker.parse.OcrLayout;
import dev.batch.worker.parse.PrintedReceipt;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scan printed too small for Tesseract as it is: its fields come from the reading scaled up. */
class SmallScanExtractionTest {
    @TempDir
    Path dir;

    @Test
    void findsTheTotalAndDateOfAReceiptScannedWithSmallPrint() throws Exception {
        RequiredTools.require(RequiredTools.TESSERACT, OcrLayout.available());
        Path scan = PrintedReceipt.write(dir, 8);

        ExtractDocument doc = ExtractInput.image(scan, List.of("en"));
        JsonNode result =
                Extractor.extract(doc, new ObjectMapper().readTree("""
                        {"data_schema": {"type": "object", "properties": {
                          "purchase_date": {"type": "string", "format": "date"},
                          "amount_paid": {"type": "number", "description": "Final amount paid"}}}}""")).path("extract_result");

        assertThat(result.path("amount_paid").decimalValue()).isEqualByComparingTo("54.50");
        assertThat(result.path("purchase_date").asText()).isEqualTo("2018-05-27");
    }
}
