package dev.batch.worker.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldMeaningTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "amount_paid | Final amount the customer had to pay, taxes included | total",
                "grand_total | | total",
                "Gesamtbetrag | Zu zahlender Betrag | total",
                "montant_total | Montant TTC payé | total",
                "tax_amount | | tax",
                "merchant_name | | issuer",
                "nom_du_magasin | | issuer",
                "Händler | Name des Geschäfts | issuer",
                "store_address | | address",
                "adresse | Adresse du commerçant | address",
                "purchase_date | | date",
                "Rechnungsdatum | | date",
                "date_achat | | date",
                "invoice_number | | number",
                "due_date | | due_date",
            })
    void readsWhatAFieldMeansFromItsNameAndDescription(String name, String description, String concept) {
        FieldSpec f =
                new FieldSpec(name, description == null ? "" : description, "string", "", List.of(), List.of(), null);
        assertThat(FieldMeaning.of(f, false).conceptName()).isEqualTo(concept);
    }
}
