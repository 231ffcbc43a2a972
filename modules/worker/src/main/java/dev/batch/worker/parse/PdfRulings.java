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

    private static final float THIN = 3f;
    private static final int MAX_SEGMENTS = 20_000;

    private final float left;
    private final float top;
    private final List<float[]> path = new ArrayList<>();
    private final List<Ruling> found = new ArrayList<>();
    private Point2D.Float start;
    private Point2D.Float current;

    private PdfRulings(PDPage page) {
        super(page);
        PDRectangle crop = page.getCropBox();
        this.left = crop.getLowerLeftX();
        this.top = crop.getUpperRightY();
    }

    /** The page's rulings, collinear pieces joined. */
    static List<Ruling> of(PDPage page) throws IOException {
        PdfRulings engine = new PdfRulings(page);
        engine.processPage(page);
        return join(engine.found);
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
    }

    @Override
    public void strokePath() {
        for (float[] s : path) add(s[0], s[1], s[2], s[3]);
        path.clear();
    }

    @Override
    public void fillPath(int windingRule) throws IOException {
        if (!white(getGraphicsState().getNonStrokingColor())) bars();
        path.clear();
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
    public void drawImage(PDImage pdImage) {}

    @Override
    public void clip(int windingRule) {}

    @Override
    public void shadingFill(COSName shadingName) {}

    @Override
    public void showTextString(byte[] string) {}

    @Override
    public void showTextStrings(COSArray array) {}
}
