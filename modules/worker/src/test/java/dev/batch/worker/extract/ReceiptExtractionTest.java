package dev.batch.worker.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.RequiredTools;
import dev.batch.worker.parse.DocumentParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fields of scanned receipts (SROIE, read by OCR), by schemas worded in English, German and French. */
class ReceiptExtractionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ExtractDocument shell;
    private static ExtractDocument gift;

    @BeforeAll
    static void readReceipts() throws Exception {
        RequiredTools.require(RequiredTools.TESSERACT, DocumentParser.ocrAvailable());
        DocumentParser parser = new DocumentParser();
        shell = read("extract/receipts/sroie__019.jpg", parser);
        gift = read("extract/receipts/sroie__001.jpg", parser);
    }

    private static ExtractDocument read(String path, DocumentParser parser) throws Exception {
        Path file = Corpus.file(path);
        return ExtractInput.read(file, file.getFileName().toString(), List.of("en"), parser);
    }

    private static JsonNode extract(ExtractDocument doc, String schema) throws Exception {
        return Extractor.extract(doc, JSON.readTree("{\"data_schema\": " + schema + "}"));
    }

    private static final String RECEIPT = """
            {"type": "object", "properties": {
              "store": {"type": "string", "description": "Business that sold the goods"},
              "purchase_date": {"type": "string", "format": "date"},
              "total": {"type": "number", "description": "Amount paid"}}}""";

    @Test
    void findsTheTotalDateAndCompanyOfAScannedReceiptWithCitations() throws Exception {
        JsonNode out = extract(shell, RECEIPT);
        JsonNode result = out.path("extract_result");
        assertThat(result.path("total").decimalValue()).isEqualByComparingTo("86.00");
        assertThat(result.path("purchase_date").asText()).isEqualTo("2018-03-18");
        assertThat(result.path("store").asText()).contains("PETRO TRADING");
        JsonNode total = out.path("extract_metadata")
                .path("field_metadata")
                .path("document_metadata")
                .path("total");
        JsonNode citation = total.path("citation").path(0);
        assertThat(citation.path("page").asInt()).isEqualTo(1);
        assertThat(citation.path("matching_text").asText()).contains("86.00");
        assertThat(citation.path("bbox").path("w").asDouble()).isPositive();
        assertThat(citation.path("bbox").path("y").asDouble())
                .as("the total is in the lower part of the receipt")
                .isGreaterThan(citation.path("page_dimensions").path("height").asDouble() / 3);
        assertThat(total.path("confidence").asDouble()).isBetween(0.5, 1.0);
    }

    @Test
    void findsTheTotalFromWhatWasTenderedLessTheChangeWhenItsLabelIsUnreadable() throws Exception {
        JsonNode result = extract(gift, RECEIPT).path("extract_result");
        assertThat(result.path("total").decimalValue()).isEqualByComparingTo("60.30");
        assertThat(result.path("purchase_date").asText()).isEqualTo("2018-10-19");
    }

    @Test
    void readsTheIssuersAddressUnderItsName() throws Exception {
        JsonNode result = extract(gift, """
                {"type": "object", "properties": {"merchant_address": {"type": "string"}}}""").path("extract_result");
        assertThat(result.path("merchant_address").asText())
                .contains("JOHOR JAYA")
                .contains("81100 JOHOR BAHRU");
    }

    @Test
    void matchesFieldsNamedInGermanAndFrench() throws Exception {
        JsonNode german = extract(shell, """
                {"type": "object", "properties": {
                  "Händler": {"type": "string"}, "Kaufdatum": {"type": "string"}, "Gesamtbetrag": {"type": "number"}}}""").path("extract_result");
        assertThat(german.path("Gesamtbetrag").decimalValue()).isEqualByComparingTo("86.00");
        assertThat(german.path("Kaufdatum").asText()).isEqualTo("2018-03-18");
        assertThat(german.path("Händler").asText()).contains("PETRO TRADING");
        JsonNode french = extract(gift, """
                {"type": "object", "properties": {
                  "nom_du_magasin": {"type": "string"}, "date_d_achat": {"type": "string", "format": "date"},
                  "montant_total": {"type": "number", "description": "Montant payé TTC"}}}""").path("extract_result");
        assertThat(french.path("montant_total").decimalValue()).isEqualByComparingTo("60.30");
        assertThat(french.path("date_d_achat").asText()).isEqualTo("2018-10-19");
        assertThat(french.path("nom_du_magasin").asText()).contains("INDAH GIFT");
    }

    @Test
    void aFieldTheReceiptDoesNotShowIsNullWithALowConfidenceThatSaysSo() throws Exception {
        JsonNode out = extract(shell, """
                {"type": "object", "properties": {
                  "iban": {"type": "string", "description": "Bank account to pay into"},
                  "due_date": {"type": "string", "format": "date"}}}""");
        assertThat(out.path("extract_result").path("iban").isNull()).isTrue();
        assertThat(out.path("extract_result").path("due_date").isNull()).isTrue();
        JsonNode iban = out.path("extract_metadata")
                .path("field_metadata")
                .path("document_metadata")
                .path("iban");
        assertThat(iban.path("confidence").asDouble()).isLessThan(0.2);
        assertThat(iban.path("reasoning").asText()).contains("not found");
        assertThat(iban.path("citation")).isEmpty();
    }

    @Test
    void theResultIsValidAgainstTheSchema() throws Exception {
        String schema = """
                {"type": "object", "required": ["store", "purchase_date", "total"], "additionalProperties": false,
                 "properties": {
                  "store": {"type": "string", "minLength": 3},
                  "purchase_date": {"type": "string", "format": "date"},
                  "total": {"type": "number", "minimum": 0}}}""";
        JsonNode out = extract(shell, schema);
        assertThat(ResultCheck.strictErrors(JSON.readTree(schema), out.path("extract_result")))
                .isEmpty();
        assertThat(out.has("schema_violations")).isFalse();
    }

    @Test
    void readsLineItemsAsAnArrayOfObjectsFromTheItemLines() throws Exception {
        JsonNode out = extract(gift, """
                {"type": "object", "properties": {
                  "customer": {"type": "object", "properties": {"name": {"type": "string"}}},
                  "items": {"type": "array", "items": {"type": "object", "properties": {
                    "description": {"type": "string"}, "quantity": {"type": "integer"},
                    "unit_price": {"type": "number"}, "amount": {"type": "number"}}}}}}""");
        JsonNode items = out.path("extract_result").path("items");
        assertThat(items.size()).isEqualTo(2);
        JsonNode lamp = items.get(1);
        assertThat(lamp.path("description").asText()).contains("TABLE LAMP");
        assertThat(lamp.path("quantity").asInt()).isEqualTo(1);
        assertThat(lamp.path("amount").decimalValue()).isEqualByComparingTo("55.90");
        JsonNode lampMeta = out.at("/extract_metadata/field_metadata/document_metadata/items/1/amount");
        assertThat(lampMeta.path("citation").path(0).path("matching_text").asText())
                .isEqualTo("55.90");
        assertThat(out.at("/extract_result/customer/name").isNull()).isTrue();
    }

    @Test
    void readsEveryPageOnItsOwnPerPage() throws Exception {
        JsonNode out = Extractor.extract(
                shell, JSON.readTree("{\"extraction_target\": \"per_page\", \"data_schema\": " + RECEIPT + "}"));
        assertThat(out.path("extract_result").isArray()).isTrue();
        assertThat(out.path("extract_result").path(0).path("total").decimalValue())
                .isEqualByComparingTo("86.00");
        assertThat(out.path("extract_metadata")
                        .path("field_metadata")
                        .path("page_metadata")
                        .size())
                .isEqualTo(1);
    }
}
