package dev.batch.worker.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DocumentShapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DocumentShape shape(String... lines) {
        ObjectNode parse = JSON.createObjectNode();
        parse.putArray("pages").addObject().put("text", String.join("\n", lines));
        return DocumentShape.of(ExtractDocument.ofParseResult(parse));
    }

    @Test
    void seesCashLessChangeAddUpToTheTotal() {
        DocumentShape paid = shape("Bread 2.35", "TOTAL 3.55", "CASH 10.00", "CHANGE 6.45");
        DocumentShape off = shape("Bread 2.35", "TOTAL 3.55", "CASH 10.00", "CHANGE 5.45");

        assertThat(paid.payments()).isEqualTo(2);
        assertThat(paid.paymentsAddUp()).isTrue();
        assertThat(off.paymentsAddUp()).isFalse();
        assertThat(shape("Total 630.00", "Amount paid 630.00").payments())
                .as("'paid' is said of invoices too")
                .isZero();
    }

    @Test
    void countsLabelsLeftBlankAndUnderscoresButNotASentenceEndingInAColonNorAContentsLeader() {
        assertThat(shape("Surname:", "Given names:", "Date of birth: ________").fillIns())
                .isEqualTo(3);
        assertThat(shape("We found the following. Specifically:", "Reference ID: 5295642")
                        .fillIns())
                .isZero();
        assertThat(shape("Introduction . . . . . . . . 3", "Methods ........ 7").fillIns())
                .isZero();
        assertThat(shape("Tick one: [ ] yes  [x] no").fillIns()).isEqualTo(2);
    }

    @Test
    void findsAGreetingAtTheTopAndASignatureBelowAClosingOrAPlaceAndDate() {
        String body = "We are writing about your order, which has now been sent.";
        DocumentShape english = shape("Dear Ms Novak,", body, body, "Kind regards,", "Peter Hall");
        DocumentShape german =
                shape("Sehr geehrte Damen und Herren,", body, body, "Mit freundlichen Grüßen", "", "Anna Weber");
        DocumentShape dated = shape("Hello Anna,", body, body, "Berlin, 21. März 2022", "Karl Schmidt");

        assertThat(english.greetings()).isEqualTo(1);
        assertThat(english.signOffs()).isEqualTo(1);
        assertThat(german.greetings()).isEqualTo(1);
        assertThat(german.signOffs()).isEqualTo(1);
        assertThat(dated.signOffs()).isEqualTo(1);
        assertThat(shape("Cara Rossi", "Hi-Tech Ltd, 2019 - 2024", body).greetings())
                .as("a name or a company heading a CV")
                .isZero();
        assertThat(shape(body, "Regards are due to the committee for its work on the report.", body)
                        .signOffs())
                .isZero();
    }

    @Test
    void findsItemRowsUnderAHeaderOfItemColumnsAndBillingDetails() {
        DocumentShape invoice = shape(
                "Bill to: Harbour Cafe",
                "Due date: 05/03/2025",
                "Description    Qty   Unit price   Amount",
                "Sign             1       420.00   420.00",
                "Boards           3        35.00   105.00",
                "Total                             525.00");

        assertThat(invoice.itemRows()).isEqualTo(2);
        assertThat(invoice.billing()).isEqualTo(2);
        assertThat(invoice.totals()).isEqualTo(1);
    }

    @Test
    void readsTheShapeOfAVeryLongTextFromItsFirstLines() {
        String[] lines = new String[20_000];
        Arrays.fill(lines, "Name:");

        assertThat(shape(lines).fillIns()).isEqualTo(2999);
    }
}
