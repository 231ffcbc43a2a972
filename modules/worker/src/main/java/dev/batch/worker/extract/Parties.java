package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.batch.worker.extract.Candidates.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who issued a document and where, when no label says so: the issuer's name is one of the first
 * lines of the first page, a name rather than a title ("TAX INVOICE"), an address, a phone number
 * or a registration number, and a legal form or a business word ("Sdn Bhd", "GmbH", "Ltd",
 * "Restaurant") makes a line surer. Its address is the lines that follow it and look like one
 * (street words, a postcode, numbers and commas), up to the phone, tax and date lines.
 */
final class Parties {
    private Parties() {}

    private static final Pattern LEGAL_FORM = Pattern.compile(
            "(?i)(?:\\b(?:sdn\\.?\\s*bhd|bhd|ltd|limited|llc|l\\.l\\.c|inc|incorporated|corp|corporation|company|gmbh|ag|kg|"
                    + "sarl|sas|plc|pty|pvt|llp|oy|ab)\\b|\\bs/b\\b|\\bco\\.|\\b(?:s\\.a|s\\.l|s\\.r\\.l|s\\.p\\.a|b\\.v|n\\.v)\\.?(?!\\w))");
    private static final Pattern BUSINESS = Pattern.compile(
            "(?i)\\b(?:enterprises?|trading|holdings?|industries|marketing|services|restaurants?|restoran|cafe|bakery|"
                    + "bakeries|hardware|stationery|mart|market|supermarket|store|stores|shop|kedai|pharmacy|hotel|"
                    + "confectionery|boutique|magasin|laden|tienda|negozio|bistro|pizzeria|b[äa]ckerei|apotheke|pharmacie|"
                    + "farmacia|house)\\b");
    private static final Pattern TITLE = Pattern.compile(
            "(?i)\\b(?:tax invoice|invoice|receipt|official receipt|cash bill|cash sale|bill|simplified|welcome|thank you|"
                    + "facture|rechnung|quittung|kassenbon|beleg|recibo|factura|ricevuta|scontrino|ticket|copy|duplicate|reprint|"
                    + "table|order|customer|member)\\b");
    private static final Pattern REGISTRATION = Pattern.compile(
            "(?i)\\((?=[^)]*\\d{3})[^)]*\\)|\\b\\d{5,}-?[a-z]\\b|\\b(?:co\\.?\\s*reg|reg\\.?\\s*no|company no|gst\\s*(?:id|no|reg)|sst\\s*(?:id|no)|"
                    + "vat\\s*(?:no|reg)|tax\\s*id|abn|ust-id)\\b.*");
    private static final Pattern CONTACT =
            Pattern.compile("(?i)\\b(?:tel|phone|fax|h/?p|mobile|e-?mail|www|http)\\b|@|\\+?\\d[\\d ()-]{7,}\\d");
    private static final Pattern STREET = Pattern.compile(
            "(?i)\\b(?:jalan|jln|lorong|taman|tmn|lot|no\\.?|street|st\\.|road|rd\\.?|avenue|ave|lane|blvd|boulevard|drive|"
                    + "floor|flr|level|suite|unit|block|blk|building|bangunan|plaza|kawasan|bandar|seksyen|section|persiaran|"
                    + "kampung|kg|batu|strasse|straße|str\\.|weg|platz|gasse|rue|avenue|boulevard|chemin|calle|avenida|via|"
                    + "piazza|viale|straat|laan|postcode|zip|p\\.?o\\.? box)\\b|\\b\\d{5}\\b|\\b\\d{4,5}\\s+\\p{Lu}");

    /** The candidate issuer names: the first lines of the first page, scored. */
    static List<Candidate> issuers(DocIndex ix) {
        List<Candidate> out = new ArrayList<>();
        int seen = 0;
        for (int i = 0; i < ix.size() && seen < 12; i++) {
            if (ix.pageNumber(i) != ix.pageNumber(0) || ix.depth(i) > 0.45) break;
            String text = ix.line(i).text();
            String name = withLineAbove(ix, i, name(text));
            long letters = name.chars().filter(Character::isLetter).count();
            if (letters < 3) continue;
            double s = 2.2 - 0.25 * seen;
            String why = "line " + (seen + 1) + " of the page";
            if (LEGAL_FORM.matcher(name).find()) {
                s += 2.5;
                why += ", a company's name";
            } else if (BUSINESS.matcher(name).find()) {
                s += 1.5;
                why += ", a business name";
            }
            if (Text.upperShare(name) >= 0.8) s += 0.6;
            if (ix.line(i).confidence() < 0.6) s -= 2; // a logo or a smudge read as letters
            if (Text.digitShare(name) > 0.25) s -= 2;
            if (STREET.matcher(text).find()) s -= 1.5;
            if (CONTACT.matcher(text).find()) s -= 2;
            if (!ix.dates.get(i).isEmpty()
                    || !ix.amounts.get(i).stream()
                            .filter(Amounts.Amount::decimals)
                            .toList()
                            .isEmpty()) s -= 2;
            if (TITLE.matcher(name).find()
                    && !LEGAL_FORM.matcher(name).find()
                    && !BUSINESS.matcher(name).find()) s -= 3;
            int start = Math.max(0, text.indexOf(name));
            out.add(new Candidate(
                    i,
                    new Values.Value(
                            start,
                            Math.min(text.length(), start + name.length()),
                            JsonNodeFactory.instance.textNode(name),
                            0.5),
                    -1,
                    null,
                    s,
                    why));
            seen++;
        }
        return out;
    }

    /**
     * A name broken over two lines ("POPULAR BOOK" / "CO. (M) SDN BHD"): a line that is only a legal form
     * and business words takes the name-like line above it.
     */
    private static String withLineAbove(DocIndex ix, int i, String name) {
        String core = BUSINESS.matcher(LEGAL_FORM.matcher(name).replaceAll(" "))
                .replaceAll(" ")
                .replaceAll("\\([^)]*\\)|[^\\p{L} ]", " ")
                .strip();
        if (core.chars().filter(Character::isLetter).count() > 2) return name;
        int above = i - 1;
        // a mark between the two lines (a trademark sign, a smudge) is no line of the name
        while (above >= 0
                && ix.samePage(i, above)
                && i - above <= 2
                && ix.line(above).text().chars().filter(Character::isLetter).count() < 3) above--;
        if (above < 0 || !ix.samePage(i, above)) return name;
        String line = name(ix.line(above).text());
        boolean nameLike = line.chars().filter(Character::isLetter).count() >= 3
                && Text.digitShare(line) < 0.2
                && !CONTACT.matcher(line).find()
                && !STREET.matcher(line).find()
                && !TITLE.matcher(line).find()
                && ix.line(above).confidence() >= 0.6;
        return nameLike ? line + " " + name : name;
    }

    /** A line without its registration numbers and trailing punctuation. */
    static String name(String text) {
        String s = REGISTRATION.matcher(text).replaceAll("").strip();
        while (!s.isEmpty() && ",.:;-|".indexOf(s.charAt(s.length() - 1)) >= 0 && !s.endsWith("."))
            s = s.substring(0, s.length() - 1).strip();
        return s;
    }

    /**
     * The address lines after line {@code anchor} (the issuer's name, or a customer label): first and last
     * line, or null. Up to four lines may come between (a registration number, "formerly known as", a date);
     * once begun, the address ends at a contact, registration, date or title line.
     */
    static int[] addressAfter(DocIndex ix, int anchor) {
        int first = -1;
        int last = -1;
        int skipped = 0;
        for (int j = anchor + 1; j < ix.size() && j <= anchor + 10 && ix.samePage(anchor, j); j++) {
            String t = ix.line(j).text();
            boolean registration = REGISTRATION.matcher(t).find() && name(t).length() < 6;
            boolean contact = !registration
                    && (CONTACT.matcher(t).find() || !ix.dates.get(j).isEmpty());
            boolean addressLike = STREET.matcher(t).find() || (t.contains(",") && Text.digitShare(t) < 0.5);
            if (first < 0) {
                if (addressLike && !registration && !contact) {
                    first = j;
                    last = j;
                } else if (++skipped > 4) {
                    break;
                }
                continue;
            }
            if (contact || registration || TITLE.matcher(t).find()) break;
            if (addressLike || looksLikeCityLine(t)) last = j;
            else break;
        }
        return first < 0 ? null : new int[] {first, last};
    }

    /** A short line of a few words after an address ("SELANGOR", "Kuala Lumpur") continues it. */
    private static boolean looksLikeCityLine(String t) {
        return t.length() <= 40
                && Text.digitShare(t) < 0.4
                && t.strip().split("\\s+").length <= 4
                && t.chars().filter(Character::isLetter).count() >= 3;
    }
}
