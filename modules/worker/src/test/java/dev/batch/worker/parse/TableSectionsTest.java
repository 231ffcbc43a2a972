package dev.batch.worker.parse;

import static dev.batch.worker.parse.DrawnPdf.centred;
import static dev.batch.worker.parse.DrawnPdf.pdf;
import static dev.batch.worker.parse.DrawnPdf.rightAligned;
import static dev.batch.worker.parse.DrawnPdf.tables;
import static dev.batch.worker.parse.DrawnPdf.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.junit.jupiter.api.Test;

/** Tables set in sections, with titles stacked over their columns, or in blocks side by side, drawn into PDFs. */
class TableSectionsTest {
    private static final float TOP = 700;
    private static final float PITCH = 12;
    private static final float[] VALUES = {260, 340, 420};

    @Test
    void joinsSectionsSetApartByHeadsIntoOneTableWithoutItsCaptionUnitOrNotes() throws Exception {
        byte[] pdf = pdf(page -> {
            text(page, 72, TOP, "Table 3. Enrollment by sector and year");
            centred(page, 250, TOP - 12, "[In thousands]");
            float y = TOP - 26;
            row(page, y, "Sector", "2010", "2011", "2012");
            text(page, 72, y -= PITCH, "Public");
            row(page, y -= PITCH, "Elementary", "1,204", "1,210", "1,232");
            row(page, y -= PITCH, "Secondary", "804", "799", "812");
            text(page, 72, y -= 2 * PITCH, "Private");
            row(page, y -= PITCH, "Elementary", "301", "298", "290");
            row(page, y -= PITCH, "Secondary", "120", "118", "121");
            centred(page, 320, y -= 2 * PITCH, "Percent change from the year before");
            row(page, y -= PITCH, "Public", "0.4", "0.5", "1.9");
            row(page, y -= PITCH, "Private", "-0.2", "-1.0", "-1.6");
            text(page, 72, y -= 2 * PITCH, "† Not available.");
            text(page, 72, y -= PITCH, "SOURCE: Department of Education, survey of schools, 2010 through 2012.");
        });
        List<Item.Table> tables = tables(pdf);

        assertThat(tables).hasSize(1);
        List<List<String>> rows = tables.get(0).rows();
        assertThat(rows.get(0)).containsExactly("Sector", "2010", "2011", "2012");
        assertThat(rows)
                .contains(List.of("Private", "", "", ""))
                .contains(List.of("", "Percent change from the year before", "", ""))
                .contains(List.of("Private", "-0.2", "-1.0", "-1.6"))
                .hasSize(10);
        assertThat(tables.get(0).html()).contains("colspan=\"3\">Percent change from the year before<");
    }

    @Test
    void readsTitlesStackedCloseOverTheirColumnsAsOneHeaderRow() throws Exception {
        byte[] pdf = pdf(page -> {
            // the second column's titles start a few points after the first column's end: one segment of words
            rightAligned(page, 200, TOP, "Schools");
            text(page, 207, TOP, "Eligible schools in");
            rightAligned(page, 380, TOP, "Students");
            text(page, 72, TOP - PITCH, "Country");
            rightAligned(page, 200, TOP - PITCH, "in sample");
            text(page, 207, TOP - PITCH, "the original list");
            rightAligned(page, 380, TOP - PITCH, "assessed");
            String[][] body = {
                {"Austria", "158", "160", "4,670"},
                {"Belgium", "115", "150", "3,727"},
                {"Canada", "1,106", "1,142", "23,206"},
                {"Denmark", "207", "240", "4,594"}
            };
            for (int r = 0; r < body.length; r++) {
                float y = TOP - PITCH * (r + 2);
                text(page, 72, y, body[r][0]);
                rightAligned(page, 200, y, body[r][1]);
                rightAligned(page, 290, y, body[r][2]);
                rightAligned(page, 380, y, body[r][3]);
            }
        });
        List<Item.Table> tables = tables(pdf);

        assertThat(tables).hasSize(1);
        assertThat(tables.get(0).rows().get(0))
                .containsExactly(
                        "Country", "Schools in sample", "Eligible schools in the original list", "Students assessed");
        assertThat(tables.get(0).rows().get(1)).containsExactly("Austria", "158", "160", "4,670");
    }

    @Test
    void readsValuesCentredBetweenTheTwoLinesOfTheirLabelAsOneRow() throws Exception {
        byte[] pdf = pdf(page -> {
            float y = TOP;
            row(page, y, "District totals", "FY 2009", "FY 2010", "FY 2011");
            row(page, y -= PITCH, "Defendants charged", "235", "259", "215");
            text(page, 72, y -= PITCH, "Investigative matters");
            row(page, y - PITCH / 2, "", "285", "402", "387");
            text(page, 72, y -= PITCH, "received by attorneys");
            row(page, y -= PITCH, "Cases charged", "173", "177", "168");
            row(page, y -= PITCH, "Defendants sentenced", "223", "207", "208");
        });
        List<Item.Table> tables = tables(pdf);

        assertThat(tables).hasSize(1);
        assertThat(tables.get(0).rows())
                .containsExactly(
                        List.of("District totals", "FY 2009", "FY 2010", "FY 2011"),
                        List.of("Defendants charged", "235", "259", "215"),
                        List.of("Investigative matters received by attorneys", "285", "402", "387"),
                        List.of("Cases charged", "173", "177", "168"),
                        List.of("Defendants sentenced", "223", "207", "208"));
    }

    @Test
    void splitsATableSetInBlocksSideBySideIntoATablePerBlock() throws Exception {
        byte[] pdf = pdf(page -> {
            blocks(page, "Age", "Population");
            for (int r = 0; r < 5; r++) {
                float y = TOP - PITCH * (r + 1);
                text(page, 72, y, r + " years");
                rightAligned(page, 220, y, (3_100 + 17 * r) + "");
                text(page, 300, y, (40 + r) + " years");
                rightAligned(page, 450, y, (2_400 - 13 * r) + "");
            }
        });
        List<Item.Table> tables = tables(pdf);

        assertThat(tables).hasSize(2);
        assertThat(tables.get(0).rows()).startsWith(List.of("Age", "Population"), List.of("0 years", "3100"));
        assertThat(tables.get(1).rows()).startsWith(List.of("Age", "Population"), List.of("40 years", "2400"));
    }

    @Test
    void keepsRepeatedTitlesUnderAStubTitleInOneTable() throws Exception {
        byte[] pdf = pdf(page -> {
            blocks(page, "Number", "Percent");
            text(page, 72, TOP, "Region");
            for (int r = 0; r < 5; r++) {
                float y = TOP - PITCH * (r + 1);
                text(page, 72, y, "Region " + (char) ('A' + r));
                rightAligned(page, 170, y, (310 + 7 * r) + "");
                rightAligned(page, 220, y, (10 + r) + ".5");
                rightAligned(page, 380, y, (290 - 5 * r) + "");
                rightAligned(page, 450, y, (9 + r) + ".1");
            }
        });

        assertThat(tables(pdf)).hasSize(1);
    }

    /** Two blocks' titles: the first block's at 72 and ending at 220, the second's at 300 and ending at 450. */
    private static void blocks(PDPageContentStream page, String first, String second) throws Exception {
        if (!first.equals("Number")) text(page, 72, TOP, first);
        else rightAligned(page, 170, TOP, first);
        rightAligned(page, 220, TOP, second);
        if (!first.equals("Number")) text(page, 300, TOP, first);
        else rightAligned(page, 380, TOP, first);
        rightAligned(page, 450, TOP, second);
    }

    private static void row(PDPageContentStream page, float y, String label, String... values) throws Exception {
        if (!label.isEmpty()) text(page, 72, y, label);
        for (int c = 0; c < values.length; c++) rightAligned(page, VALUES[c], y, values[c]);
    }
}
