package dev.batch.worker.classify;

import dev.batch.worker.classify.Signals.Kind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a rule says of a document's look, tied to what the extractor's engine reads of its layout
 * ({@link Kind#SHAPE}): a rule that mentions a salutation, blanks to fill in, labelled fields, the
 * change given or whom to bill is matched by those shapes, whatever its words; and the types whose
 * shape tells them apart show it (an invoice bills, a receipt shows payment, a letter greets and
 * signs off) and are doubted when a document has the other type's shape. Cues in several languages,
 * as a rule may be written in any of them.
 */
final class LayoutConcepts {
    private LayoutConcepts() {}

    static void register() {
        Concepts.concept(
                "greeting",
                "salutation, greeting, greets, dear, opening line, opens with, anrede, begrussung, formule d'appel,"
                        + " salutation d'ouverture, saludo, saluto, aanhef",
                "",
                Kind.GREETING,
                Kind.SALUTATION);
        Concepts.concept(
                "sign_off",
                "closing, sign-off, sign off, signs off, signed by, signature block, sender's signature, sincerely, regards,"
                        + " complimentary close, valediction, grussformel, formule de politesse, despedida, firma del remitente",
                "",
                Kind.SIGN_OFF,
                Kind.CLOSING);
        Concepts.concept(
                "blanks",
                "blank, blanks, fill, fill out, fillable, to complete, completed by, check box, checkbox, tick box, tickbox,"
                        + " empty field, spaces to write, champ a remplir, remplir, cocher, case a cocher, ausfullen, auszufullen,"
                        + " kastchen, ankreuzen, rellenar, casilla, casillas, compilare, casella, invullen",
                "",
                Kind.FILL_INS,
                Kind.FORM_FIELDS,
                Kind.CHECKBOXES);
        Concepts.concept(
                "key_values",
                "field, fields, labelled, labeled, label, labels, key value, key-value, entries, champs, felder, campos, campi",
                "",
                Kind.KEY_VALUES,
                Kind.FORM_FIELDS);
        Concepts.concept(
                "payment_made",
                "change, change given, cash tendered, cash payment, tender, tendered, already paid, paid by card, paid in cash, card payment,"
                        + " payment method, method of payment, means of payment, till, cashier, especes, monnaie, rendu, ruckgeld,"
                        + " wechselgeld, barzahlung, efectivo, cambio, vuelto, contanti, resto",
                "",
                Kind.PAYMENT);
        Concepts.concept(
                "billing",
                "billed to, billing address, due date, payment due, amount due, balance due, payment terms, terms of payment,"
                        + " bank details, bank account, remittance, asking for payment, request for payment, requesting payment,"
                        + " payable, buyer, echeance, date d'echeance, zahlungsziel, falligkeit, vencimiento, scadenza",
                "",
                Kind.BILLING);
        shapesOfTypes();
    }

    /** The shapes of the types the thesaurus knows by their words, and the rule words in other languages. */
    private static void shapesOfTypes() {
        extend(
                "invoice",
                "facture, rechnung, factura, fattura, faktura, factuur, fatura",
                List.of(Kind.BILLING, Kind.ITEM_TABLE),
                List.of(Kind.PAYMENT));
        extend(
                "receipt",
                "recu, quittung, kassenbon, kassenzettel, ticket de caisse, recibo, ricevuta, scontrino, kvitto, paragon",
                List.of(Kind.PAYMENT),
                List.of(Kind.BILLING));
        extend("line_items", "posten, positionen, lignes, partidas, articoli", List.of(Kind.ITEM_TABLE), List.of());
        extend(
                "letter",
                "lettre, courrier, correspondance, brief, schreiben, korrespondenz, carta, lettera, brev",
                List.of(Kind.GREETING, Kind.SIGN_OFF),
                List.of());
        extend("signature", "unterschrift, firma, signe", List.of(Kind.SIGN_OFF), List.of());
        extend(
                "form",
                "formulaire, formular, formulario, modulo, fragebogen, antrag, questionario, formulier",
                List.of(Kind.FILL_INS),
                List.of());
        // a document that greets its reader is a letter, however much it says of a career (a CV may be signed)
        extend("resume", "lebenslauf, curriculum", List.of(), List.of(Kind.GREETING));
    }

    /**
     * A concept of the thesaurus with more cues (words of rules, in more languages), more structures
     * that show it, and the structures that speak against it.
     */
    private static void extend(String name, String cues, List<Kind> shows, List<Kind> against) {
        for (int i = 0; i < Concepts.ALL.size(); i++) {
            Concepts.Concept c = Concepts.ALL.get(i);
            if (!c.name().equals(name)) continue;
            List<List<String>> allCues = new ArrayList<>(c.cues());
            allCues.addAll(Concepts.stemmed(cues));
            Set<Kind> structures = new LinkedHashSet<>(c.structures());
            structures.addAll(shows);
            Set<Kind> contrary = new LinkedHashSet<>(c.against());
            contrary.addAll(against);
            Concepts.ALL.set(
                    i,
                    new Concepts.Concept(
                            name,
                            List.copyOf(allCues),
                            c.phrases(),
                            Set.copyOf(structures),
                            Set.copyOf(contrary),
                            c.weight()));
            return;
        }
        throw new IllegalArgumentException(name);
    }
}
