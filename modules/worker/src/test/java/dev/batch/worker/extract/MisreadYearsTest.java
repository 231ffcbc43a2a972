package dev.batch.worker.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Dates whose year lies in the future, put right where one look-alike digit makes them past. */
class MisreadYearsTest {
    private static final LocalDate HORIZON = LocalDate.of(2026, 12, 6);

    @Test
    void aYearInTheFutureTakesTheYearOneLookAlikeDigitMakesPast() {
        assertThat(MisreadYears.repaired(LocalDate.of(2078, 4, 20), HORIZON)).isEqualTo(LocalDate.of(2018, 4, 20));
        assertThat(MisreadYears.repaired(LocalDate.of(2816, 2, 28), HORIZON)).isEqualTo(LocalDate.of(2016, 2, 28));
    }

    @Test
    void aPlausibleYearOrOneWithoutASingleRepairStaysAsRead() {
        assertThat(MisreadYears.repaired(LocalDate.of(2018, 4, 20), HORIZON)).isNull();
        assertThat(MisreadYears.repaired(LocalDate.of(2055, 1, 1), HORIZON)).isNull();
    }

    @Test
    void anImplausibleYearLosesToThePlausibleReadingOfIt() throws Exception {
        ExtractDocument doc = ReceiptArithmeticTest.lines(
                "KEDAI PAPAN YEW CHUAN", "Date : 20/04/2078", "TOTAL 87.45", "CASH 100.00", "CHANGE 12.55");
        var out = Extractor.extract(doc, new ObjectMapper().readTree("""
                {"data_schema": {"type": "object", "properties": {
                  "purchase_date": {"type": "string", "format": "date"}}}}"""));
        assertThat(out.at("/extract_result/purchase_date").asText()).isEqualTo("2018-04-20");
        assertThat(out.at("/extract_metadata/field_metadata/document_metadata/purchase_date/reasoning")
                        .asText())
                .contains("misread 2018");
    }
}
