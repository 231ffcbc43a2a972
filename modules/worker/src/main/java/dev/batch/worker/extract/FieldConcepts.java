package dev.batch.worker.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * The extractor's thesaurus of document fields, as the classifier's {@code Concepts} is of document
 * types: a concept is recognised in a schema field's name and description by cue words in several
 * languages (folded: lower case, no accents; a cue matches a word, its plural and, for longer cues,
 * the compounds it starts or ends, so "Gesamtbetrag" and "Rechnungsdatum" count), and in a document
 * by its labels ("Total", "Net à payer", "Summe") and the labels that look alike but mean something
 * else ("Subtotal", "Cash", "Change" are not the total). What a value must look like and where it
 * usually sits (issuer at the top, totals at the bottom) come with it.
 *
 * <p>General knowledge of documents, not of any corpus or any one schema's wording.
 */
final class FieldConcepts {
    private FieldConcepts() {}

    /** What a concept's value looks like. */
    enum Kind {
        AMOUNT,
        DATE,
        ORGANISATION,
        PERSON,
        ADDRESS,
        IDENTIFIER,
        PHONE,
        EMAIL,
        URL,
        CURRENCY,
        QUANTITY,
        TEXT
    }

    /** Where on a page a concept's value usually is. */
    enum Place {
        TOP,
        BOTTOM,
        ANYWHERE
    }

    /** A concept: cue words of schemas (weighted), labels in documents, labels that exclude it, kind, place. */
    record Concept(String name, List<Cue> cues, List<String> labels, List<String> notLabels, Kind kind, Place place) {}

    /** A cue word or phrase (folded) and how much it says: generic words ("amount", "name") say less. */
    record Cue(String text, double weight) {}

    static final List<Concept> ALL = new ArrayList<>();

    private static void concept(String name, Kind kind, Place place, String cues, String labels, String notLabels) {
        List<Cue> parsed = new ArrayList<>();
        for (String c : cues.split(",")) {
            String t = c.strip();
            if (t.isEmpty()) continue;
            double w = 1;
            int colon = t.lastIndexOf(':');
            if (colon > 0) {
                w = Double.parseDouble(t.substring(colon + 1));
                t = t.substring(0, colon);
            }
            parsed.add(new Cue(Text.fold(t), w));
        }
        ALL.add(new Concept(name, List.copyOf(parsed), folded(labels), folded(notLabels), kind, place));
    }

    private static List<String> folded(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            String f = Text.fold(s.strip());
            if (!f.isEmpty()) out.add(f);
        }
        return List.copyOf(out);
    }

    static Concept named(String name) {
        for (Concept c : ALL) if (c.name().equals(name)) return c;
        throw new IllegalArgumentException(name);
    }

    static {
        concept(
                "total",
                Kind.AMOUNT,
                Place.BOTTOM,
                "total:1.5, grand total:2, amount due:2, amount payable:2, balance due:2, payable, to pay, sum:0.7, paid:0.6,"
                        + " amount:0.6, price:0.4, cost:0.5, charged:0.6, spent:0.6, totaal:1.5, gesamt:1.5, summe, endbetrag:1.5,"
                        + " betrag:0.7, zahlbetrag:1.5, montant:0.7, importe:0.7, totale:1.5, importo:0.7, valor:0.5, bedrag:0.7,"
                        + " net a payer:2, a payer, a pagar, da pagare, te betalen, 合计:1.5, 总计:1.5, 总额:1.5, 金额:0.7",
                "total, grand total, total amount, amount due, total due, balance due, amount payable, total payable, nett total,"
                        + " net total, total sales, total incl, total inclusive, rounded total, total rounded, total to pay, amount to pay,"
                        + " payable amount, total (rm), total rm, amount, gesamt, gesamtbetrag, summe, endsumme, endbetrag, zu zahlen,"
                        + " zahlbetrag, betrag, total ttc, montant total, montant ttc, net a payer, total a payer, montant du, a payer,"
                        + " importe total, total a pagar, importe, totale, totale complessivo, da pagare, importo, valor total, totaal,"
                        + " te betalen, bedrag, 合计, 总计, 合計, 总额, 金额",
                "subtotal, sub total, sub-total, total qty, total quantity, total items, total item, total excl, total excluding,"
                        + " excl, exclusive, before tax, cash, change, tendered, tender, accepted, received, rounding, round adj, rounding adj, adjustment,"
                        + " tax, gst, vat, sst, service charge, service tax, discount, saving, savings, you saved, points, card, visa,"
                        + " mastercard, credit, debit, paid, pay, zwischensumme, zwischen summe, netto, mwst, ust, gegeben, ruckgeld,"
                        + " sous-total, sous total, total ht, hors taxe, rendu, monnaie, especes, cambio, efectivo, subtotale, resto,"
                        + " contanti, 找零, 现金, total disc, total discount, total savings, deposit");
        concept(
                "subtotal",
                Kind.AMOUNT,
                Place.BOTTOM,
                "subtotal:2, sub total:2, net amount:1.5, before tax:2, untaxed:2, excluding tax:2, pre tax:2, excl:1.5,"
                        + " zwischensumme:2, nettobetrag:2, sous-total:2, hors taxe:2, subtotale:2, base imponible:2",
                "subtotal, sub total, sub-total, total excl, total excluding, total excluding gst, total before tax, amount before tax,"
                        + " net amount, zwischensumme, nettobetrag, netto, sous-total, sous total, total ht, montant ht, subtotale,"
                        + " base imponible, imponibile",
                "");
        concept(
                "tax",
                Kind.AMOUNT,
                Place.BOTTOM,
                "tax:2, vat:2, gst:2, sst:2, mwst:2, ust:1.5, tva:2, iva:2, steuer:2, impuesto:2, taxe:2, imposta:2, 税:2",
                "tax, total tax, tax amount, sales tax, gst, gst amount, total gst, vat, vat amount, sst, service tax, mwst, ust,"
                        + " tva, iva, impuesto, imposta, 税额",
                "tax invoice, gst id, gst no, gst reg, tax id, vat no, vat number, vat reg, tax number, tax code, incl, inclusive");
        concept(
                "date",
                Kind.DATE,
                Place.ANYWHERE,
                "date:1.5, dated, day:0.5, issued:0.7, datum:1.5, fecha:1.5, data:1, 日期:1.5, time:0.3, when:0.5",
                "date, invoice date, receipt date, bill date, transaction date, txn date, purchase date, sale date, order date,"
                        + " date of issue, issue date, issued, dated, datum, rechnungsdatum, belegdatum, kaufdatum, fecha,"
                        + " fecha de emision, data, date de facture, date facture, date d'emission, 日期",
                "due date, due, expiry, expires, exp, valid until, valid till, delivery date, ship date, date of birth, faellig,"
                        + " zahlbar bis, echeance, vencimiento, scadenza, check out, period");
        concept(
                "due_date",
                Kind.DATE,
                Place.ANYWHERE,
                "due:2, due date:2.5, deadline:2, pay by:2, payment due:2.5, faellig:2, zahlbar:1.5, echeance:2, vencimiento:2,"
                        + " scadenza:2, expiry:1.5",
                "due date, payment due, due, pay by, payable by, zahlbar bis, faellig, falligkeit, echeance, date d'echeance,"
                        + " fecha de vencimiento, vencimiento, scadenza",
                "");
        concept(
                "issuer",
                Kind.ORGANISATION,
                Place.TOP,
                "company:1.5, vendor:2, merchant:2, seller:2, store:2, shop:2, supplier:2, issuer:2, business:1.5, retailer:2,"
                        + " restaurant:1.5, brand:1, organisation:1.5, organization:1.5, firm:1.5, provider:1.5, biller:2,"
                        + " outlet:1.5, payee:1.5, establishment:1.5, name:0.4, from:0.5, issued by:2, sold by:2, firma:1.5,"
                        + " unternehmen:1.5, handler:2, haendler:2, verkaufer:2, lieferant:2, geschaft:1.5, laden:1.5, entreprise:1.5,"
                        + " societe:1.5, magasin:2, boutique:1.5, commercant:2, vendeur:2, fournisseur:2, emetteur:2, empresa:1.5,"
                        + " tienda:2, comercio:2, vendedor:2, proveedor:2, emisor:2, azienda:1.5, negozio:2, venditore:2,"
                        + " fornitore:2, esercente:2, bedrijf:1.5, winkel:2, leverancier:2, 商家:2, 公司:1.5, 店:1.5",
                "from, vendor, supplier, seller, sold by, merchant, company, billed by, issued by, lieferant, verkaufer, fournisseur,"
                        + " vendeur, emisor, proveedor",
                "");
        concept(
                "customer",
                Kind.ORGANISATION,
                Place.ANYWHERE,
                "customer:2, client:2, buyer:2, bill to:2.5, billed to:2.5, ship to:2, purchaser:2, recipient:1.5,"
                        + " consignee:2, sold to:2, kunde:2, empfanger:1.5, acheteur:2, cliente:2, comprador:2, destinatario:1.5,"
                        + " klant:2, 客户:2",
                "bill to, billed to, customer, client, sold to, ship to, invoice to, kunde, rechnungsempfanger, facture a,"
                        + " cliente, facturar a, klant",
                "");
        concept(
                "address",
                Kind.ADDRESS,
                Place.TOP,
                "address:2, addr:2, location:1.5, street:1.5, located:1, adresse:2, anschrift:2, direccion:2, indirizzo:2,"
                        + " endereco:2, adres:2, 地址:2, where:0.5",
                "address, adresse, anschrift, direccion, indirizzo, endereco, adres, 地址",
                "");
        concept(
                "number",
                Kind.IDENTIFIER,
                Place.TOP,
                "number:1, no:0.8, id:0.8, ref:1, reference:1.2, nummer:1, numero:1, nr:0.8, num:0.8, folio:1,"
                        + " invoice number:2, receipt number:2, bill number:2, document number:2, order number:2",
                "invoice no, invoice number, invoice #, inv no, inv #, receipt no, receipt #, receipt number, bill no, bill #,"
                        + " doc no, document no, document number, order no, order number, order #, reference, ref no, ref,"
                        + " transaction no, trans no, txn no, slip no, cash bill no, rechnungsnummer, rechnung nr, beleg nr, bon nr,"
                        + " numero de facture, n de facture, facture n, numero de factura, factura no, fattura n, numero fattura",
                "");
        concept(
                "phone",
                Kind.PHONE,
                Place.TOP,
                "phone:2, telephone:2, tel:2, mobile:2, fax:1.5, contact number:2, handphone:2, telefon:2, telefono:2,"
                        + " telefone:2, 电话:2",
                "tel, phone, telephone, mobile, hp, handphone, telefon, telefono, fax, 电话",
                "");
        concept(
                "email",
                Kind.EMAIL,
                Place.TOP,
                "email:2, e-mail:2, mail:1.5, courriel:2, correo:2",
                "email, e-mail, mail",
                "");
        concept(
                "website",
                Kind.URL,
                Place.TOP,
                "website:2, web:1.5, url:2, homepage:2, site:1, sitio:1.5",
                "web, website, www",
                "");
        concept(
                "tax_id",
                Kind.IDENTIFIER,
                Place.TOP,
                "gst id:3, gst no:3, gst reg:3, vat number:3, vat id:3, tax id:3, tax number:3, tin:2, ein:2, abn:2, gstin:3,"
                        + " registration:2, reg no:2, ust-idnr:3, steuernummer:3, siret:3, siren:3, nif:2, cif:2, partita iva:3",
                "gst id, gst no, gst reg no, gst reg, vat no, vat number, vat reg no, tax id, tax no, tin, abn, gstin, co reg,"
                        + " company no, reg no, ust-idnr, ust-id, steuernummer, siret, siren, tva intracommunautaire, nif, cif, partita iva",
                "");
        concept(
                "currency",
                Kind.CURRENCY,
                Place.ANYWHERE,
                "currency:2.5, waehrung:2.5, wahrung:2.5, devise:2.5, moneda:2.5, valuta:2.5, 货币:2.5",
                "currency",
                "");
        concept(
                "payment",
                Kind.TEXT,
                Place.BOTTOM,
                "payment method:3, payment type:3, paid by:2, payment mode:3, tender type:3, card type:2.5, zahlungsart:3,"
                        + " mode de paiement:3, moyen de paiement:3, metodo de pago:3, forma de pago:3",
                "payment method, payment type, paid by, payment mode, tender, zahlungsart, mode de paiement, forma de pago",
                "");
        lineItems();
    }

    /** The columns of line-item tables: what was bought, how many, at what price, for how much. */
    private static void lineItems() {
        concept(
                "item_description",
                Kind.TEXT,
                Place.ANYWHERE,
                "description:2, item:1.5, product:2, article:2, name:0.8, goods:1.5, service:1.2, designation:2, details:1,"
                        + " bezeichnung:2, artikel:2, beschreibung:2, produit:2, libelle:2, descripcion:2, producto:2, articulo:2,"
                        + " descrizione:2, prodotto:2, articolo:2, omschrijving:2, 品名:2, 商品:2",
                "description, item, items, product, article, particulars, details, designation, bezeichnung, artikel,"
                        + " beschreibung, produit, libelle, descripcion, producto, articulo, descrizione, prodotto, omschrijving, 品名",
                "");
        concept(
                "quantity",
                Kind.QUANTITY,
                Place.ANYWHERE,
                "quantity:2.5, qty:2.5, count:1.5, units:1.5, pieces:1.5, pcs:2, menge:2.5, anzahl:2.5, stuck:1.5, quantite:2.5,"
                        + " cantidad:2.5, quantita:2.5, aantal:2.5, 数量:2.5",
                "qty, quantity, menge, anzahl, quantite, qte, cantidad, cant, quantita, aantal, pcs, units, 数量",
                "");
        concept(
                "unit_price",
                Kind.AMOUNT,
                Place.ANYWHERE,
                "unit price:3, price per:3, unit cost:3, rate:2, price:1.2, each:1, einzelpreis:3, stuckpreis:3,"
                        + " prix unitaire:3, precio unitario:3, prezzo unitario:3, 单价:3",
                "unit price, price, rate, unit cost, u/price, u.price, each, einzelpreis, preis, prix unitaire, pu, prix,"
                        + " precio unitario, precio, prezzo, 单价",
                "");
        concept(
                "line_amount",
                Kind.AMOUNT,
                Place.ANYWHERE,
                "line total:3, line amount:3, amount:0.8, total:0.6, extended:1.5, betrag:1, montant:1, importe:1, importo:1",
                "amount, total, line total, amt, betrag, gesamt, montant, importe, importo, bedrag, 金额",
                "");
    }
}
