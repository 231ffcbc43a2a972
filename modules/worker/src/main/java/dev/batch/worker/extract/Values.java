package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.batch.worker.extract.FieldConcepts.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of one kind in a line: where each is, its JSON value (numbers as numbers, dates as ISO
 * {@code yyyy-mm-dd}, currencies as ISO 4217 codes) and how typical it looks for the kind (an
 * amount with cents and a currency more than a bare integer).
 */
final class Values {
    private Values() {}

    record Value(int start, int end, JsonNode json, double quality) {}

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern URL = Pattern.compile(
            "(?i)(?:https?://|www\\.)[\\w.-]+(?:/[\\w./?%&=-]*)?|\\b[\\w-]+\\.(?:com|org|net|io|co|de|fr|my|uk)\\b(?:/\\S*)?");
    private static final Pattern PHONE = Pattern.compile("\\+?\\(?\\d[\\d\\s().-]{6,}\\d");
    private static final Pattern IDENTIFIER =
            Pattern.compile("[#№]?[A-Za-z0-9][A-Za-z0-9_/.#-]*\\d[A-Za-z0-9_/.#-]*|[A-Z0-9]{4,}");
    private static final Pattern QUANTITY = Pattern.compile("(?<![\\d.,])\\d{1,4}(?:[.,]\\d{1,3})?(?![\\d])");
    private static final Map<String, String> CURRENCIES = Map.ofEntries(
            Map.entry("rm", "MYR"),
            Map.entry("myr", "MYR"),
            Map.entry("usd", "USD"),
            Map.entry("us$", "USD"),
            Map.entry("$", "USD"),
            Map.entry("eur", "EUR"),
            Map.entry("€", "EUR"),
            Map.entry("gbp", "GBP"),
            Map.entry("£", "GBP"),
            Map.entry("inr", "INR"),
            Map.entry("₹", "INR"),
            Map.entry("rs", "INR"),
            Map.entry("sgd", "SGD"),
            Map.entry("s$", "SGD"),
            Map.entry("chf", "CHF"),
            Map.entry("jpy", "JPY"),
            Map.entry("¥", "JPY"),
            Map.entry("cny", "CNY"),
            Map.entry("aud", "AUD"),
            Map.entry("cad", "CAD"));
    private static final Pattern CURRENCY = Pattern.compile(
            "(?i)(?<![\\p{L}])(rm|myr|usd|us\\$|eur|gbp|inr|rs|sgd|s\\$|chf|jpy|cny|aud|cad)(?![\\p{L}])|[$€£₹¥]");

    /** The values of {@code kind} in line {@code i} starting at or after {@code from}. */
    static List<Value> in(DocIndex index, int i, Kind kind, int from) {
        String text = index.line(i).text();
        List<Value> out = new ArrayList<>();
        switch (kind) {
            case AMOUNT -> {
                for (Amounts.Amount a : index.amounts.get(i)) {
                    if (a.start() < from) continue;
                    double q = 0.4 + (a.decimals() ? 0.4 : 0) + (a.currency() ? 0.2 : 0);
                    out.add(new Value(a.start(), a.end(), F.numberNode(a.value()), q));
                }
            }
            case QUANTITY -> matches(out, QUANTITY, text, from, s -> F.numberNode(Amounts.parse(s)), 0.7);
            case DATE -> {
                for (Dates.Found d : index.dates.get(i)) {
                    if (d.start() < from) continue;
                    out.add(new Value(
                            d.start(),
                            d.end(),
                            F.textNode(d.read(index.dayFirst).toString()),
                            d.ambiguous() ? 0.8 : 1));
                }
            }
            case EMAIL -> matches(out, EMAIL, text, from, F::textNode, 1);
            case URL -> matches(out, URL, text, from, F::textNode, 0.9);
            case PHONE -> matches(out, PHONE, text, from, s -> F.textNode(s.strip()), 0.9);
            case IDENTIFIER -> matches(out, IDENTIFIER, text, from, F::textNode, 0.8);
            case CURRENCY -> matches(out, CURRENCY, text, from, s -> F.textNode(currency(s)), 0.9);
            default -> rest(out, text, from);
        }
        return out;
    }

    /** The ISO code of a currency as written. */
    static String currency(String written) {
        String c = CURRENCIES.get(written.toLowerCase());
        return c == null ? written.toUpperCase() : c;
    }

    /** Text after a label: the rest of the line, without leading punctuation; a following label ends it. */
    private static void rest(List<Value> out, String text, int from) {
        int s = from;
        while (s < text.length() && ":-–#.=|)".indexOf(text.charAt(s)) >= 0
                || s < text.length() && text.charAt(s) == ' ') s++;
        int e = text.length();
        while (e > s && (text.charAt(e - 1) == ' ' || text.charAt(e - 1) == ',')) e--;
        if (e - s >= 2) out.add(new Value(s, e, F.textNode(text.substring(s, e)), 0.7));
    }

    private interface Parse {
        JsonNode parse(String s);
    }

    private static void matches(List<Value> out, Pattern p, String text, int from, Parse parse, double quality) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            if (m.start() < from) continue;
            JsonNode v = parse.parse(m.group());
            if (v == null || v.isNull()) continue;
            out.add(new Value(m.start(), m.end(), v, quality));
        }
    }
}
