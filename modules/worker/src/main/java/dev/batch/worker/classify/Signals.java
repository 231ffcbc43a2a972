package dev.batch.worker.classify;

import dev.batch.worker.extract.DocumentShape;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typical structures of a document, counted from its text (and, in {@code MULTIMODAL}, from its
 * layout): amounts, dates, line items, salutations, form fields, citations, contact details... Each
 * is a count; {@link #strength} turns it into evidence between 0 and 1.
 */
final class Signals {
    enum Kind {
        AMOUNTS("amounts"),
        DATES("dates"),
        LINE_ITEMS("line items"),
        SHORT_LINES("short receipt-like lines"),
        SALUTATION("a salutation"),
        CLOSING("a closing and signature"),
        FORM_FIELDS("form fields"),
        CHECKBOXES("check boxes"),
        CITATIONS("citations"),
        CONTACT("contact details"),
        DATE_RANGES("date ranges of a career"),
        SHALL("'shall' clauses"),
        NUMBERED_SECTIONS("numbered sections"),
        TABLES("tables"),
        IMAGES("pictures"),
        LETTERHEAD("a letterhead"),
        COLUMNS("several columns"),
        BULLETS("bulleted lists"),
        // What the extractor's engine reads of the layout ({@link DocumentShape}):
        KEY_VALUES("labelled values"),
        FILL_INS("blanks and boxes to fill in"),
        ITEM_TABLE("a table of items with quantities and prices"),
        PAYMENT("payment lines (cash or card tendered, change)"),
        BILLING("billing details (whom to bill, by when, into which account)"),
        GREETING("a salutation opening the text"),
        SIGN_OFF("a closing with a name or signature below it");

        /** The kinds read from the document's shape, not from its words. */
        static final Set<Kind> SHAPE = EnumSet.range(KEY_VALUES, SIGN_OFF);

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private static final Pattern AMOUNT = Pattern.compile(
            "(?:[$€£¥₹]\\s?\\d[\\d,.' ]*\\d|\\b\\d{1,3}(?:[.,' ]\\d{3})*[.,]\\d{2}\\b(?:\\s?(?:€|eur|usd|rm|myr|gbp|chf|\\$))?)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE = Pattern.compile(
            "\\b(?:\\d{1,2}[./-]\\d{1,2}[./-](?:\\d{4}|\\d{2})|\\d{4}[./-]\\d{1,2}[./-]\\d{1,2}|\\d{4}年\\d{1,2}月(?:\\d{1,2}日)?"
                    + "|\\d{1,2}\\.? (?:jan|feb|m[aä]r|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cz]|janv|f[ée]vr|avr|juil|ao[uû]t|sept|d[ée]c|ene|abr|ago|dic|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janvier|mars|mai|juin|juillet|septembre|octobre|novembre|d[ée]cembre|januar|februar|m[äa]rz|juni|juli|oktober|dezember)[a-zé]*\\.? \\d{4}"
                    + "|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{4})\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)?");
    private static final Pattern ENDS_WITH_AMOUNT = Pattern.compile(".*\\d[.,]\\d{2}\\s*[A-Za-z€$]{0,3}\\s*$");
    private static final Pattern SALUTATION = Pattern.compile(
            "(?im)^\\s*(?:dear|to whom it may concern|madame|monsieur|sehr geehrte|liebe[rs]?|estimad[oa]s?|querid[oa]|gentile|egregio|geachte)\\b");
    private static final Pattern CLOSING = Pattern.compile(
            "(?i)\\b(?:sincerely|yours (?:faithfully|truly)|best regards|kind regards|respectfully|cordialement|salutations distinguées"
                    + "|mit freundlichen gr[üu](?:ß|ss)en|atentamente|cordiali saluti|met vriendelijke groet)\\b");
    private static final Pattern FORM_FIELD = Pattern.compile("(?m)(?:_{4,}|\\.{6,}|:\\s*_{2,}|\\[\\s?\\]|\\(\\s\\))");
    private static final Pattern CHECKBOX = Pattern.compile("[☐☑☒□■▢✓✔]");
    private static final Pattern CITATION = Pattern.compile(
            "(?:\\[\\d+(?:\\s*[,–-]\\s*\\d+)*\\]|\\bet al\\.|\\(\\p{Lu}\\p{L}+(?: et al\\.)?,? (?:19|20)\\d{2}[a-z]?\\)|\\bdoi:|\\barxiv\\b)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CONTACT = Pattern.compile(
            "(?:[\\w.+-]+@[\\w-]+\\.[\\w.]+|\\+?\\d[\\d ()-]{7,}\\d|linkedin\\.com|github\\.com)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE_RANGE = Pattern.compile(
            "(?i)\\b(?:(?:0?[1-9]|1[0-2])[/.])?(?:19|20)\\d{2}\\s*(?:[-–—]|to|à|bis|hasta|~|至)\\s*(?:(?:0?[1-9]|1[0-2])[/.])?"
                    + "(?:(?:19|20)\\d{2}|present|current|now|today|aujourd'hui|heute|actualidad|actual|presente|至今|今)");
    private static final Pattern SHALL = Pattern.compile("(?i)\\bshall\\b");
    private static final Pattern NUMBERED = Pattern.compile(
            "(?m)^\\s*(?:\\d+(?:\\.\\d+)*\\.?|[IVX]+\\.|§\\s?\\d+|article \\d+|art\\. \\d+)\\s+\\p{Lu}");
    private static final Pattern BULLET = Pattern.compile("(?m)^\\s*(?:[-*•●▪◦]|\\d+[.)])\\s+\\S");

    private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);

    /** Counts what the text shows. */
    static Signals of(String text) {
        Signals s = new Signals();
        s.counts.put(Kind.AMOUNTS, count(AMOUNT, text));
        s.counts.put(Kind.DATES, count(DATE, text));
        s.counts.put(Kind.SALUTATION, count(SALUTATION, head(text, 3000)));
        s.counts.put(Kind.CLOSING, count(CLOSING, text));
        s.counts.put(Kind.FORM_FIELDS, count(FORM_FIELD, text));
        s.counts.put(Kind.CHECKBOXES, count(CHECKBOX, text));
        s.counts.put(Kind.CITATIONS, count(CITATION, text));
        s.counts.put(Kind.CONTACT, count(CONTACT, head(text, 3000)));
        s.counts.put(Kind.DATE_RANGES, count(DATE_RANGE, text));
        s.counts.put(Kind.SHALL, count(SHALL, text));
        s.counts.put(Kind.NUMBERED_SECTIONS, count(NUMBERED, text));
        s.counts.put(Kind.BULLETS, count(BULLET, text));
        int lines = 0;
        int shortLines = 0;
        int items = 0;
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) continue;
            lines++;
            if (l.length() <= 42) shortLines++;
            // a line item: some words, at least two numbers, and a price at the end
            if (l.length() <= 160
                    && l.chars().anyMatch(Character::isLetter)
                    && ENDS_WITH_AMOUNT.matcher(l).matches()
                    && count(NUMBER, l) >= 2) items++;
        }
        s.counts.put(Kind.LINE_ITEMS, items);
        // receipt-like: mostly short lines, and amounts on many of them
        s.counts.put(Kind.SHORT_LINES, lines >= 8 && shortLines * 10 >= lines * 7 ? Math.min(items, shortLines) : 0);
        return s;
    }

    /** What the extractor's engine reads of the document's layout. */
    void add(DocumentShape shape) {
        add(Kind.KEY_VALUES, shape.keyValues());
        add(Kind.FILL_INS, shape.fillIns());
        add(Kind.ITEM_TABLE, shape.itemRows());
        // tendered less change equal to the total is a till's arithmetic: strong evidence of a paid purchase
        add(Kind.PAYMENT, shape.payments() + (shape.paymentsAddUp() ? 3 : 0));
        add(Kind.BILLING, shape.billing());
        add(Kind.GREETING, shape.greetings());
        add(Kind.SIGN_OFF, shape.signOffs());
    }

    /** These signals without what the shape of the document adds: its words and text structures only. */
    Signals withoutShape() {
        Signals s = new Signals();
        counts.forEach((k, n) -> {
            if (!Kind.SHAPE.contains(k)) s.counts.put(k, n);
        });
        return s;
    }

    void add(Kind kind, int n) {
        counts.merge(kind, n, Integer::sum);
    }

    int count(Kind kind) {
        return counts.getOrDefault(kind, 0);
    }

    /** Evidence between 0 and 1: a few occurrences count, many barely more (saturation). */
    double strength(Kind kind) {
        int n = count(kind);
        double half = switch (kind) {
            case SALUTATION, CLOSING, GREETING, SIGN_OFF -> 0.5;
            case PAYMENT, BILLING -> 1.5;
            case KEY_VALUES -> 6;
            case FILL_INS -> 3;
            case LETTERHEAD -> 2; // invoices and CVs carry contact details at the top too
            case COLUMNS -> 3; // two columns hint at a paper or a CV, no more
            case AMOUNTS, DATES, CITATIONS -> 4;
            case SHALL, BULLETS, NUMBERED_SECTIONS -> 5;
            default -> 2;
        };
        return n / (n + half);
    }

    private static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find() && n < 10_000) n++;
        return n;
    }

    private static String head(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, chars);
    }
}
