package dev.batch.worker.parse;

import java.util.Arrays;
import org.apache.pdfbox.text.TextPosition;

/**
 * Glyphs drawn again where the same glyph already stands (fake bold, shadowed text), which a reader sees
 * once. The rule is PDFBox's own duplicate-overlap rule: the same text within a third of its width, in x
 * and in y, of one already on the page. PDFBox keeps the page's glyphs in sorted maps of boxed floats for
 * it, which cost a tenth of a page's parse; here they sit in cells of a grid, each cell a chain of the
 * glyphs in it, in flat arrays.
 */
final class DuplicateGlyphs {
    private static final float CELL = 16f;
    /** Beyond this many cells to look in (a glyph tens of points wide), every glyph is looked at. */
    private static final int MAX_CELLS = 64;

    // the glyphs seen on the page; next[i] is the glyph seen before i in the same cell, or -1
    private float[] xs = new float[1024];
    private float[] ys = new float[1024];
    private String[] texts = new String[1024];
    private int[] next = new int[1024];
    private int count;

    // open addressing from a cell's key to the last glyph seen in it; -1 marks a free slot
    private long[] keys = new long[2048];
    private int[] heads = new int[2048];
    private int cells;

    DuplicateGlyphs() {
        Arrays.fill(heads, -1);
    }

    void clear() {
        Arrays.fill(texts, 0, count, null);
        count = 0;
        Arrays.fill(heads, -1);
        cells = 0;
    }

    /** Whether {@code glyph} repeats one seen on this page; if not, it is remembered. */
    boolean repeated(TextPosition glyph) {
        String text = glyph.getUnicode();
        float x = glyph.getX();
        float y = glyph.getY();
        float tolerance = text.isEmpty() ? 0 : glyph.getWidth() / text.length() / 3f;
        if (tolerance > 0 && tolerance < Float.MAX_VALUE && near(text, x, y, tolerance)) return true;
        remember(text, x, y);
        return false;
    }

    private boolean near(String text, float x, float y, float tolerance) {
        long x0 = cell(x - tolerance), x1 = cell(x + tolerance), y0 = cell(y - tolerance), y1 = cell(y + tolerance);
        if ((x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS) {
            for (int i = 0; i < count; i++) if (near(i, text, x, y, tolerance)) return true;
            return false;
        }
        for (long cx = x0; cx <= x1; cx++)
            for (long cy = y0; cy <= y1; cy++) {
                int slot = slot(key(cx, cy));
                for (int i = heads[slot]; i >= 0; i = next[i]) if (near(i, text, x, y, tolerance)) return true;
            }
        return false;
    }

    /** PDFBox's bounds: from {@code at - tolerance} inclusive to {@code at + tolerance} exclusive. */
    private boolean near(int i, String text, float x, float y, float tolerance) {
        return xs[i] >= x - tolerance
                && xs[i] < x + tolerance
                && ys[i] >= y - tolerance
                && ys[i] < y + tolerance
                && texts[i].equals(text);
    }

    private void remember(String text, float x, float y) {
        if (count == xs.length) {
            int n = count * 2;
            xs = Arrays.copyOf(xs, n);
            ys = Arrays.copyOf(ys, n);
            texts = Arrays.copyOf(texts, n);
            next = Arrays.copyOf(next, n);
        }
        long key = key(cell(x), cell(y));
        int slot = slot(key);
        if (heads[slot] < 0) {
            keys[slot] = key;
            cells++;
        }
        xs[count] = x;
        ys[count] = y;
        texts[count] = text;
        next[count] = heads[slot];
        heads[slot] = count++;
        if (cells * 2 > keys.length) grow();
    }

    /** The slot holding {@code key}, or the free slot where it would go. */
    private int slot(long key) {
        int mask = keys.length - 1;
        int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
        while (heads[slot] >= 0 && keys[slot] != key) slot = (slot + 1) & mask;
        return slot;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldHeads = heads;
        keys = new long[oldKeys.length * 2];
        heads = new int[oldKeys.length * 2];
        Arrays.fill(heads, -1);
        for (int s = 0; s < oldKeys.length; s++) {
            if (oldHeads[s] < 0) continue;
            int slot = slot(oldKeys[s]);
            keys[slot] = oldKeys[s];
            heads[slot] = oldHeads[s];
        }
    }

    private static long cell(float at) {
        return (long) Math.floor(at / CELL);
    }

    private static long key(long cx, long cy) {
        return (cx << 32) ^ (cy & 0xffffffffL);
    }
}
