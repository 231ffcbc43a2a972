package dev.batch.worker.extract;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Labelled values and what is left to fill in: {@code Label: value} pairs, and blanks (a run of
 * underscores, a dotted leader that no page number ends, a label with nothing after it, an empty or
 * ticked box, an empty table cell beside a label). A form shows many blanks or boxes; an invoice or a report shows labelled values
 * with few blanks.
 */
record Blanks(int keyValues, int fillIns) {
    /** A label of one to five words and a colon, not a time ("12:30") nor a link ("https://"). */
    private static final Pattern LABEL =
            Pattern.compile("(?<![\\p{L}\\p{N}])\\p{L}[\\p{L}.'’/&#()-]*(?: [\\p{L}.'’/&#()-]+){0,4} ?[:：](?!\\d|//)");

    private static final Pattern BLANK = Pattern.compile("_{3,}|(?:\\. ?){5,}+(?!\\s*\\d+\\s*$)|…{2,}");
    private static final Pattern BOX = Pattern.compile("[☐☑☒□■▢❑❒○◯]|\\[\\s?[xX✓✔]?\\s?]|\\(\\s\\)");

    static Blanks of(DocIndex ix) {
        int pairs = 0;
        int blanks = 0;
        for (int i = 0; i < ix.size(); i++) {
            String text = ix.line(i).text();
            blanks += count(BLANK, text) + count(BOX, text);
            Matcher m = LABEL.matcher(text);
            int end = -1;
            while (m.find()) {
                if (m.group().contains(". ")) continue; // the end of a sentence, not a label
                String after = text.substring(m.end()).strip();
                if (after.isEmpty()) {
                    // a line that is only "Name:": a blank when the next line is another label, not its value
                    if (m.start() == 0
                            && i + 1 < ix.size()
                            && LABEL.matcher(ix.line(i + 1).text()).lookingAt()) blanks++;
                } else if (Character.isLetterOrDigit(after.codePointAt(0))) {
                    pairs++;
                }
                end = m.end();
            }
            if (end < 0 && nextToEachOther(ix, i)) pairs++;
        }
        for (ExtractDocument.Page page : ix.doc.pages()) {
            for (ExtractDocument.Table t : page.tables()) blanks += emptyCells(t);
        }
        return new Blanks(pairs, blanks);
    }

    /**
     * A form laid out as a table (a Word form, an HTML form): most rows a label and empty cells to
     * write in. A statement's heading rows ("Current assets:" and nothing else) are few among rows
     * of figures, and count for nothing.
     */
    private static int emptyCells(ExtractDocument.Table t) {
        int fields = 0;
        for (List<String> row : t.rows()) {
            for (int c = 0; c + 1 < row.size(); c++) {
                String label = row.get(c).strip();
                boolean isLabel = !label.isEmpty() && label.length() <= 40 && Text.digitShare(label) < 0.3;
                if (isLabel && row.get(c + 1).isBlank() && row.stream().noneMatch(Blanks::hasFigure)) {
                    fields++;
                    break;
                }
            }
        }
        return fields >= 2 && fields * 2 >= t.rows().size() ? fields : 0;
    }

    private static boolean hasFigure(String cell) {
        return cell.chars().anyMatch(Character::isDigit);
    }

    /**
     * A short label on the left and its value on the right of the same row, without a colon: two
     * pieces of one line (table cells, OCR words far apart) where the first is words and the second
     * holds a digit.
     */
    private static boolean nextToEachOther(DocIndex ix, int i) {
        var pieces = ix.line(i).pieces();
        if (pieces.size() != 2) return false;
        String text = ix.line(i).text();
        String label =
                text.substring(pieces.get(0).start(), pieces.get(0).end()).strip();
        String value =
                text.substring(pieces.get(1).start(), pieces.get(1).end()).strip();
        return !label.isEmpty()
                && label.length() <= 30
                && Text.digitShare(label) == 0
                && !value.isEmpty()
                && value.chars().anyMatch(Character::isDigit);
    }

    private static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
