package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Two columns of prose drawn line across line (left line, right line, next left line...) read
 * column by column. PDFBox follows the order a page is drawn in, which is column by column for most
 * producers, and then nothing moves here; a producer that draws row by row makes every line of the
 * stripper a left line and a right line glued together. A stretch of lines none of whose words cross
 * a gutter, with prose on both sides of it (six words or more a side on most lines, so a two-column
 * table is not taken for columns), and a right side met before the left side ends, is read left
 * side first. A full-width line (a title, a running header) ends the stretch.
 */
final class Columns {
    private static final int FEWEST_LINES = 4;
    private static final int PROSE_WORDS = 6;

    private Columns() {}

    static List<PdfLayout.Line> read(List<PdfLayout.Line> lines) {
        if (lines.size() < FEWEST_LINES) return lines;
        float best = Float.NaN;
        int bestLines = 0;
        for (float g : gutters(lines)) {
            int n = 0;
            for (int[] run : runs(lines, g)) n += run[1] - run[0];
            if (n > bestLines) {
                best = g;
                bestLines = n;
            }
        }
        if (bestLines == 0) return lines;
        List<PdfLayout.Line> out = new ArrayList<>(lines.size());
        int i = 0;
        for (int[] run : runs(lines, best)) {
            out.addAll(lines.subList(i, run[0]));
            leftThenRight(lines.subList(run[0], run[1]), best, out);
            i = run[1];
        }
        out.addAll(lines.subList(i, lines.size()));
        return out;
    }

    /** Where a gutter may run: the middle of every wide gap between two words of a line. */
    private static TreeSet<Float> gutters(List<PdfLayout.Line> lines) {
        TreeSet<Float> out = new TreeSet<>();
        for (PdfLayout.Line l : lines) {
            for (int w = 1; w < l.words.size(); w++) {
                PdfLayout.Word a = l.words.get(w - 1);
                PdfLayout.Word b = l.words.get(w);
                if (wide(a, b)) out.add((float) Math.round((a.x1() + b.x0()) / 2));
            }
        }
        return out;
    }

    /** The stretches [from, to) that read as two interleaved columns of prose about the gutter {@code g}. */
    private static List<int[]> runs(List<PdfLayout.Line> lines, float g) {
        List<int[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= lines.size(); i++) {
            if (i < lines.size() && !crosses(lines.get(i), g)) continue;
            if (i - from >= FEWEST_LINES && columns(lines.subList(from, i), g)) out.add(new int[] {from, i});
            from = i + 1;
        }
        return out;
    }

    private static boolean crosses(PdfLayout.Line l, float g) {
        for (PdfLayout.Word w : l.words) if (w.x0() < g && w.x1() > g) return true;
        return false;
    }

    /** Prose on both sides on most lines, and the right side begun before the left one ends. */
    private static boolean columns(List<PdfLayout.Line> run, float g) {
        int left = 0;
        int right = 0;
        int prose = 0;
        int firstRight = -1;
        int lastLeft = -1;
        for (int i = 0; i < run.size(); i++) {
            List<PdfLayout.Word> l = new ArrayList<>();
            List<PdfLayout.Word> r = new ArrayList<>();
            for (PdfLayout.Word w : run.get(i).words) (w.x1() <= g ? l : r).add(w);
            if (!l.isEmpty()) {
                left++;
                lastLeft = i;
            }
            if (!r.isEmpty()) {
                right++;
                if (firstRight < 0) firstRight = i;
            }
            // a gutter is wide on every line that has both sides: a river of word spaces in justified text is not
            if (!l.isEmpty() && !r.isEmpty() && !wide(l.get(l.size() - 1), r.get(0))) return false;
            if ((l.isEmpty() || prose(l)) && (r.isEmpty() || prose(r))) prose++;
        }
        return left >= FEWEST_LINES
                && right >= FEWEST_LINES
                && prose >= 0.8 * run.size()
                && firstRight >= 0
                && firstRight < lastLeft;
    }

    private static boolean wide(PdfLayout.Word a, PdfLayout.Word b) {
        return b.x0() - a.x1() >= Math.max(8f, a.height());
    }

    /** A line of running text: six words or more, and no gap a table would put between cells. */
    private static boolean prose(List<PdfLayout.Word> side) {
        int words = 0;
        for (int i = 0; i < side.size(); i++) {
            PdfLayout.Word w = side.get(i);
            if (i > 0 && w.x0() - side.get(i - 1).x1() > Math.max(8f, 1.2f * w.height())) return false;
            words += TextLine.words(w.text());
        }
        return words >= PROSE_WORDS;
    }

    private static void leftThenRight(List<PdfLayout.Line> run, float g, List<PdfLayout.Line> out) {
        List<PdfLayout.Line> rights = new ArrayList<>();
        for (PdfLayout.Line l : run) {
            PdfLayout.Line left = new PdfLayout.Line();
            PdfLayout.Line right = new PdfLayout.Line();
            left.paragraphStart = l.paragraphStart;
            for (int w = 0; w < l.words.size(); w++) {
                PdfLayout.Line side = l.words.get(w).x1() <= g ? left : right;
                side.words.add(l.words.get(w));
                if (w < l.directions.size()) side.directions.add(l.directions.get(w));
            }
            if (left.words.isEmpty()) right.paragraphStart = l.paragraphStart;
            if (!left.words.isEmpty()) out.add(left);
            if (!right.words.isEmpty()) rights.add(right);
        }
        if (!rights.isEmpty()) rights.get(0).paragraphStart = true;
        out.addAll(rights);
    }
}
