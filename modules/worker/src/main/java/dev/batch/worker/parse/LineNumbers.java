package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Line-number gutters (court transcripts, pleadings, numbered manuscripts): a column of small whole
 * numbers counting up down the page's margin, each before a line of text or standing alone. They
 * are the page's furniture, like its page number, so they are taken out of the text rather than read
 * into every line ("1 THE COURT: ..."). A table whose first column counts rows is not a gutter: its
 * lines go on with figures, not words.
 */
final class LineNumbers {
    private static final Pattern NUMBER = Pattern.compile("\\d{1,2}");
    private static final Pattern WORDY = Pattern.compile(".*\\p{L}{3,}.*");

    /** The fewest numbers that make a gutter, and how far apart (points) their right edges may lie. */
    private static final int FEWEST = 10;

    private static final float ALIGNED = 2.5f;

    private LineNumbers() {}

    static List<PdfLayout.Line> strip(List<PdfLayout.Line> lines) {
        List<Integer> gutter = gutter(lines);
        if (gutter.isEmpty()) return lines;
        List<PdfLayout.Line> out = new ArrayList<>(lines.size());
        int g = 0;
        for (int i = 0; i < lines.size(); i++) {
            PdfLayout.Line l = lines.get(i);
            if (g < gutter.size() && gutter.get(g) == i) {
                g++;
                if (l.words.size() == 1) continue;
                PdfLayout.Line rest = new PdfLayout.Line();
                rest.paragraphStart = l.paragraphStart;
                rest.words.addAll(l.words.subList(1, l.words.size()));
                if (l.directions.size() == l.words.size())
                    rest.directions.addAll(l.directions.subList(1, l.directions.size()));
                out.add(rest);
            } else {
                out.add(l);
            }
        }
        return out;
    }

    /** The indexes of the lines that start with a gutter number, or none when the page has no gutter. */
    static List<Integer> gutter(List<PdfLayout.Line> lines) {
        List<Integer> numbered = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) if (numbered(lines.get(i))) numbered.add(i);
        if (numbered.size() < FEWEST || 2 * numbered.size() < lines.size()) return List.of();
        float edge = commonRightEdge(lines, numbered);
        List<Integer> gutter = new ArrayList<>();
        for (int i : numbered) if (Math.abs(lines.get(i).words.get(0).x1() - edge) <= ALIGNED) gutter.add(i);
        return gutter.size() >= FEWEST && countsUp(lines, gutter) && wordy(lines, gutter) ? gutter : List.of();
    }

    /** A line whose first word is a small number set apart from what follows it. */
    private static boolean numbered(PdfLayout.Line l) {
        PdfLayout.Word first = l.words.get(0);
        if (!NUMBER.matcher(first.text()).matches()) return false;
        if (l.words.size() == 1) return true;
        return l.words.get(1).x0() - first.x1() >= Math.max(6f, first.height());
    }

    /** The right edge most of the numbers share (numbers in a gutter are set flush right). */
    private static float commonRightEdge(List<PdfLayout.Line> lines, List<Integer> numbered) {
        float best = 0;
        int bestCount = -1;
        for (int i : numbered) {
            float edge = lines.get(i).words.get(0).x1();
            int count = 0;
            for (int j : numbered) if (Math.abs(lines.get(j).words.get(0).x1() - edge) <= ALIGNED) count++;
            if (count > bestCount) {
                best = edge;
                bestCount = count;
            }
        }
        return best;
    }

    /** Most numbers are one more than the number before them. */
    private static boolean countsUp(List<PdfLayout.Line> lines, List<Integer> gutter) {
        int steps = 0;
        for (int k = 1; k < gutter.size(); k++) {
            int prev =
                    Integer.parseInt(lines.get(gutter.get(k - 1)).words.get(0).text());
            int n = Integer.parseInt(lines.get(gutter.get(k)).words.get(0).text());
            if (n == prev + 1) steps++;
        }
        return steps >= 0.8 * (gutter.size() - 1);
    }

    /** How many cells a line splits into at gaps wider than a character or two. */
    private static int cells(PdfLayout.Line l) {
        int n = 1;
        for (int i = 1; i < l.words.size(); i++) {
            PdfLayout.Word a = l.words.get(i - 1);
            PdfLayout.Word b = l.words.get(i);
            if (b.x0() - a.x1() > Math.max(8f, 1.2f * Math.max(a.height(), b.height()))) n++;
        }
        return n;
    }

    /** The numbered lines that go on go on with words, not figures (a table numbering its rows). */
    private static boolean wordy(List<PdfLayout.Line> lines, List<Integer> gutter) {
        int goOn = 0;
        int words = 0;
        for (int i : gutter) {
            PdfLayout.Line l = lines.get(i);
            if (l.words.size() == 1) continue;
            goOn++;
            if (WORDY.matcher(l.text()).matches() && cells(l) <= 3) words++;
        }
        return words >= 0.7 * goOn;
    }
}
