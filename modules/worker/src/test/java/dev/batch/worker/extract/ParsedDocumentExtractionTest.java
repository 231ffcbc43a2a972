package dev.batch.worker.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.extract.SchemaCheck;
import dev.batch.testkit.Corpus;
import dev.batch.worker.parse.DocumentParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fields, table rows and a proposed schema from parsed documents with text and geometry (PDF, XLSX). */
class ParsedDocumentExtractionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ExtractDocument invoice;
    private static ExtractDocument cups;

    @BeforeAll
    static void parse() throws Exception {
        DocumentParser parser = new DocumentParser();
        invoice = read("classify/invoice/doc-2e21d50f59a9.pdf", parser);
        cups = read("parse/xlsx/un__stanley-cups.xlsx", parser);
    }

    private static ExtractDocument read(String path, DocumentParser parser) throws Exception {
        Path file = Corpus.file(path);
        return ExtractInput.read(file, file.getFileName().toString(), List.of(), parser);
    }

    @Test
    void findsAnInvoicesNumberDateAndAmountDueByTheirLabels() throws Exception {
        JsonNode out = Extractor.extract(invoice, JSON.readTree("""
                {"data_schema": {"type": "object", "properties": {
                  "invoice_number": {"type": "string"},
                  "invoice_date": {"type": "string", "format": "date"},
                  "amount_due": {"type": "number", "description": "Total to pay"},
                  "account_number": {"type": "string"}}}}"""));
        JsonNode result = out.path("extract_result");
        assertThat(result.path("invoice_number").asText()).isEqualTo("42183017");
        assertThat(result.path("invoice_date").asText()).isEqualTo("2014-08-03");
        assertThat(result.path("amount_due").decimalValue()).isEqualByComparingTo("4.11");
        assertThat(result.path("account_number").asText()).isEqualTo("296664039561");
        JsonNode due = out.at("/extract_metadata/field_metadata/document_metadata/amount_due/citation/0");
        assertThat(due.path("matching_text").asText()).contains("4.11");
        assertThat(due.path("bbox").isObject()).isTrue();
    }

    @Test
    void givesOneObjectPerTableRowWithColumnsMatchedByTheirHeaders() throws Exception {
        JsonNode out = Extractor.extract(cups, JSON.readTree("""
                {"extraction_target": "per_table_row", "data_schema": {"type": "object", "properties": {
                  "team": {"type": "string"},
                  "location": {"type": "string", "description": "Where the team plays"},
                  "stanley_cups": {"type": "integer", "description": "How many cups it won"}}}}"""));
        JsonNode rows = out.path("extract_result");
        assertThat(rows.isArray()).isTrue();
        assertThat(rows.findValuesAsText("team")).contains("Blues", "Flyers", "Maple Leafs");
        JsonNode leafs = null;
        for (JsonNode r : rows) if (leafs == null && r.path("team").asText().equals("Maple Leafs")) leafs = r;
        assertThat(leafs.path("location").asText()).isEqualTo("TOR");
        assertThat(leafs.path("stanley_cups").asInt()).isEqualTo(13);
        JsonNode meta = out.at("/extract_metadata/field_metadata/row_metadata");
        assertThat(meta.size()).isEqualTo(rows.size());
        assertThat(meta.path(0)
                        .path("team")
                        .path("citation")
                        .path(0)
                        .path("matching_text")
                        .asText())
                .isNotEmpty();
    }

    @Test
    void proposesASchemaFromTheLabelsAndTablesOfADocument() throws Exception {
        JsonNode invoiceSchema = SchemaProposal.from(invoice);
        assertThat(invoiceSchema.path("properties").fieldNames())
                .toIterable()
                .contains("invoice_number", "invoice_date");
        assertThat(invoiceSchema.at("/properties/total/type").asText()).isEqualTo("number");
        assertThat(invoiceSchema.at("/properties/invoice_date/format").asText()).isEqualTo("date");
        assertThat(SchemaCheck.normalise(invoiceSchema).path("type").asText()).isEqualTo("object");
        JsonNode tableSchema = SchemaProposal.from(cups);
        assertThat(tableSchema.at("/properties/table_rows/items/properties").fieldNames())
                .toIterable()
                .contains("team", "location", "stanley_cups");
        assertThat(tableSchema
                        .at("/properties/table_rows/items/properties/stanley_cups/type")
                        .asText())
                .isEqualTo("number");
    }
}
