package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.text.TextPosition;

/**
 * Glyphs drawn again where the same glyph already stands (fake bold, shadowed text), which a reader sees
 * once. The rule is PDFBox's own duplicate-overlap rule: the same text within a third of its width, in x
 * and in y, of one already on the page. PDFBox keeps the page's glyphs in sorted maps for it, which cost a
 * tenth of a page's parse; a grid of cells answers the same question with a few hash lookups.
 */
final class DuplicateGlyphs {
    private static final float CELL = 16f;
    /** Beyond this many cells to look in (a glyph tens of points wide), every cell is looked in. */
    private static final int MAX_CELLS = 64;

    private record Seen(String text, float x, float y) {}

    private final Map<Long, List<Seen>> cells = new HashMap<>();

    void clear() {
        cells.clear();
    }

    /** Whether {@code glyph} repeats one seen on this page; if not, it is remembered. */
    boolean repeated(TextPosition glyph) {
        String text = glyph.getUnicode();
        float x = glyph.getX();
        float y = glyph.getY();
        float tolerance = text.isEmpty() ? 0 : glyph.getWidth() / text.length() / 3f;
        if (tolerance > 0 && tolerance < Float.MAX_VALUE && near(text, x, y, tolerance)) return true;
        cells.computeIfAbsent(key(cell(x), cell(y)), k -> new ArrayList<>(2)).add(new Seen(text, x, y));
        return false;
    }

    private boolean near(String text, float x, float y, float tolerance) {
        long x0 = cell(x - tolerance), x1 = cell(x + tolerance), y0 = cell(y - tolerance), y1 = cell(y + tolerance);
        if ((x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS) {
            for (List<Seen> in : cells.values()) if (near(in, text, x, y, tolerance)) return true;
            return false;
        }
        for (long cx = x0; cx <= x1; cx++)
            for (long cy = y0; cy <= y1; cy++) {
                List<Seen> in = cells.get(key(cx, cy));
                if (in != null && near(in, text, x, y, tolerance)) return true;
            }
        return false;
    }

    /** PDFBox's bounds: from {@code at - tolerance} inclusive to {@code at + tolerance} exclusive. */
    private static boolean near(List<Seen> in, String text, float x, float y, float tolerance) {
        for (Seen s : in)
            if (s.x >= x - tolerance
                    && s.x < x + tolerance
                    && s.y >= y - tolerance
                    && s.y < y + tolerance
                    && s.text.equals(text)) return true;
        return false;
    }

    private static long cell(float at) {
        return (long) Math.floor(at / CELL);
    }

    private static long key(long cx, long cy) {
        return cx * 0x9E3779B97F4A7C15L + cy; // spread: Long's hash of (cx << 32 | cy) collides along diagonals
    }
}
