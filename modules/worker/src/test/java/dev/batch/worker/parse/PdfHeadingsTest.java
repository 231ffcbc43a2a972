package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.testkit.Corpus;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Headings of PDFs from type size, weight and numbering: real papers, and pages made line by line. */
class PdfHeadingsTest {
    private static ParsedDocument parse(String file) throws Exception {
        try (InputStream in = Files.newInputStream(Corpus.file(file))) {
            return new DocumentParser().parse(in, file, ParseOptions.of("{}"));
        }
    }

    private static List<String> outline(ParsedDocument d) {
        return d.pages().stream()
                .flatMap(p -> p.items().stream())
                .filter(i -> i instanceof Item.Heading)
                .map(Item::md)
                .toList();
    }

    @Test
    void outlinesAPaperAsItsSectionsTitleFirstThenByNumbering() throws Exception {
        ParsedDocument d = parse("parse/pdf/arxiv-2201.00200.pdf");

        assertThat(outline(d))
                .containsExactly(
                        "# Local heating due to convective overshooting and the solar modelling problem",
                        "## 1. Introduction",
                        "## 2. Modification of the thermal background in the overshooting layer:"
                                + " Results from two-dimensional hydrodynamical simulations",
                        "## 3. Impact on one-dimensional solar structure models",
                        "### 3.1. Helioseismic constraints",
                        "### 3.2. Testing one-dimensional solar models",
                        "#### 3.2.1. Thermal equilibrium models",
                        "#### 3.2.2. Self-consistent evolutionary models",
                        "## 4. Conclusion",
                        "## 5. Acknowledgements",
                        "## References");
        List<Item> items = d.pages().stream().flatMap(p -> p.items().stream()).toList();
        assertThat(items)
                .filteredOn(i -> i instanceof Item.Text)
                .extracting(Item::plain)
                .anyMatch(t -> t.startsWith("Modelling the internal structure of the Sun is still a challenge."))
                .anyMatch(t -> t.startsWith("Recent hydrodynamical simulations of convection"))
                .anyMatch(t -> t.startsWith("Anders, E. & Grevesse, N. 1989")); // the references, below their heading
        for (ParsedDocument.Page page : d.pages()) {
            assertThat(page.items()).filteredOn(i -> i instanceof Item.Heading).allSatisfy(i -> {
                Item.BBox box = ((Item.Heading) i).bbox().get(0);
                assertThat(box.x()).isBetween(0f, page.pageWidth());
                assertThat(box.y() + box.h()).isBetween(0f, page.pageHeight());
            });
        }
    }

    @Test
    void outlinesAnIeeePaperByItsRomanAndLetteredNumbers() throws Exception {
        ParsedDocument d = parse("parse/pdf/arxiv-1601.03642.pdf");

        assertThat(outline(d))
                .startsWith(
                        "# Creativity in Machine Learning",
                        "## I. INTRODUCTION",
                        "## II. BASICS OF MACHINE LEARNING",
                        "## III. IMAGE DATA",
                        "### A. Google DeepDream",
                        "### B. Artistic Style Imitation",
                        "### C. Drawing Robots",
                        "## IV. TEXT DATA",
                        "### A. Similar Texts Generation")
                .contains("## APPENDIX A AUTOMATICALLY GENERATED TEXTS", "### A. Shakespeare")
                .allMatch(h -> h.length() < 60);
    }

    @Test
    void takesTypeAndNumberForHeadingsButNotRunInWordsLabelsCapitalsOrNumberedLists() {
        Page page = new Page()
                .body(3)
                .line(12, true, "1. Introduction")
                .body(3)
                .line(10, true, "Note:")
                .then(10, false, "the values below are estimates of the yearly")
                .more(10, false, "rainfall in each region, not measurements.")
                .line(10, true, "Figure 3")
                .line(10, false, "ABSTRACT")
                .body(2)
                .line(10, true, "Table 2: Rainfall by region")
                .body(2)
                .line(10, false, "1.1. Scope of the survey")
                .body(3)
                .line(10, false, "1. Preheat the oven")
                .line(10, false, "2. Mix the flour")
                .line(10, false, "3. Bake for an hour")
                .body(3)
                .line(10, true, "42");

        assertThat(headings(page))
                .containsExactly(new Heading(1, "1. Introduction"), new Heading(2, "1.1. Scope of the survey"));
    }

    @Test
    void takesNoShortBoldLineInsideAListForAHeading() {
        Page page = new Page()
                .body(3)
                .line(10, false, "• Collect the samples")
                .line(10, true, "Important")
                .line(10, false, "• Label every sample")
                .body(3);

        assertThat(headings(page)).isEmpty();
    }

    @Test
    void takesNoLabelOverAValueOrRowOfHeaderCellsForHeadings() {
        Page page = new Page()
                .body(3)
                .line(10, true, "Invoice Date")
                .line(10, false, "Jun 3, 2013")
                .body(2)
                .cells(10, true, "Region", "Sales", "Growth")
                .cells(10, false, "North", "1,200", "4%")
                .cells(10, false, "South", "900", "2%")
                .body(3);

        assertThat(headings(page)).isEmpty();
    }

    @Test
    void joinsAHeadingWrappedOntoTheNextLine() {
        Page page = new Page()
                .body(3)
                .line(12, true, "2. Results of the long")
                .close(12, true, "running experiment")
                .body(3);

        assertThat(headings(page)).containsExactly(new Heading(1, "2. Results of the long running experiment"));
    }

    @Test
    void takesNoRunningHeaderForAHeading() {
        PdfHeadings headings = new PdfHeadings();
        List<List<Item>> pages = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            Page page = new Page().line(12, true, "Journal of Examples").body(4);
            List<Item> items =
                    Refiner.refine(PdfLayout.items(page.lines, () -> PdfRulings.Drawing.NONE, 612, 792), true);
            headings.page(items, page.lines);
            pages.add(items);
        }

        assertThat(headings.apply(pages, List.of(1, 2, 3)))
                .allSatisfy(p -> assertThat(p).noneMatch(i -> i instanceof Item.Heading));
    }

    private record Heading(int level, String value) {}

    private static List<Heading> headings(Page page) {
        PdfHeadings headings = new PdfHeadings();
        List<Item> items = Refiner.refine(PdfLayout.items(page.lines, () -> PdfRulings.Drawing.NONE, 612, 792), true);
        headings.page(items, page.lines);
        return headings.apply(List.of(items), List.of(1)).get(0).stream()
                .filter(i -> i instanceof Item.Heading)
                .map(i -> new Heading(((Item.Heading) i).level(), i.plain()))
                .toList();
    }

    /** A page written line by line down from the top, in 10 pt body text unless told. */
    private static final class Page {
        private static final String BODY = "The survey counted the rain that fell on every field of the valley";
        final List<PdfLayout.Line> lines = new ArrayList<>();
        private float y = 60;

        /** A paragraph of body text, {@code n} lines long. */
        Page body(int n) {
            line(10, false, BODY);
            for (int i = 1; i < n; i++) more(10, false, BODY);
            return this;
        }

        /** A line that starts a paragraph. */
        Page line(float size, boolean bold, String text) {
            PdfLayout.Line l = new PdfLayout.Line();
            l.paragraphStart = true;
            y += 2.5f * size;
            lines.add(l);
            return append(l, 72, size, bold, text);
        }

        /** More words on the last line. */
        Page then(float size, boolean bold, String text) {
            PdfLayout.Line last = lines.get(lines.size() - 1);
            return append(last, last.words.get(last.words.size() - 1).x1() + 0.3f * size, size, bold, text);
        }

        /** A line going on with the paragraph. */
        Page more(float size, boolean bold, String text) {
            PdfLayout.Line l = new PdfLayout.Line();
            y += 1.2f * size;
            lines.add(l);
            return append(l, 72, size, bold, text);
        }

        /** A new paragraph set right under the line before, as PDFBox splits a heading indented on its second line. */
        Page close(float size, boolean bold, String text) {
            PdfLayout.Line l = new PdfLayout.Line();
            l.paragraphStart = true;
            y += 1.2f * size;
            lines.add(l);
            return append(l, 90, size, bold, text);
        }

        /** A row of cells far apart. */
        Page cells(float size, boolean bold, String... cells) {
            PdfLayout.Line l = new PdfLayout.Line();
            l.paragraphStart = true;
            y += 1.5f * size;
            lines.add(l);
            for (int c = 0; c < cells.length; c++) append(l, 72 + 150 * c, size, bold, cells[c]);
            return this;
        }

        private Page append(PdfLayout.Line l, float x, float size, boolean bold, String text) {
            for (String w : text.split(" ")) {
                float width = w.length() * size * 0.5f;
                l.words.add(new PdfLayout.Word(w, x, x + width, 0.7f * size, y, size, bold));
                x += width + 0.3f * size;
            }
            return this;
        }
    }
}
