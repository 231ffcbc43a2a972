package dev.batch.worker.parse;

import dev.batch.worker.parse.PdfLayout.Word;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Words that share a line on the page, left to right, whatever order the content stream drew them in
 * (tables are often drawn cell by cell, column by column), split into segments at gaps wider than a
 * word space: the candidate cells of a table row.
 */
final class TextLine {
    /** A number, an amount or a percentage: a digit with the signs, separators and short unit around it. */
    private static final Pattern NUMBER =
            Pattern.compile("^[\\(\\-–—+±<>~$€£¥%]*\\s*\\d[\\d.,:/ ]*\\s*[\\)%*a-z]{0,2}$", Pattern.CASE_INSENSITIVE);

    /** What stands for none in a column of numbers: dashes or dots, "n/a". */
    private static final Pattern NONE = Pattern.compile("^[-–—.]+$|^n/?a$", Pattern.CASE_INSENSITIVE);

    private static final Pattern EQUATION_NUMBER = Pattern.compile("^\\(\\d{1,3}[a-z]?\\)$");

    /** The marks a leader is made of (the dots between a contents line's ends). */
    private static final String LEADER = ".·…_";

    final List<Word> words;
    final float top;
    final float bottom;
    final List<List<Word>> segments;

    private TextLine(List<Word> words) {
        words.sort(Comparator.comparing(Word::x0));
        this.words = words;
        float t = Float.MAX_VALUE, b = -Float.MAX_VALUE;
        for (Word w : words) {
            t = Math.min(t, top(w));
            b = Math.max(b, w.baseline());
        }
        this.top = t;
        this.bottom = b;
        this.segments = segments(words);
    }

    /** The lines of a set of words, top to bottom: a word joins a line its height overlaps by half. */
    static List<TextLine> of(List<Word> words) {
        List<Word> sorted = new ArrayList<>(words);
        sorted.sort(Comparator.comparing(Word::baseline));
        List<List<Word>> groups = new ArrayList<>();
        List<Word> group = null;
        float gTop = 0, gBottom = 0;
        for (Word w : sorted) {
            float overlap = Math.min(gBottom, w.baseline()) - Math.max(gTop, top(w));
            if (group != null && overlap >= 0.5f * Math.min(gBottom - gTop, height(w))) {
                group.add(w);
                gTop = Math.min(gTop, top(w));
                gBottom = Math.max(gBottom, w.baseline());
            } else {
                group = new ArrayList<>();
                group.add(w);
                groups.add(group);
                gTop = top(w);
                gBottom = w.baseline();
            }
        }
        List<TextLine> lines = new ArrayList<>(groups.size());
        for (List<Word> g : groups) lines.add(new TextLine(g));
        return lines;
    }

    static float height(Word w) {
        return Math.max(1f, Math.max(w.height(), 0.6f * w.fontSize()));
    }

    static float top(Word w) {
        return w.baseline() - height(w);
    }

    float height() {
        return bottom - top;
    }

    float x0() {
        return words.get(0).x0();
    }

    float x1() {
        float x = 0;
        for (Word w : words) x = Math.max(x, w.x1());
        return x;
    }

    /** How many words a text has: runs of characters between whitespace, as {@code split("\\s+")} counts them. */
    static int words(String text) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = space(text.charAt(i));
            if (!space && !in) n++;
            in = !space;
        }
        return n;
    }

    /** A space as the regex {@code \s} has it. */
    static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** Whether a segment reads as a number, an amount, a percentage or a dash standing for none. */
    static boolean numeric(List<Word> segment) {
        return numeric(text(segment));
    }

    static boolean numeric(String text) {
        // a number needs a digit and none does without: most words on a page are tried against neither regex
        boolean digit = false;
        for (int i = 0; i < text.length() && !digit; i++) digit = text.charAt(i) >= '0' && text.charAt(i) <= '9';
        return (digit ? NUMBER : NONE).matcher(text).matches();
    }

    /** Two segments or more, and numbers after the first, or three segments: a table's row by its shape. */
    boolean tabular() {
        if (segments.size() >= 3) return true;
        return segments.size() == 2
                && numeric(segments.get(1))
                && !EQUATION_NUMBER.matcher(text(segments.get(1))).matches();
    }

    /** A line of prose spread to the margins: many words, few numbers, every space about as wide. */
    private static boolean justified(List<Word> words) {
        if (words.size() < 6) return false;
        float min = Float.MAX_VALUE, max = 0;
        for (int i = 1; i < words.size(); i++) {
            float gap = words.get(i).x0() - words.get(i - 1).x1();
            min = Math.min(min, gap);
            max = Math.max(max, gap);
        }
        if (!(min > 0 && max <= 1.6f * min)) return false;
        int numbers = 0;
        for (Word w : words) if (numeric(w.text())) numbers++;
        return numbers < 0.3 * words.size();
    }

    static String text(List<Word> words) {
        StringBuilder b = new StringBuilder();
        for (Word w : words) b.append(b.length() == 0 ? "" : " ").append(w.text());
        return b.toString();
    }

    private static boolean leader(String text) {
        if (text.isEmpty()) return false;
        for (int i = 0; i < text.length(); i++) if (LEADER.indexOf(text.charAt(i)) < 0) return false;
        return true;
    }

    private static boolean currency(List<Word> segment) {
        if (segment.size() != 1) return false;
        String t = segment.get(0).text();
        return t.length() == 1 && "$€£¥".indexOf(t.charAt(0)) >= 0;
    }

    private static List<List<Word>> segments(List<Word> all) {
        List<List<Word>> out = new ArrayList<>();
        // a leader of dots (a table of contents) is the gap between its two ends, not cells of its own
        List<Word> words = new ArrayList<>(all.size());
        for (Word w : all) if (!leader(w.text())) words.add(w);
        if (words.isEmpty()) words = all;
        if (justified(words)) {
            out.add(new ArrayList<>(words));
            return out;
        }
        List<Word> seg = new ArrayList<>();
        Word prev = null;
        for (Word w : words) {
            if (prev != null && w.x0() - prev.x1() > Math.max(6f, 1.1f * Math.max(height(prev), height(w)))) {
                out.add(seg);
                seg = new ArrayList<>();
            }
            seg.add(w);
            prev = w;
        }
        if (!seg.isEmpty()) out.add(seg);
        // a currency sign set apart from its amount belongs to it
        for (int c = out.size() - 2; c >= 0; c--) {
            if (currency(out.get(c))) {
                out.get(c).addAll(out.get(c + 1));
                out.remove(c + 1);
            }
        }
        return out;
    }
}
