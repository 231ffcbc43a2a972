package dev.batch.worker.parse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.TextPosition;

/**
 * A page's lines read with its text upright. PDFBox's stripper reads well only the glyphs that are
 * upright as the page is shown: on a page shown turned ({@code /Rotate 90}) whose text is drawn
 * unturned, or on an unturned page whose text is drawn turned (a landscape table set sideways), it
 * splits every word after its first letter. So when most glyphs run in another direction than the
 * shown one, the page is read a second time as if shown that way (its rotation set in memory only,
 * and put back), and the boxes of its items are turned back into the page as shown.
 */
final class UprightText {
    /**
     * The lines, whether the page had any text, the rotation they were read at, and how to bring boxes
     * back to the page as shown.
     */
    record Read(List<PdfLayout.Line> lines, boolean blank, int upright, Frame frame) {
        /** The page's drawing (measured unturned) in the frame the lines were read in. */
        PdfRulings.Drawing drawing(PdfRulings.Drawing d, PDRectangle crop) {
            if (upright == 0) return d;
            Frame f = new Frame(0, upright, crop.getWidth(), crop.getHeight());
            List<PdfRulings.Ruling> rulings = new ArrayList<>();
            for (PdfRulings.Ruling r : d.rulings()) {
                Item.BBox b = f.turn(
                        r.horizontal()
                                ? new Item.BBox(r.from(), r.at(), r.length(), 0)
                                : new Item.BBox(r.at(), r.from(), 0, r.length()));
                rulings.add(
                        b.w() >= b.h()
                                ? new PdfRulings.Ruling(true, b.y(), b.x(), b.x() + b.w())
                                : new PdfRulings.Ruling(false, b.x(), b.y(), b.y() + b.h()));
            }
            List<float[]> marks = new ArrayList<>();
            for (float[] m : d.marks()) {
                Item.BBox b = f.turn(new Item.BBox(m[0], m[1], 0, 0));
                marks.add(new float[] {b.x(), b.y()});
            }
            List<Item.BBox> pictures = new ArrayList<>();
            for (Item.BBox p : d.pictures()) pictures.add(f.turn(p));
            return new PdfRulings.Drawing(rulings, marks, pictures);
        }

        /** The page's width and height in the frame the lines were read in. */
        float[] size(PDRectangle crop) {
            return upright % 180 == 0
                    ? new float[] {crop.getWidth(), crop.getHeight()}
                    : new float[] {crop.getHeight(), crop.getWidth()};
        }
    }

    private UprightText() {}

    static Read read(PDDocument doc, int n, PdfLayout.Stripper stripper, String paragraphMark) throws IOException {
        PDPage page = doc.getPage(n - 1);
        int shown = Math.floorMod(page.getRotation(), 360) / 90 * 90;
        boolean blank = strip(doc, n, stripper, paragraphMark);
        int[] directions = stripper.directions.clone();
        int upright = upright(directions, shown);
        if (upright != shown) blank = stripAs(doc, n, stripper, paragraphMark, upright, -1);
        PDRectangle crop = page.getCropBox();
        List<PdfLayout.Line> lines = new ArrayList<>(stripper.lines);
        for (int d = 0; d < 360; d += 90) {
            if (d == upright || directions[d / 90] == 0 || !has(lines, d)) continue;
            stripAs(doc, n, stripper, paragraphMark, d, d);
            lines = sideways(lines, d, stripper.lines, new Frame(d, upright, crop.getWidth(), crop.getHeight()));
        }
        Frame frame = upright == shown ? Frame.NONE : new Frame(upright, shown, crop.getWidth(), crop.getHeight());
        return new Read(List.copyOf(lines), blank, upright, frame);
    }

    /** Strips the page as if shown at rotation {@code as} (in memory, put back after), only glyphs running {@code only} if set. */
    private static boolean stripAs(
            PDDocument doc, int n, PdfLayout.Stripper stripper, String paragraphMark, int as, int only)
            throws IOException {
        PDPage page = doc.getPage(n - 1);
        COSBase rotate = page.getCOSObject().getItem(COSName.ROTATE);
        try {
            page.setRotation(as);
            stripper.only = only;
            stripper.drawing.recording = false; // the page's drawing was read in its first pass
            return strip(doc, n, stripper, paragraphMark);
        } finally {
            stripper.only = -1;
            stripper.drawing.recording = true;
            page.getCOSObject().setItem(COSName.ROTATE, rotate);
        }
    }

    private static boolean has(List<PdfLayout.Line> lines, int direction) {
        for (PdfLayout.Line l : lines) if (l.directions.contains(direction)) return true;
        return false;
    }

    /**
     * The page's words running {@code direction} (a margin note set sideways, such as arXiv's stamp,
     * which the stripper cuts into pieces of a letter or two) replaced, where the first of them stood,
     * by the same glyphs read upright, their words boxed in the page's frame.
     */
    private static List<PdfLayout.Line> sideways(
            List<PdfLayout.Line> lines, int direction, List<PdfLayout.Line> upright, Frame frame) {
        List<PdfLayout.Line> out = new ArrayList<>(lines.size());
        boolean placed = false;
        for (PdfLayout.Line l : lines) {
            PdfLayout.Line kept = new PdfLayout.Line();
            kept.paragraphStart = l.paragraphStart;
            for (int i = 0; i < l.words.size(); i++) {
                if (l.directions.get(i) == direction) continue;
                kept.words.add(l.words.get(i));
                kept.directions.add(l.directions.get(i));
            }
            if (!placed && kept.words.size() < l.words.size()) {
                placed = true;
                for (PdfLayout.Line u : upright) out.add(turned(u, frame));
                if (!upright.isEmpty()) out.get(out.size() - upright.size()).paragraphStart = true;
                kept.paragraphStart = true;
            }
            if (!kept.words.isEmpty()) out.add(kept.words.size() == l.words.size() ? l : kept);
        }
        return out;
    }

    private static PdfLayout.Line turned(PdfLayout.Line line, Frame frame) {
        PdfLayout.Line out = new PdfLayout.Line();
        out.paragraphStart = line.paragraphStart;
        for (PdfLayout.Word w : line.words) {
            Item.BBox b = frame.turn(w.box());
            out.words.add(
                    new PdfLayout.Word(w.text(), b.x(), b.x() + b.w(), b.h(), b.y() + b.h(), w.fontSize(), w.bold()));
            out.directions.add(frame.shown());
        }
        return out;
    }

    private static boolean strip(PDDocument doc, int n, PdfLayout.Stripper stripper, String paragraphMark)
            throws IOException {
        stripper.setStartPage(n);
        stripper.setEndPage(n);
        stripper.reset();
        String text = stripper.getText(doc);
        stripper.endLine();
        return text.replace(paragraphMark, "").isBlank();
    }

    /** The direction a glyph runs in, in degrees: 0, 90, 180 or 270. */
    static int direction(TextPosition p) {
        return Math.floorMod(Math.round(p.getDir() / 90f), 4) * 90;
    }

    /** The direction all the glyphs run in, or -1 when they run in several. */
    static int direction(List<TextPosition> positions) {
        int d = direction(positions.get(0));
        for (TextPosition p : positions) if (direction(p) != d) return -1;
        return d;
    }

    /** The direction most glyphs run in, or the shown one when it has as many. */
    static int upright(int[] directions, int shown) {
        int best = shown / 90;
        for (int d = 0; d < 4; d++) if (directions[d] > directions[best]) best = d;
        return best * 90;
    }

    /**
     * Turns boxes measured on the page shown at rotation {@code read} into the page shown at rotation
     * {@code shown}; {@code w} and {@code h} are the unturned page's size.
     */
    record Frame(int read, int shown, float w, float h) {
        static final Frame NONE = new Frame(0, 0, 0, 0);

        List<PdfLayout.Line> lines(List<PdfLayout.Line> lines) {
            if (read == shown) return lines;
            List<PdfLayout.Line> out = new ArrayList<>(lines.size());
            for (PdfLayout.Line l : lines) out.add(turned(l, this));
            return out;
        }

        List<Item> turn(List<Item> items) {
            if (read == shown) return items;
            List<Item> out = new ArrayList<>(items.size());
            for (Item item : items) out.add(turn(item));
            return out;
        }

        private Item turn(Item item) {
            if (item instanceof Item.Text t && t.bbox() != null)
                return new Item.Text(t.value(), turn(t.bbox().get(0)));
            if (item instanceof Item.Heading h && h.bbox() != null)
                return new Item.Heading(
                        h.level(), h.value(), List.of(turn(h.bbox().get(0))));
            if (item instanceof Item.Table t && t.bbox() != null)
                return new Item.Table(t.rows(), t.spans(), turn(t.bbox().get(0)));
            return item;
        }

        Item.BBox turn(Item.BBox b) {
            float[] a = shownPoint(b.x(), b.y());
            float[] c = shownPoint(b.x() + b.w(), b.y() + b.h());
            float x0 = Math.min(a[0], c[0]);
            float y0 = Math.min(a[1], c[1]);
            return new Item.BBox(x0, y0, Math.abs(a[0] - c[0]), Math.abs(a[1] - c[1]));
        }

        /** A point (from the top-left corner) of the page shown at {@code read}, on the page shown at {@code shown}. */
        private float[] shownPoint(float x, float y) {
            float[] user = switch (read) {
                case 90 -> new float[] {y, x};
                case 180 -> new float[] {w - x, y};
                case 270 -> new float[] {w - y, h - x};
                default -> new float[] {x, h - y};
            };
            return switch (shown) {
                case 90 -> new float[] {user[1], user[0]};
                case 180 -> new float[] {w - user[0], user[1]};
                case 270 -> new float[] {h - user[1], w - user[0]};
                default -> new float[] {user[0], h - user[1]};
            };
        }
    }
}
