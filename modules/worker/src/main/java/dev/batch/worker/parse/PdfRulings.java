package dev.batch.worker.parse;

import java.awt.geom.Point2D;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.color.PDColor;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.util.Matrix;

/**
 * The ruling lines of a page: horizontal and vertical strokes, thin filled bars, and the edges of filled
 * rectangles (shaded cells), in the text's frame (points from the top-left of the crop box). Text is
 * skipped, so the pass costs the page's paths only. A white fill draws nothing a reader sees as a line.
 */
final class PdfRulings extends PDFGraphicsStreamEngine {
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

    private final float left;
    private final float top;
    private final List<float[]> path = new ArrayList<>();
    private final List<Ruling> found = new ArrayList<>();
    private final List<float[]> marks = new ArrayList<>();
    private final List<float[]> curves = new ArrayList<>();
    private final List<float[]> pictures = new ArrayList<>();
    private Point2D.Float start;
    private Point2D.Float current;

    private PdfRulings(PDPage page) {
        super(page);
        PDRectangle crop = page.getCropBox();
        this.left = crop.getLowerLeftX();
        this.top = crop.getUpperRightY();
    }

    /** The page's rulings, collinear pieces joined, and its other marks. */
    static Drawing of(PDPage page) throws IOException {
        PdfRulings engine = new PdfRulings(page);
        engine.processPage(page);
        return new Drawing(
                join(engine.found),
                engine.marks,
                pictures(engine.pictures, page.getCropBox().getWidth()));
    }

    @Override
    public void appendRectangle(Point2D p0, Point2D p1, Point2D p2, Point2D p3) {
        moveTo((float) p0.getX(), (float) p0.getY());
        lineTo((float) p1.getX(), (float) p1.getY());
        lineTo((float) p2.getX(), (float) p2.getY());
        lineTo((float) p3.getX(), (float) p3.getY());
        closePath();
    }

    @Override
    public void moveTo(float x, float y) {
        start = new Point2D.Float(x, y);
        current = start;
    }

    @Override
    public void lineTo(float x, float y) {
        if (current != null && path.size() < MAX_SEGMENTS) path.add(new float[] {current.x, current.y, x, y});
        current = new Point2D.Float(x, y);
    }

    @Override
    public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {
        if (curves.size() < MAX_SEGMENTS) curves.add(new float[] {x3, y3});
        current = new Point2D.Float(x3, y3);
    }

    @Override
    public Point2D getCurrentPoint() {
        return current;
    }

    @Override
    public void closePath() {
        if (start != null) lineTo(start.x, start.y);
    }

    @Override
    public void endPath() {
        path.clear();
        curves.clear();
    }

    @Override
    public void strokePath() {
        for (float[] s : path) add(s[0], s[1], s[2], s[3]);
        for (float[] c : curves) mark(c[0], c[1]);
        path.clear();
        curves.clear();
    }

    @Override
    public void fillPath(int windingRule) throws IOException {
        if (!white(getGraphicsState().getNonStrokingColor())) bars();
        path.clear();
        curves.clear();
    }

    @Override
    public void fillAndStrokePath(int windingRule) {
        strokePath();
    }

    /** A filled shape's axis-aligned box: a thin one is a line, a wider one gives its four edges. */
    private void bars() {
        if (path.isEmpty() || found.size() >= MAX_SEGMENTS) return;
        float x0 = Float.MAX_VALUE, y0 = Float.MAX_VALUE, x1 = -Float.MAX_VALUE, y1 = -Float.MAX_VALUE;
        for (float[] s : path) {
            if (s[0] != s[2] && s[1] != s[3]) return; // not made of axis-aligned edges
            x0 = Math.min(x0, Math.min(s[0], s[2]));
            x1 = Math.max(x1, Math.max(s[0], s[2]));
            y0 = Math.min(y0, Math.min(s[1], s[3]));
            y1 = Math.max(y1, Math.max(s[1], s[3]));
        }
        if (y1 - y0 <= THIN) add(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2);
        else if (x1 - x0 <= THIN) add((x0 + x1) / 2, y0, (x0 + x1) / 2, y1);
        else {
            add(x0, y0, x1, y0);
            add(x0, y1, x1, y1);
            add(x0, y0, x0, y1);
            add(x1, y0, x1, y1);
        }
    }

    private void add(float ax, float ay, float bx, float by) {
        if (found.size() >= MAX_SEGMENTS) return;
        float x0 = ax - left, x1 = bx - left, y0 = top - ay, y1 = top - by;
        if (Math.abs(y0 - y1) < 1 && Math.abs(x1 - x0) >= 2)
            found.add(new Ruling(true, (y0 + y1) / 2, Math.min(x0, x1), Math.max(x0, x1)));
        else if (Math.abs(x0 - x1) < 1 && Math.abs(y1 - y0) >= 2)
            found.add(new Ruling(false, (x0 + x1) / 2, Math.min(y0, y1), Math.max(y0, y1)));
        else if (Math.abs(x0 - x1) >= 1 && Math.abs(y0 - y1) >= 1) mark((ax + bx) / 2, (ay + by) / 2);
    }

    private void mark(float x, float y) {
        if (marks.size() < MAX_SEGMENTS) marks.add(new float[] {x - left, top - y});
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
        try {
            float[] rgb = color.getColorSpace().toRGB(color.getComponents());
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

    @Override
    public void drawImage(PDImage pdImage) {
        // the unit square through the current transformation: where the picture lands, as four marks at its corners
        Matrix m = getGraphicsState().getCurrentTransformationMatrix();
        for (float[] corner : new float[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}}) {
            Point2D.Float p = m.transformPoint(corner[0], corner[1]);
            pictures.add(new float[] {p.x - left, top - p.y});
        }
    }

    @Override
    public void clip(int windingRule) {}

    @Override
    public void shadingFill(COSName shadingName) {}

    @Override
    public void showTextString(byte[] string) {}

    @Override
    public void showTextStrings(COSArray array) {}
}
