package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.pdmodel.graphics.color.PDColor;

/**
 * The edges of filled boxes that a reader sees as lines: an edge with a fill of the same colour just beyond it
 * draws nothing (a shaded header filled line by line, or a background under boxes of its own colour).
 */
final class FillEdges {
    /** Past this many fills, every edge is kept: the check costs a pass over the fills for each edge. */
    private static final int MAX_COMPARED = 2_000;

    private FillEdges() {}

    /** The visible edges {ax, ay, bx, by} of the boxes {x0, y0, x1, y1} filled in these colours. */
    static List<float[]> of(List<float[]> boxes, List<PDColor> colours) {
        boolean compare = boxes.size() <= MAX_COMPARED;
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            float[] b = boxes.get(i);
            if (!compare || !hidden(boxes, colours, i, 0)) out.add(new float[] {b[0], b[1], b[2], b[1]});
            if (!compare || !hidden(boxes, colours, i, 1)) out.add(new float[] {b[0], b[3], b[2], b[3]});
            if (!compare || !hidden(boxes, colours, i, 2)) out.add(new float[] {b[0], b[1], b[0], b[3]});
            if (!compare || !hidden(boxes, colours, i, 3)) out.add(new float[] {b[2], b[1], b[2], b[3]});
        }
        return out;
    }

    /** Whether another box of the same colour covers the far side of edge {@code side} (y0, y1, x0, x1) of box i. */
    private static boolean hidden(List<float[]> boxes, List<PDColor> colours, int i, int side) {
        float[] b = boxes.get(i);
        for (int j = 0; j < boxes.size(); j++) {
            if (j == i || !same(colours.get(i), colours.get(j))) continue;
            float[] c = boxes.get(j);
            boolean beyond = switch (side) {
                case 0 -> c[1] < b[1] - 0.5f && c[3] >= b[1] - 1 && covers(c[0], c[2], b[0], b[2]);
                case 1 -> c[3] > b[3] + 0.5f && c[1] <= b[3] + 1 && covers(c[0], c[2], b[0], b[2]);
                case 2 -> c[0] < b[0] - 0.5f && c[2] >= b[0] - 1 && covers(c[1], c[3], b[1], b[3]);
                default -> c[2] > b[2] + 0.5f && c[0] <= b[2] + 1 && covers(c[1], c[3], b[1], b[3]);
            };
            if (beyond) return true;
        }
        return false;
    }

    /** Whether [lo, hi] covers nearly all of [from, to]. */
    private static boolean covers(float lo, float hi, float from, float to) {
        return Math.min(hi, to) - Math.max(lo, from) >= 0.9f * (to - from);
    }

    private static boolean same(PDColor a, PDColor b) {
        return a == b || a.getColorSpace() == b.getColorSpace() && Arrays.equals(a.getComponents(), b.getComponents());
    }
}
