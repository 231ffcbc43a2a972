package dev.batch.worker.parse;

import java.awt.geom.Point2D;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.color.PDColor;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceCMYK;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.util.Matrix;

/**
 * The ruling lines of a page: horizontal and vertical strokes, thin filled bars, and the edges of filled
 * rectangles (shaded cells), in the text's frame (points from the top-left of the crop box). The text
 * stripper carries it ({@link DrawingOperators}), so the page's content is read once for its text and its
 * paths. A white fill draws nothing a reader sees as a line; whether a fill is white is asked only of a
 * page whose drawing is wanted.
 */
final class PdfRulings {
    /** A horizontal ({@code y = at}, {@code from..to} in x) or vertical ({@code x = at}, {@code from..to} in y) line. */
    record Ruling(boolean horizontal, float at, float from, float to) {
        float length() {
            return to - from;
        }
    }

    /** A page's rulings, and the marks of its other strokes (curves, slanted lines: a chart's plot). */
    record Drawing(List<Ruling> rulings, List<float[]> marks, List<Item.BBox> pictures) {
        static final Drawing NONE = new Drawing(List.of(), List.of(), List.of());

        /** Whether a box lies mostly on a picture (labels set over a chart that is an image). */
        boolean onPicture(Item.BBox box) {
            for (Item.BBox p : pictures) {
                float w = Math.min(box.x() + box.w(), p.x() + p.w()) - Math.max(box.x(), p.x());
                float h = Math.min(box.y() + box.h(), p.y() + p.h()) - Math.max(box.y(), p.y());
                if (w > 0 && h > 0 && w * h >= 0.5f * box.w() * box.h()) return true;
            }
            return false;
        }

        /** How many marks fall inside a box. */
        int marksIn(Item.BBox box) {
            int n = 0;
            for (float[] m : marks)
                if (m[0] >= box.x() && m[0] <= box.x() + box.w() && m[1] >= box.y() && m[1] <= box.y() + box.h()) n++;
            return n;
        }
    }

    private static final float THIN = 3f;
    private static final int MAX_SEGMENTS = 20_000;

    private float left;
    private float top;
    private float pageWidth;
    private final List<float[]> path = new ArrayList<>();
    private final List<Ruling> found = new ArrayList<>();
    private final List<float[]> marks = new ArrayList<>();
    private final List<float[]> curves = new ArrayList<>();
    private final List<float[]> pictures = new ArrayList<>();
    /** Filled axis-aligned boxes {x0, y0, x1, y1} and their colours, made rulings once the drawing is asked for. */
    private final List<float[]> fills = new ArrayList<>();

    private final List<PDColor> fillColors = new ArrayList<>();
    private Point2D.Float start;
    private Point2D.Float current;
    /** Whether the pass now reading the page records its drawing. */
    boolean recording = true;

    /** Forgets the last page's drawing: {@code page} is read next. */
    void start(PDPage page) {
        if (!recording) return;
        PDRectangle crop = page.getCropBox();
        left = crop.getLowerLeftX();
        top = crop.getUpperRightY();
        pageWidth = crop.getWidth();
        path.clear();
        found.clear();
        marks.clear();
        curves.clear();
        pictures.clear();
        fills.clear();
        fillColors.clear();
        start = null;
        current = null;
    }

    /** The drawing of the page read last: its rulings, collinear pieces joined, and its other marks. */
    Drawing drawing() {
        List<Ruling> rulings = new ArrayList<>(found);
        Map<PDColor, Boolean> white = new IdentityHashMap<>();
        List<float[]> boxes = new ArrayList<>();
        List<PDColor> colours = new ArrayList<>();
        for (int i = 0; i < fills.size() && rulings.size() < MAX_SEGMENTS; i++) {
            if (white.computeIfAbsent(fillColors.get(i), PdfRulings::white)) continue;
            float[] b = fills.get(i);
            if (b[3] - b[1] <= THIN) add(rulings, b[0], (b[1] + b[3]) / 2, b[2], (b[1] + b[3]) / 2);
            else if (b[2] - b[0] <= THIN) add(rulings, (b[0] + b[2]) / 2, b[1], (b[0] + b[2]) / 2, b[3]);
            else {
                boxes.add(b);
                colours.add(fillColors.get(i));
            }
        }
        for (float[] e : FillEdges.of(boxes, colours))
            if (rulings.size() < MAX_SEGMENTS) add(rulings, e[0], e[1], e[2], e[3]);
        return new Drawing(join(rulings), List.copyOf(marks), pictures(pictures, pageWidth));
    }

    void moveTo(Point2D.Float p) {
        start = p;
        current = p;
    }

    void lineTo(Point2D.Float p) {
        if (current != null && path.size() < MAX_SEGMENTS) path.add(new float[] {current.x, current.y, p.x, p.y});
        current = p;
    }

    void curveTo(Point2D.Float p) {
        if (curves.size() < MAX_SEGMENTS) curves.add(new float[] {p.x, p.y});
        current = p;
    }

    void closePath() {
        if (start != null) lineTo(start);
    }

    void endPath() {
        path.clear();
        curves.clear();
    }

    void strokePath() {
        for (float[] s : path) add(found, s[0], s[1], s[2], s[3]);
        for (float[] c : curves) mark(c[0], c[1]);
        endPath();
    }

    void fillPath(PDColor color) {
        float[] box = box();
        if (box != null && fills.size() < MAX_SEGMENTS) {
            fills.add(box);
            fillColors.add(color);
        }
        endPath();
    }

    /** The box of a path made of axis-aligned edges, or null. */
    private float[] box() {
        if (path.isEmpty()) return null;
        float x0 = Float.MAX_VALUE, y0 = Float.MAX_VALUE, x1 = -Float.MAX_VALUE, y1 = -Float.MAX_VALUE;
        for (float[] s : path) {
            if (s[0] != s[2] && s[1] != s[3]) return null;
            x0 = Math.min(x0, Math.min(s[0], s[2]));
            x1 = Math.max(x1, Math.max(s[0], s[2]));
            y0 = Math.min(y0, Math.min(s[1], s[3]));
            y1 = Math.max(y1, Math.max(s[1], s[3]));
        }
        return new float[] {x0, y0, x1, y1};
    }

    private void add(List<Ruling> into, float ax, float ay, float bx, float by) {
        if (into.size() >= MAX_SEGMENTS) return;
        float x0 = ax - left, x1 = bx - left, y0 = top - ay, y1 = top - by;
        if (Math.abs(y0 - y1) < 1 && Math.abs(x1 - x0) >= 2)
            into.add(new Ruling(true, (y0 + y1) / 2, Math.min(x0, x1), Math.max(x0, x1)));
        else if (Math.abs(x0 - x1) < 1 && Math.abs(y1 - y0) >= 2)
            into.add(new Ruling(false, (x0 + x1) / 2, Math.min(y0, y1), Math.max(y0, y1)));
        else if (Math.abs(x0 - x1) >= 1 && Math.abs(y0 - y1) >= 1) mark((ax + bx) / 2, (ay + by) / 2);
    }

    private void mark(float x, float y) {
        if (marks.size() < MAX_SEGMENTS) marks.add(new float[] {x - left, top - y});
    }

    /** Where a picture lands: the unit square through the transformation, as its four corners. */
    void picture(Matrix m) {
        for (float[] corner : new float[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}}) {
            Point2D.Float p = m.transformPoint(corner[0], corner[1]);
            pictures.add(new float[] {p.x - left, top - p.y});
        }
    }

    /** The pictures' boxes, but for those as wide as the page: a scan under its text layer, a background. */
    private static List<Item.BBox> pictures(List<float[]> corners, float pageWidth) {
        List<Item.BBox> boxes = new ArrayList<>();
        for (int i = 0; i + 3 < corners.size() && boxes.size() < 1000; i += 4) {
            float x0 = Float.MAX_VALUE, y0 = Float.MAX_VALUE, x1 = -Float.MAX_VALUE, y1 = -Float.MAX_VALUE;
            for (int j = i; j < i + 4; j++) {
                x0 = Math.min(x0, corners.get(j)[0]);
                x1 = Math.max(x1, corners.get(j)[0]);
                y0 = Math.min(y0, corners.get(j)[1]);
                y1 = Math.max(y1, corners.get(j)[1]);
            }
            if (x1 - x0 < 0.9f * pageWidth) boxes.add(new Item.BBox(x0, y0, x1 - x0, y1 - y0));
        }
        return boxes;
    }

    private static boolean white(PDColor color) {
        if (color == null) return false;
        float[] c = color.getComponents();
        // the device spaces by their values: converting CMYK through its ICC profile costs a profile's loading
        if (color.getColorSpace() instanceof PDDeviceGray) return c.length == 1 && c[0] > 0.95f;
        if (color.getColorSpace() instanceof PDDeviceCMYK) {
            for (float v : c) if (v >= 0.05f) return false;
            return c.length == 4;
        }
        try {
            float[] rgb = color.getColorSpace().toRGB(c);
            return rgb.length == 3 && rgb[0] > 0.95f && rgb[1] > 0.95f && rgb[2] > 0.95f;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Collinear rulings (within a point) that touch or overlap become one. */
    static List<Ruling> join(List<Ruling> rulings) {
        List<Ruling> out = new ArrayList<>();
        for (boolean horizontal : new boolean[] {true, false}) {
            List<Ruling> sorted = new ArrayList<>();
            for (Ruling r : rulings) if (r.horizontal() == horizontal) sorted.add(r);
            sorted.sort(Comparator.comparing(Ruling::at));
            int i = 0;
            while (i < sorted.size()) {
                int j = i;
                while (j < sorted.size() && sorted.get(j).at() - sorted.get(i).at() <= 1) j++;
                List<Ruling> line = new ArrayList<>(sorted.subList(i, j));
                line.sort(Comparator.comparing(Ruling::from));
                Ruling run = null;
                for (Ruling r : line) {
                    if (run != null && r.from() <= run.to() + 2) {
                        run = new Ruling(horizontal, run.at(), run.from(), Math.max(run.to(), r.to()));
                    } else {
                        if (run != null) out.add(run);
                        run = r;
                    }
                }
                out.add(run);
                i = j;
            }
        }
        return out;
    }
}
