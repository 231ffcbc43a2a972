package dev.batch.worker.parse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tesseract's reading of an image with geometry: its words with their boxes (its TSV output), in its
 * lines, paragraphs and blocks. What field extraction needs from a scan, where the plain OCR text
 * has lost which words sit side by side and where on the page. Coordinates are the image's pixels.
 */
public final class OcrLayout {
    private OcrLayout() {}

    /** A word as read, with its box and Tesseract's confidence (0-100). */
    public record Word(String text, int x, int y, int w, int h, float confidence) {}

    /** A line of words, in its block and paragraph (numbers as Tesseract gives them). */
    public record Line(int block, int paragraph, List<Word> words) {
        public String text() {
            StringBuilder b = new StringBuilder();
            for (Word w : words) b.append(b.length() == 0 ? "" : " ").append(w.text());
            return b.toString();
        }

        /** The box around its words: x, y, width, height. */
        public int[] box() {
            int x0 = Integer.MAX_VALUE;
            int y0 = Integer.MAX_VALUE;
            int x1 = Integer.MIN_VALUE;
            int y1 = Integer.MIN_VALUE;
            for (Word w : words) {
                x0 = Math.min(x0, w.x());
                y0 = Math.min(y0, w.y());
                x1 = Math.max(x1, w.x() + w.w());
                y1 = Math.max(y1, w.y() + w.h());
            }
            return new int[] {x0, y0, x1 - x0, y1 - y0};
        }
    }

    /** An image's lines in reading order, and its size. */
    public record Page(int width, int height, List<Line> lines) {
        /** This reading of an image scaled by {@code factor}, in the pixels of the image before scaling. */
        public Page unscaled(double factor) {
            List<Line> out = new ArrayList<>();
            for (Line l : lines) {
                List<Word> words = new ArrayList<>();
                for (Word w : l.words())
                    words.add(new Word(
                            w.text(),
                            px(w.x(), factor),
                            px(w.y(), factor),
                            px(w.w(), factor),
                            px(w.h(), factor),
                            w.confidence()));
                out.add(new Line(l.block(), l.paragraph(), List.copyOf(words)));
            }
            return new Page(px(width, factor), px(height, factor), List.copyOf(out));
        }

        private static int px(int v, double factor) {
            return (int) Math.round(v / factor);
        }
    }

    /** Whether Tesseract is installed here. */
    public static boolean available() {
        return Ocr.binary().isPresent();
    }

    /**
     * Reads an image file; {@code languages} as LlamaParse names them (ISO 639-1), English when empty.
     * {@code oneBlock}: read the image as one block of lines (Tesseract's page segmentation 6) instead of
     * finding columns and blocks first, which on receipts and invoices loses amounts set apart at the right.
     */
    public static Page read(Path image, List<String> languages, long timeoutMillis, boolean oneBlock)
            throws IOException {
        String[] config = oneBlock ? new String[] {"--psm", "6", "tsv"} : new String[] {"tsv"};
        return parse(Ocr.read(image, Ocr.languages(languages), timeoutMillis, config));
    }

    /** Tesseract's TSV: level, page, block, paragraph, line, word, left, top, width, height, conf, text. */
    static Page parse(String tsv) {
        List<Line> lines = new ArrayList<>();
        int width = 0;
        int height = 0;
        String lineKey = null;
        List<Word> words = null;
        int block = 0;
        int paragraph = 0;
        for (String row : tsv.split("\n")) {
            String[] f = row.split("\t", -1);
            if (f.length < 12 || !Character.isDigit(f[0].isEmpty() ? 'x' : f[0].charAt(0))) continue;
            int level = Integer.parseInt(f[0]);
            if (level == 1) {
                width = Math.max(width, Integer.parseInt(f[8]));
                height = Math.max(height, Integer.parseInt(f[9]));
                continue;
            }
            String text = f[11].strip();
            if (level != 5 || text.isEmpty()) continue;
            String key = f[1] + "/" + f[2] + "/" + f[3] + "/" + f[4];
            if (!key.equals(lineKey)) {
                if (words != null && !words.isEmpty()) lines.add(new Line(block, paragraph, List.copyOf(words)));
                words = new ArrayList<>();
                lineKey = key;
                block = Integer.parseInt(f[2]);
                paragraph = Integer.parseInt(f[3]);
            }
            words.add(new Word(
                    text,
                    Integer.parseInt(f[6]),
                    Integer.parseInt(f[7]),
                    Integer.parseInt(f[8]),
                    Integer.parseInt(f[9]),
                    Float.parseFloat(f[10])));
        }
        if (words != null && !words.isEmpty()) lines.add(new Line(block, paragraph, List.copyOf(words)));
        return new Page(width, height, List.copyOf(lines));
    }
}
