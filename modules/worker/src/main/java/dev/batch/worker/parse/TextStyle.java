package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How the lines of a PDF text item are set: each line's type size and weight, whether wide gaps
 * split it like table cells, and its box. Found from the page's lines by where they lie, so that it
 * does not depend on how the items were made of them.
 */
record TextStyle(List<LineStyle> lines) {
    /** Lines kept with their text: a heading is at most this long, plus the line that follows it. */
    static final int TEXT_LINES = 5;

    /** One line: {@code text} is null past the first {@link #TEXT_LINES} lines. */
    record LineStyle(String text, float size, boolean bold, boolean gapped, Item.BBox box) {}

    /**
     * One style per item of the page, null for an item that is not text or holds no line; the lines
     * of text items go to {@code sizes}, the body text being theirs (not the tables').
     */
    static List<TextStyle> of(List<Item> items, List<PdfLayout.Line> lines, FontSizes sizes) {
        List<List<LineStyle>> found = new ArrayList<>(Collections.nCopies(items.size(), null));
        for (PdfLayout.Line line : lines) {
            Item.BBox box = box(line);
            int owner = owner(items, box);
            if (owner < 0 || !(items.get(owner) instanceof Item.Text)) continue;
            sizes.add(line);
            if (found.get(owner) == null) found.set(owner, new ArrayList<>());
            List<LineStyle> own = found.get(owner);
            own.add(style(line, box, own.size() < TEXT_LINES));
        }
        List<TextStyle> out = new ArrayList<>(items.size());
        for (List<LineStyle> l : found) out.add(l == null ? null : new TextStyle(List.copyOf(l)));
        return out;
    }

    /** The smallest item whose box holds the middle of {@code box}, or -1. */
    private static int owner(List<Item> items, Item.BBox box) {
        float cx = box.x() + box.w() / 2;
        float cy = box.y() + box.h() / 2;
        int best = -1;
        float bestArea = Float.MAX_VALUE;
        for (int i = 0; i < items.size(); i++) {
            Item.BBox b = box(items.get(i));
            if (b == null) continue;
            boolean inside = cx >= b.x() - 1 && cx <= b.x() + b.w() + 1 && cy >= b.y() - 1 && cy <= b.y() + b.h() + 1;
            if (inside && b.w() * b.h() < bestArea) {
                best = i;
                bestArea = b.w() * b.h();
            }
        }
        return best;
    }

    private static Item.BBox box(Item item) {
        List<Item.BBox> boxes =
                item instanceof Item.Text t ? t.bbox() : item instanceof Item.Table table ? table.bbox() : null;
        return boxes == null || boxes.isEmpty() ? null : boxes.get(0);
    }

    private static Item.BBox box(PdfLayout.Line line) {
        Item.BBox box = null;
        for (PdfLayout.Word w : line.words) box = Item.BBox.union(box, w.box());
        return box;
    }

    /** The line's size and weight are those of most of its letters (digits and signs when it has none). */
    private static LineStyle style(PdfLayout.Line line, Item.BBox box, boolean withText) {
        float[] sizes = new float[line.words.size()];
        int[] weights = new int[line.words.size()];
        int letters = 0;
        int boldLetters = 0;
        boolean gapped = false;
        PdfLayout.Word prev = null;
        for (int i = 0; i < line.words.size(); i++) {
            PdfLayout.Word w = line.words.get(i);
            int n = countLetters(w.text());
            int weight = n > 0 ? n : w.text().strip().length();
            sizes[i] = w.fontSize();
            weights[i] = weight;
            letters += weight;
            if (w.bold()) boldLetters += weight;
            if (prev != null && w.x0() - prev.x1() > 2 * Math.max(w.fontSize(), prev.fontSize())) gapped = true;
            prev = w;
        }
        boolean bold = letters > 0 && boldLetters >= 0.8 * letters;
        return new LineStyle(withText ? line.text() : null, mode(sizes, weights), bold, gapped, box);
    }

    private static int countLetters(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (Character.isLetter(s.charAt(i))) n++;
        return n;
    }

    private static float mode(float[] sizes, int[] weights) {
        float best = sizes.length == 0 ? 0 : sizes[0];
        int bestWeight = -1;
        for (int i = 0; i < sizes.length; i++) {
            int w = 0;
            for (int j = 0; j < sizes.length; j++) if (Math.abs(sizes[j] - sizes[i]) < 0.25f) w += weights[j];
            if (w > bestWeight) {
                best = sizes[i];
                bestWeight = w;
            }
        }
        return best;
    }
}
