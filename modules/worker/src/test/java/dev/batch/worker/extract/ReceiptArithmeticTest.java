package dev.batch.worker.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A receipt's total put right by its own arithmetic where OCR misread or lost the printed one. */
class ReceiptArithmeticTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = """
            {"data_schema": {"type": "object", "properties": {
              "amount_paid": {"type": "number", "description": "Final amount the customer had to pay"}}}}""";

    /** Lines of text as OCR gives them, without geometry: one page, in order. */
    static ExtractDocument lines(String... texts) {
        List<ExtractDocument.Line> lines = new ArrayList<>();
        for (String t : texts) {
            lines.add(new ExtractDocument.Line(
                    1, lines.size(), t, List.of(new ExtractDocument.Piece(0, t.length(), null)), null, 0.9));
        }
        return new ExtractDocument(List.of(new ExtractDocument.Page(1, 0, 0, List.copyOf(lines), List.of())));
    }

    private static JsonNode total(ExtractDocument doc) throws Exception {
        return Extractor.extract(doc, JSON.readTree(SCHEMA)).at("/extract_result/amount_paid");
    }

    @Test
    void takesWhatWasTenderedLessTheChangeWhenThePrintedTotalWasMisread() throws Exception {
        ExtractDocument doc = lines(
                "THE STORE SDN BHD",
                "NOTE BOOK 2 12.40",
                "WORKER'S CARD 1 23.40",
                "TOTAL PAYABLE AMOUNT 5.90",
                "CASH 50.00",
                "CHANGE 14.20",
                "THANK YOU");
        assertThat(total(doc).decimalValue()).isEqualByComparingTo("35.80");
    }

    @Test
    void readsAChangeLabelOneLetterOffButNotAServiceCharge() throws Exception {
        ExtractDocument misread = lines("ITEM 1 30.00", "TOTAL 5.90", "CASH 50.00", "CHANQE 14.20");
        assertThat(total(misread).decimalValue()).isEqualByComparingTo("35.80");
        ExtractDocument charge = lines("ITEM 1 31.50", "SERVICE CHARGE 3.50", "TOTAL 35.00", "CASH 50.00");
        assertThat(total(charge).decimalValue()).isEqualByComparingTo("35.00");
    }

    @Test
    void putsRightATotalOneLookAlikeDigitOffTheAmountBeforeTaxPlusTax() throws Exception {
        ExtractDocument doc = lines(
                "BRAISED PORK 2.0 7.00 14.00",
                "ROAST PORK 1.0 11.90 11.90",
                "Total Qty: 7 51.42",
                "Total GST 3.08",
                "Rounding 0.00",
                "Total Sales (Inclusive of GST) 64.50");
        assertThat(total(doc).decimalValue()).isEqualByComparingTo("54.50");
    }

    @Test
    void keepsATotalRoundedToTheCoin() throws Exception {
        ExtractDocument doc =
                lines("ITEMS 106.00", "Total Excl GST 106.00", "GST 6% 6.36", "Rounding -0.01", "Total 112.35");
        assertThat(total(doc).decimalValue()).isEqualByComparingTo("112.35");
    }

    @Test
    void takesASubtotalNoTotalFollowsAsTheTotal() throws Exception {
        ExtractDocument doc = lines(
                "KUO POH (2 PAX) 6.00", "MUTTON SLICE 15.00", "NO. OF HEAD 60.00", "Subtotal : 93.00", "THANK YOU");
        assertThat(total(doc).decimalValue()).isEqualByComparingTo("93.00");
    }

    @Test
    void readsCentsSetOffByASpaceAfterAMisreadCurrency() throws Exception {
        ExtractDocument doc = lines("OIL 4005 7.20", "SUGAR 3 21.60", "Nett Total R28 05", "ZR 6.43 0.00");
        assertThat(total(doc).decimalValue()).isEqualByComparingTo("28.05");
    }
}
