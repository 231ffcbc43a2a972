package dev.batch.worker.parse;

import static dev.batch.worker.parse.DrawnPdf.line;
import static dev.batch.worker.parse.DrawnPdf.pdf;
import static dev.batch.worker.parse.DrawnPdf.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.util.Matrix;
import org.junit.jupiter.api.Test;

/** Tables drawn into real PDFs here, cell by cell and column by column, read back through the parser. */
class PdfTablesTest {
    private static final float TOP = 700;
    /** A header of two rows: "Region" spans both, "2012" spans the two quarter columns. */
    private static final String[][] REGIONS = {
        {"Region", "2012", null}, {"", "Q1", "Q2"}, {"North", "10", "20"}, {"South", "30", "40"}
    };

    @Test
    void readsAGridOfRulingsWithAHeaderSpanningTwoColumns() throws Exception {
        byte[] pdf = pdf(page -> {
            float[] xs = {72, 200, 300, 400};
            float[] ys = {TOP, TOP - 20, TOP - 40, TOP - 60, TOP - 80};
            // the ruling under the header's first row leaves out "Region", which spans both header rows
            for (float y : ys) line(page, y == ys[1] ? xs[1] : xs[0], y, xs[3], y);
            for (int i = 0; i < xs.length; i++) {
                // the header's middle ruling is missing: "2012" spans the two year columns
                float from = i == 2 ? ys[1] : ys[0];
                line(page, xs[i], from, xs[i], ys[4]);
            }
            // drawn column by column, as many generators do
            for (int c = 0; c < 3; c++)
                for (int r = 0; r < 4; r++)
                    if (REGIONS[r][c] != null)
                        text(page, xs[c] + (c == 1 && r == 0 ? 80 : 5), ys[r] - 14, REGIONS[r][c]);
        });
        assertRegionsBySpanningYear(onlyTable(pdf));
    }

    @Test
    void readsAGridOfFilledBarsDrawnThroughAScaledTransformationBehindAWhiteBackground() throws Exception {
        byte[] pdf = pdf(page -> {
            // a white background draws no line; the grid is drawn at half size and scaled up by the transformation
            page.setNonStrokingColor(Color.WHITE);
            page.addRect(40, TOP - 120, 420, 160);
            page.fill();
            page.setNonStrokingColor(Color.BLACK);
            page.saveGraphicsState();
            page.transform(Matrix.getScaleInstance(2, 2));
            float[] xs = {36, 100, 150, 200};
            float[] ys = {TOP / 2, TOP / 2 - 10, TOP / 2 - 20, TOP / 2 - 30, TOP / 2 - 40};
            for (float y : ys) {
                float from = y == ys[1] ? xs[1] : xs[0];
                page.addRect(from, y - 0.25f, xs[3] - from, 0.5f);
                page.fill();
            }
            for (int i = 0; i < xs.length; i++) line(page, xs[i], i == 2 ? ys[1] : ys[0], xs[i], ys[4]);
            page.restoreGraphicsState();
            for (int r = 0; r < 4; r++)
                for (int c = 0; c < 3; c++)
                    if (REGIONS[r][c] != null)
                        text(page, 2 * xs[c] + (c == 1 && r == 0 ? 80 : 5), TOP - 20 * r - 14, REGIONS[r][c]);
        });
        assertRegionsBySpanningYear(onlyTable(pdf));
    }

    @Test
    void readsASectionHeadOnARowNoColumnRulingCrossesAsOneCellAcrossTheGrid() throws Exception {
        String[][] rows = {
            {"Measure", "Age 4", "Grade 1"},
            {"Literacy", "", ""},
            {"Letter naming", "0.25", "NA"},
            {"Spelling", "0.15", "NA"},
            {"Math", "", ""},
            {"Counting", "0.31", "0.09"}
        };
        byte[] pdf = pdf(page -> gridWithBars(page, rows));
        Item.Table t = onlyTable(pdf);

        assertThat(t.rows()).hasSize(6).contains(List.of("Literacy", "", ""), List.of("Spelling", "0.15", "NA"));
        assertThat(t.html()).contains("colspan=\"3\">Literacy<").contains("colspan=\"3\">Math<");
    }

    @Test
    void readsAHeaderShadedLineByLineInOneColourAsOneRow() throws Exception {
        String[][] titles = {{"Year", ""}, {"Murder /", "Manslaughter"}, {"Forcible", "Sex Offense"}};
        String[][] body = {
            {"2005", "28", "3,583"}, {"2006", "25", "3,490"}, {"2007", "66", "3,482"}, {"2008", "55", "3,287"}
        };
        byte[] pdf = pdf(page -> {
            float[] xs = {72, 200, 300, 400};
            // each title line on a yellow box of its own, the boxes touching: no line is seen between them
            page.setNonStrokingColor(new Color(255, 255, 153));
            for (int c = 0; c < 3; c++)
                for (int k = 0; k < 2; k++) {
                    page.addRect(xs[c], TOP - 12 * (k + 1), xs[c + 1] - xs[c], 12);
                    page.fill();
                }
            page.setNonStrokingColor(Color.BLACK);
            for (int c = 0; c < 3; c++)
                for (int k = 0; k < 2; k++)
                    if (!titles[c][k].isEmpty()) text(page, xs[c] + 5, TOP - 12 * k - 9, titles[c][k]);
            float[] ys = {TOP, TOP - 24, TOP - 40, TOP - 56, TOP - 72, TOP - 88};
            for (float y : ys) line(page, xs[0], y, xs[3], y);
            for (float x : xs) line(page, x, ys[0], x, ys[5]);
            for (int r = 0; r < body.length; r++)
                for (int c = 0; c < 3; c++) text(page, xs[c] + 5, ys[r + 1] - 12, body[r][c]);
        });
        Item.Table t = onlyTable(pdf);

        assertThat(t.rows()).hasSize(5);
        assertThat(t.rows().get(0)).containsExactly("Year", "Murder / Manslaughter", "Forcible Sex Offense");
    }

    @Test
    void leavesOutTheCaptionAndTheNoteAGridIsDrawnAround() throws Exception {
        String[][] rows = {
            {"Exhibit 4 Schools by designation, 2006–07", "", ""},
            {"Designation", "Identified", "Not"},
            {"Low-performing", "34%", "3%"},
            {"High-performing", "2%", "18%"},
            {"Other", "14%", "9%"},
            {"Exhibit reads: a third of the schools identified were also low-performing.", "", ""}
        };
        byte[] pdf = pdf(page -> gridWithBars(page, rows));
        Item.Table t = onlyTable(pdf);

        assertThat(t.rows())
                .containsExactly(
                        List.of("Designation", "Identified", "Not"),
                        List.of("Low-performing", "34%", "3%"),
                        List.of("High-performing", "2%", "18%"),
                        List.of("Other", "14%", "9%"));
    }

    @Test
    void readsATableWithoutRulingsFromItsAlignedColumnsAndLeavesTheParagraphAboveIt() throws Exception {
        byte[] pdf = pdf(page -> {
            text(page, 72, TOP + 40, "Quarterly sales of the two regions, in thousands of units, were as follows.");
            sales(page);
        });
        ParsedDocument d = DrawnPdf.parse(pdf);
        List<Item> items = d.pages().get(0).items();

        assertThat(items.get(0).plain()).startsWith("Quarterly sales");
        assertThat(((Item.Table) items.get(1)).rows()).contains(List.of("South", "870", "905", "1,010"));
        assertThat(d.pages().get(0).text()).contains("Quarterly sales").contains("1,350");
    }

    @Test
    void readsFootnoteMarksDrawnAfterTheNotesWhereTheyAreDrawnAndKeepsThemInTheirCells() throws Exception {
        byte[] pdf = pdf(page -> {
            sales(page);
            String[] notes = {
                "(1) North includes the two stores that opened in the second quarter of the year.",
                "Figures are in thousands of units and are not audited; they may be revised later.",
                "Sales of the West region started in the first quarter after the merger closed.",
                "The company reports sales by region each quarter in its filings with the regulator."
            };
            for (int i = 0; i < notes.length; i++) text(page, 72, TOP - 120 - 14 * i, notes[i]);
            // the note's mark in the table, set as a superscript and drawn last, as filings do
            text(page, 72 + 30, TOP - 16 + 4, "(1)");
        });
        ParsedDocument d = DrawnPdf.parse(pdf);
        Item.Table table = onlyTable(pdf);
        String text = d.pages().get(0).text();

        assertThat(table.rows().stream().flatMap(List::stream)).anyMatch(cell -> cell.contains("(1)"));
        assertThat(text.indexOf("(1)", text.indexOf("with the regulator"))).isPositive();
        assertThat(text.substring(0, text.indexOf("(1) North includes"))).doesNotContain("(1)");
    }

    @Test
    void findsNoTableInTwoColumnsOfProse() throws Exception {
        String left = "The committee met on the first day of the month and reviewed the";
        String right = "reports that the members had sent in during the preceding weeks";
        byte[] pdf = pdf(page -> {
            for (int r = 0; r < 12; r++) {
                text(page, 72, TOP - 12 * r, left.substring(0, 40 + r % 5));
                text(page, 320, TOP - 12 * r, right.substring(0, 38 + r % 4));
            }
        });
        ParsedDocument d = DrawnPdf.parse(pdf);

        assertThat(d.pages().get(0).items()).noneMatch(i -> i instanceof Item.Table);
    }

    /**
     * A ruled grid of three columns, 20 points a row; a row with nothing in its second cell is a bar across the grid,
     * which no column ruling crosses.
     */
    private static void gridWithBars(PDPageContentStream page, String[][] rows) throws Exception {
        float[] xs = {72, 250, 330, 410};
        for (int r = 0; r <= rows.length; r++) line(page, xs[0], TOP - 20 * r, xs[3], TOP - 20 * r);
        for (int r = 0; r < rows.length; r++) {
            float y = TOP - 20 * r;
            line(page, xs[0], y, xs[0], y - 20);
            line(page, xs[3], y, xs[3], y - 20);
            if (!rows[r][1].isEmpty()) for (int c = 1; c < 3; c++) line(page, xs[c], y, xs[c], y - 20);
            for (int c = 0; c < 3; c++) if (!rows[r][c].isEmpty()) text(page, xs[c] + 5, y - 14, rows[r][c]);
        }
    }

    /** Quarterly sales by region, without rulings: columns 110 points apart, rows 16 apart from {@link #TOP}. */
    private static void sales(PDPageContentStream page) throws Exception {
        String[][] rows = {
            {"", "Q1", "Q2", "Q3"},
            {"North", "1,200", "1,350", "990"},
            {"South", "870", "905", "1,010"},
            {"West", "455", "610", "702"}
        };
        for (int r = 0; r < rows.length; r++)
            for (int c = 0; c < 4; c++) text(page, 72 + 110 * c, TOP - 16 * r, rows[r][c]);
    }

    private static void assertRegionsBySpanningYear(Item.Table t) {
        assertThat(t.rows())
                .containsExactly(
                        List.of("Region", "2012", ""),
                        List.of("", "Q1", "Q2"),
                        List.of("North", "10", "20"),
                        List.of("South", "30", "40"));
        assertThat(t.html()).contains("<th colspan=\"2\">2012</th>").contains("<th rowspan=\"2\">Region</th>");
    }

    private static Item.Table onlyTable(byte[] pdf) throws Exception {
        List<Item.Table> tables = DrawnPdf.tables(pdf);
        assertThat(tables).hasSize(1);
        return tables.get(0);
    }
}
