package dev.batch.worker.parse;

import dev.batch.worker.parse.PdfLayout.Word;
import java.util.ArrayList;
import java.util.List;

/** How a table's header lines sit on the columns its body makes: where the edges go, and a line's cells. */
final class HeaderColumns {
    private HeaderColumns() {}

    /**
     * Where a column edge goes in the gap between two columns' values: its middle, unless a header word lies
     * across it, then the middle of the widest stretch of the gap no header word covers (titles set flush
     * right over right-aligned numbers reach further into the gap than the numbers do).
     */
    static float edge(float lo, float hi, List<TextLine> header) {
        float middle = (lo + hi) / 2;
        List<float[]> covered = new ArrayList<>();
        boolean across = false;
        for (TextLine l : header)
            for (Word w : l.words)
                if (w.x1() > lo && w.x0() < hi) {
                    covered.add(new float[] {w.x0(), w.x1()});
                    across |= w.x0() < middle && w.x1() > middle;
                }
        if (!across) return middle;
        covered.sort((a, b) -> Float.compare(a[0], b[0]));
        float best = -1, at = middle, from = lo;
        for (float[] c : covered) {
            if (c[0] - from > best) {
                best = c[0] - from;
                at = (from + c[0]) / 2;
            }
            from = Math.max(from, c[1]);
        }
        if (hi - from > best) {
            best = hi - from;
            at = (from + hi) / 2;
        }
        return best >= 1 ? at : middle;
    }

    /**
     * A header line's cells: its segments, each split again where a column edge falls in a gap between two of
     * its words wider than a space. Stacked column titles set close together read as one segment
     * ("international National desired"), but a title over several columns has only spaces between its words.
     */
    static List<List<Word>> cells(TextLine l, float[] cols) {
        List<List<Word>> out = new ArrayList<>();
        for (List<Word> s : l.segments) {
            List<Word> cell = new ArrayList<>();
            for (Word w : s) {
                if (!cell.isEmpty() && edgeBetween(cell.get(cell.size() - 1), w, cols)) {
                    out.add(cell);
                    cell = new ArrayList<>();
                }
                cell.add(w);
            }
            out.add(cell);
        }
        return out;
    }

    private static boolean edgeBetween(Word a, Word b, float[] cols) {
        float gap = b.x0() - a.x1();
        if (gap < 0.6f * Math.max(TextLine.height(a), TextLine.height(b))) return false;
        for (int c = 1; c + 1 < cols.length; c++) if (cols[c] > a.x1() - 1 && cols[c] < b.x0() + 1) return true;
        return false;
    }
}
