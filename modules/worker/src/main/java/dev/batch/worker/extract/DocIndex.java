package dev.batch.worker.extract;

import dev.batch.worker.extract.ExtractDocument.Line;
import dev.batch.worker.extract.ExtractDocument.Page;
import java.util.ArrayList;
import java.util.List;

/**
 * What the extractor reads from every line once per document: the lines of all pages in order,
 * each folded, its dates and its amounts (amounts not inside dates), and whether the document
 * writes the day before the month.
 */
final class DocIndex {
    final ExtractDocument doc;
    final List<Line> lines = new ArrayList<>();
    final List<Page> pageOfLine = new ArrayList<>();
    final List<String> folded = new ArrayList<>();
    final List<List<Dates.Found>> dates = new ArrayList<>();
    final List<List<Amounts.Amount>> amounts = new ArrayList<>();
    final boolean dayFirst;

    DocIndex(ExtractDocument doc) {
        this.doc = doc;
        List<Dates.Found> all = new ArrayList<>();
        for (Page p : doc.pages()) {
            for (Line l : p.lines()) {
                lines.add(l);
                pageOfLine.add(p);
                folded.add(Text.fold(l.text()));
                List<Dates.Found> d = Dates.in(l.text());
                dates.add(d);
                all.addAll(d);
                amounts.add(Amounts.in(l.text(), Dates.mask(l.text(), d)));
            }
        }
        dayFirst = Dates.dayFirst(all) && !usDollars();
    }

    /** A document in US dollars without a date that settles it writes month first. */
    private boolean usDollars() {
        int dollars = 0;
        for (String f : folded) if (f.contains("$") && !f.contains("s$") && !f.contains("rm")) dollars++;
        List<Dates.Found> all = dates.stream().flatMap(List::stream).toList();
        boolean settled = all.stream().anyMatch(d -> d.numeric() && (d.dayFirst() == null || d.monthFirst() == null));
        return dollars >= 2 && !settled;
    }

    int size() {
        return lines.size();
    }

    Line line(int i) {
        return lines.get(i);
    }

    /** From the top (0) to the bottom (1) of the line's page. */
    double depth(int i) {
        return pageOfLine.get(i).depth(lines.get(i));
    }

    int pageNumber(int i) {
        return pageOfLine.get(i).number();
    }

    /** Whether line {@code j} follows line {@code i} on the same page. */
    boolean samePage(int i, int j) {
        return j >= 0 && j < lines.size() && pageOfLine.get(i) == pageOfLine.get(j);
    }
}
