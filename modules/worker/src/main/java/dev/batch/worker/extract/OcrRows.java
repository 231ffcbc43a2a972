package dev.batch.worker.extract;

import dev.batch.worker.extract.ExtractDocument.Line;
import dev.batch.worker.extract.ExtractDocument.Page;
import dev.batch.worker.extract.ExtractDocument.Piece;
import dev.batch.worker.parse.OcrLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * OCR lines to the rows a reader sees. Tesseract often reads a label and its value at the far end
 * of the same row as two blocks ("TOTAL" ... "60.30"): lines that share most of their height and
 * do not overlap side by side are one row, left to right, each word a piece with its box.
 */
final class OcrRows {
    private OcrRows() {}

    static Page page(int number, OcrLayout.Page ocr) {
        List<List<OcrLayout.Line>> rows = new ArrayList<>();
        List<Box> rowBoxes = new ArrayList<>();
        List<OcrLayout.Line> sorted = new ArrayList<>(ocr.lines());
        sorted.sort(Comparator.comparingDouble(l -> l.box()[1] + l.box()[3] / 2.0));
        for (OcrLayout.Line line : sorted) {
            Box box = box(line.box());
            int joined = -1;
            for (int r = rows.size() - 1; r >= Math.max(0, rows.size() - 3) && joined < 0; r--) {
                if (rowBoxes.get(r).verticalOverlap(box) >= 0.6 && besideAll(rows.get(r), box)) joined = r;
            }
            if (joined < 0) {
                rows.add(new ArrayList<>(List.of(line)));
                rowBoxes.add(box);
            } else {
                rows.get(joined).add(line);
                rowBoxes.set(joined, Box.union(rowBoxes.get(joined), box));
            }
        }
        List<Line> lines = new ArrayList<>();
        for (List<OcrLayout.Line> row : rows) {
            row.sort(Comparator.comparingInt(l -> l.box()[0]));
            lines.add(line(number, lines.size(), row));
        }
        return new Page(number, ocr.width(), ocr.height(), List.copyOf(lines), List.of());
    }

    private static boolean besideAll(List<OcrLayout.Line> row, Box box) {
        for (OcrLayout.Line l : row) {
            Box b = box(l.box());
            if (b.x() < box.right() && box.x() < b.right()) return false;
        }
        return true;
    }

    private static Line line(int page, int index, List<OcrLayout.Line> row) {
        StringBuilder text = new StringBuilder();
        List<Piece> pieces = new ArrayList<>();
        Box all = null;
        double confidence = 0;
        for (OcrLayout.Line l : row) {
            for (OcrLayout.Word w : l.words()) {
                confidence += Math.max(0, w.confidence()) / 100;
                if (text.length() > 0) text.append(' ');
                int start = text.length();
                text.append(w.text());
                Box b = new Box(w.x(), w.y(), w.w(), w.h());
                pieces.add(new Piece(start, text.length(), b));
                all = Box.union(all, b);
            }
        }
        return new Line(
                page,
                index,
                text.toString(),
                List.copyOf(pieces),
                all,
                pieces.isEmpty() ? 0 : confidence / pieces.size());
    }

    private static Box box(int[] b) {
        return new Box(b[0], b[1], b[2], b[3]);
    }
}
