package dev.batch.worker.parse;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A PDF text item, or the first lines of one, that may be a heading: short, not ending like a
 * sentence, and set larger than the body text, or bold where the body is not, or numbered like a
 * section ("3.1. Helioseismic constraints"). Its type alone decides nothing about capitals.
 * {@code rest} is the text that follows the heading lines in the same item, if any.
 */
record HeadingCandidate(
        String text,
        float size,
        boolean bold,
        boolean larger,
        boolean boldBody,
        SectionNumber number,
        Item.BBox box,
        String rest,
        Item.BBox restBox) {
    private static final Pattern SENTENCE_END = Pattern.compile(".*[.,;:。，；：]$");
    private static final Pattern WORD = Pattern.compile(".*\\p{L}{3}.*");
    private static final Pattern LABEL = Pattern.compile(
            "^(?i:fig\\.?|figure|table|tab\\.|chart|graph|exhibit|plate|scheme|listing|algorithm|photo|source|notes?)"
                    + "\\s*[\\dIVXA-Z]+\\b.*$");
    private static final Pattern NOT_A_TITLE = Pattern.compile("^[•·▪‣◦●○■□–\\-\\*(\\[].*|^(?i:page\\s*\\d+.*)$");
    /** Authors ("A, B, C, D"), addresses and dates under a title. */
    private static final Pattern NOT_A_SECTION = Pattern.compile(
            "^(?:[^,]*,){3}.*$|.*(?:@|://).*|^(?i:(?:\\d{1,2}\\.? )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?(?: \\d{1,2},?)? \\d{4})$");
    /** A label of a numbered thing: "Definition 3", "Satz 1.1 (Heine-Borel)", "Exercise 2:"; chapters and parts aside. */
    private static final Pattern NUMBERED_LABEL =
            Pattern.compile("^(?!(?i:chapter|part|appendix|section|annex|kapitel|teil|anhang|chapitre|annexe)\\b)"
                    + "(?:\\p{L}+ ){0,2}\\p{L}+ \\d{1,3}(?:\\.\\d+)*[a-z]?(?: \\(.*\\))?[.:]?$");

    private static final int MAX_LINES = 4;

    /** Only numbered: at body size and weight, so the number is all that says it is a heading. */
    boolean numberedOnly() {
        return !larger && !boldBody;
    }

    /** The candidate among item {@code i}'s lines, or null; {@code style} null for an item without type data (OCR). */
    static HeadingCandidate of(Item.Text item, TextStyle style, FontSizes.Body body) {
        if (style == null) {
            if (item.value().contains("\n")) return null;
            float size = body == null ? 0 : body.size();
            return judge(
                    item.value().strip(),
                    size,
                    false,
                    body,
                    item.bbox() == null ? null : item.bbox().get(0),
                    null,
                    null);
        }
        List<TextStyle.LineStyle> lines = style.lines();
        String[] texts = item.value().split("\n");
        int k = 1;
        while (k < lines.size() && k <= MAX_LINES && sameStyle(lines.get(0), lines.get(k))) k++;
        for (TextStyle.LineStyle l : lines.subList(0, k)) if (l.gapped()) return null;
        TextStyle.LineStyle first = lines.get(0);
        if (!startsWith(texts[0], first.text())) return null; // the lines are not this item's
        if (k == lines.size()) {
            if (k > MAX_LINES || texts.length > k) return null;
            Item.BBox box = item.bbox() == null ? null : item.bbox().get(0);
            return judge(String.join(" ", texts).strip(), first.size(), first.bold(), body, box, null, null);
        }
        if (k >= MAX_LINES || texts.length <= k) return null;
        for (int j = 0; j < k; j++)
            if (!texts[j].strip().equals(StructureHandler.clean(lines.get(j).text()))) return null;
        if (Character.isLowerCase(texts[k].strip().codePointAt(0))) return null; // the sentence goes on
        Item.BBox box = null;
        for (TextStyle.LineStyle l : lines.subList(0, k)) box = Item.BBox.union(box, l.box());
        Item.BBox restBox = null;
        for (TextStyle.LineStyle l : lines.subList(k, lines.size())) restBox = Item.BBox.union(restBox, l.box());
        String rest = String.join("\n", List.of(texts).subList(k, texts.length));
        HeadingCandidate c = judge(
                String.join(" ", List.of(texts).subList(0, k)).strip(),
                first.size(),
                first.bold(),
                body,
                box,
                rest,
                restBox);
        return c == null || c.numberedOnly() ? null : c; // the type must tell where the heading ends
    }

    /**
     * This heading with the next item joined to it, when that item may be the rest of its title: one
     * line set right below it in the same type, going on in lower case (a wrapped "2.8. Gravitational
     * Wave Mergers and Intermediate / and Extreme Mass Ratio…") or, for a heading set apart by its
     * type, not numbered itself (a title set in two paragraphs). Null when it is not.
     */
    HeadingCandidate continuedBy(Item next, TextStyle nextStyle) {
        if (rest != null || box == null || !(next instanceof Item.Text t) || nextStyle == null) return null;
        if (t.value().contains("\n") || t.bbox() == null) return null;
        TextStyle.LineStyle line = nextStyle.lines().get(0);
        Item.BBox b = t.bbox().get(0);
        float step = (b.y() + b.h()) - (box.y() + box.h()); // baseline to baseline
        boolean below = step > 0 && step <= 1.8f * size && b.x() < box.x() + box.w() && b.x() + b.w() > box.x();
        if (!below || line.bold() != bold || Math.abs(line.size() - size) >= 0.5f) return null;
        String more = t.value().strip();
        boolean wrapped = Character.isLowerCase(more.codePointAt(0));
        if (!wrapped && (numberedOnly() || SectionNumber.parse(more) != null)) return null;
        return new HeadingCandidate(
                text + " " + more, size, bold, larger, boldBody, number, Item.BBox.union(box, b), null, null);
    }

    /** Whether a title of this text could be a heading's: short enough, not ending like a sentence. */
    static boolean titleLength(String text) {
        return text.length() <= 200 && !SENTENCE_END.matcher(text).matches();
    }

    /** Whether the item's text starts with the line's, spaces aside (a line-end hyphen may have been joined). */
    private static boolean startsWith(String itemText, String lineText) {
        int end = lineText.length();
        while (end > 0 && TextLine.space(lineText.charAt(end - 1))) end--;
        if (end > 0 && (lineText.charAt(end - 1) == '-' || lineText.charAt(end - 1) == '\u00ad')) end--;
        int i = 0;
        for (int j = 0; j < end; j++) {
            char c = lineText.charAt(j);
            if (TextLine.space(c)) continue;
            while (i < itemText.length() && TextLine.space(itemText.charAt(i))) i++;
            if (i >= itemText.length() || itemText.charAt(i) != c) return false;
            i++;
        }
        return true;
    }

    private static boolean sameStyle(TextStyle.LineStyle a, TextStyle.LineStyle b) {
        return a.bold() == b.bold() && Math.abs(a.size() - b.size()) < 0.5f;
    }

    private static HeadingCandidate judge(
            String text, float size, boolean bold, FontSizes.Body body, Item.BBox box, String rest, Item.BBox restBox) {
        float bodySize = body == null ? size : body.size();
        if (size < bodySize - 0.5f) return null;
        boolean larger = size >= bodySize + Math.max(0.3f, 0.03f * bodySize);
        boolean boldBody = bold && body != null && !body.bold();
        SectionNumber number = SectionNumber.parse(text);
        if (!looksLikeATitle(text)) return null;
        if (!larger && !boldBody && !numberedOnlyTitle(number, text)) return null;
        return new HeadingCandidate(text, size, bold, larger, boldBody, number, box, rest, restBox);
    }

    private static boolean looksLikeATitle(String text) {
        if (!titleLength(text)
                || !WORD.matcher(text).matches()
                || LABEL.matcher(text).matches()) return false;
        if (NOT_A_TITLE.matcher(text).matches() || NOT_A_SECTION.matcher(text).matches()) return false;
        if (NUMBERED_LABEL.matcher(text).matches()) return false;
        int letters = 0;
        int visible = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) letters++;
            if (!Character.isWhitespace(c)) visible++;
        }
        return letters * 2 >= visible;
    }

    /** A heading by its number alone: "3.1. Title" or "IV. TITLE", short, the title capitalised. */
    private static boolean numberedOnlyTitle(SectionNumber number, String text) {
        return number != null
                && number.dotted()
                && text.length() <= 90
                && !number.title().isEmpty()
                && Character.isUpperCase(number.title().codePointAt(0));
    }
}
