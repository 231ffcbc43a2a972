package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.batch.worker.extract.Answer.Citation;
import dev.batch.worker.extract.ExtractDocument.Line;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Line items where no table was found (receipts, OCR): lines ending in an amount with cents, above
 * the first total line, that are no discount or tax line (a percentage). Its words are the description (or, for a line of codes and numbers only,
 * the line above it), the last amount the line's amount, the one before the unit price, and a
 * small whole number before them the quantity.
 */
final class ItemLines {
    private ItemLines() {}

    private static final Pattern SMALL_INTEGER = Pattern.compile("(?<![\\d.,])(\\d{1,3})(?:\\s?[xX@]|(?![\\d.,]))");
    private static final Pattern PERCENT = Pattern.compile("\\d\\s?%");
    private static final List<String> END = List.of(
            "total",
            "subtotal",
            "sub total",
            "grand total",
            "amount due",
            "summe",
            "gesamt",
            "zwischensumme",
            "sous-total",
            "montant total",
            "importe total",
            "totale",
            "totaal",
            "合计",
            "总计",
            "cash",
            "change",
            "tax",
            "gst",
            "vat",
            "mwst",
            "tva",
            "iva");

    static List<Map<String, Answer>> rows(DocIndex ix, List<FieldMeaning> meanings) {
        List<Map<String, Answer>> out = new ArrayList<>();
        for (int i = 0; i < ix.size(); i++) {
            if (!Labels.find(ix.folded.get(i), END).isEmpty()) {
                if (!out.isEmpty()) break;
                continue;
            }
            List<Amounts.Amount> amounts =
                    ix.amounts.get(i).stream().filter(Amounts.Amount::decimals).toList();
            String text = ix.line(i).text();
            if (PERCENT.matcher(text).find()) continue; // a discount or a tax line, not an item
            if (amounts.isEmpty()
                    || !text.substring(amounts.get(amounts.size() - 1).end())
                            .strip()
                            .matches("[\\p{L}\\W]{0,3}")) continue;
            out.add(row(ix, i, amounts, meanings));
        }
        return out;
    }

    private static Map<String, Answer> row(
            DocIndex ix, int i, List<Amounts.Amount> amounts, List<FieldMeaning> meanings) {
        Line line = ix.line(i);
        String text = line.text();
        int firstAmount = amounts.get(0).start();
        String words = text.substring(0, firstAmount);
        int descLine = i;
        int descStart = 0;
        Matcher q = SMALL_INTEGER.matcher(words);
        Integer quantityAt = null;
        String quantity = null;
        while (q.find()) {
            quantityAt = q.start(1);
            quantity = q.group(1);
        }
        String description = words.replaceAll("\\b\\d[\\d\\s.,xX@-]*$", "").strip();
        if (description.chars().filter(Character::isLetter).count() < 3
                && i > 0
                && ix.samePage(i, i - 1)
                && ix.amounts.get(i - 1).isEmpty()) {
            descLine = i - 1;
            description = ix.line(i - 1).text().strip();
        }
        descStart = ix.line(descLine).text().indexOf(description);
        Map<String, Answer> values = new LinkedHashMap<>();
        FieldFinder finder = new FieldFinder(ix);
        for (FieldMeaning m : meanings) {
            Answer a = switch (m.conceptName()) {
                case "item_description" ->
                    description.isEmpty()
                            ? null
                            : answer(
                                    JsonNodeFactory.instance.textNode(description),
                                    finder.cite(descLine, descStart, descStart + description.length()));
                case "line_amount" -> amount(finder, i, amounts.get(amounts.size() - 1));
                case "unit_price" -> amounts.size() >= 2 ? amount(finder, i, amounts.get(amounts.size() - 2)) : null;
                case "quantity" ->
                    quantity == null
                            ? null
                            : answer(
                                    JsonNodeFactory.instance.numberNode(new BigDecimal(quantity)),
                                    finder.cite(i, quantityAt, quantityAt + quantity.length()));
                default -> null;
            };
            values.put(m.field().name(), a != null ? a : Answer.none("an item line, without this column", 0.05));
        }
        return values;
    }

    private static Answer amount(FieldFinder finder, int i, Amounts.Amount a) {
        return answer(JsonNodeFactory.instance.numberNode(a.value()), finder.cite(i, a.start(), a.end()));
    }

    private static Answer answer(JsonNode v, Citation c) {
        return new Answer(v, 0.6, List.of(c), "an item line (a line ending in an amount above the totals)");
    }
}
