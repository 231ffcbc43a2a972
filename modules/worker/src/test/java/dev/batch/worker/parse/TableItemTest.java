package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableItemTest {
    @Test
    void writesASpanOnceInHtmlAndLeavesItsCoveredCellsEmptyInRows() {
        List<List<String>> rows =
                List.of(List.of("Region", "2012", ""), List.of("", "Q1", "Q2"), List.of("North", "1", "2"));
        Item.Table t = new Item.Table(rows, List.of(new Item.Span(0, 0, 2, 1), new Item.Span(0, 1, 1, 2)), null);

        assertThat(t.html())
                .isEqualTo("<table><tr><th rowspan=\"2\">Region</th><th colspan=\"2\">2012</th></tr>"
                        + "<tr><td>Q1</td><td>Q2</td></tr>"
                        + "<tr><td>North</td><td>1</td><td>2</td></tr></table>");
        assertThat(t.rows().get(1)).containsExactly("", "Q1", "Q2");
        assertThat(t.md()).contains("| Region | 2012 |  |");
    }
}
