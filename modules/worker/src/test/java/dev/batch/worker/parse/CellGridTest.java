package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.worker.parse.CellGrid.Cell;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellGridTest {
    @Test
    void shrinksASpanThatWouldOverlapAnotherSoNoPositionIsCoveredTwice() {
        CellGrid.Laid laid = CellGrid.layout(List.of(
                List.of(Cell.of("a"), new Cell("down", 1, 3), Cell.of("c")),
                List.of(new Cell("wide", 3, 1)),
                List.of(Cell.of("x"), Cell.of("y"))));

        assertThat(laid.rows())
                .containsExactly(List.of("a", "down", "c"), List.of("wide", "", ""), List.of("x", "", "y"));
        assertThat(laid.spans()).containsExactly(new Item.Span(0, 1, 3, 1));
    }

    @Test
    void dropsARowWithNothingInItButKeepsOneARowspanReachesInto() {
        CellGrid.Laid laid = CellGrid.layout(
                List.of(List.of(new Cell("tall", 1, 2), Cell.of("b")), List.of(), List.of(), List.of(Cell.of("c"))));

        assertThat(laid.rows()).containsExactly(List.of("tall", "b"), List.of("", ""), List.of("c", ""));
        assertThat(laid.spans()).containsExactly(new Item.Span(0, 0, 2, 1));
    }

    @Test
    void laysATableWhoseSpansWouldCoverFarMoreThanItsCellsOutWithoutThem() {
        List<List<Cell>> raw = new ArrayList<>();
        for (int r = 0; r < 20; r++) raw.add(List.of(new Cell("c" + r, 1000, 1000), Cell.of("d")));

        CellGrid.Laid laid = CellGrid.layout(raw);

        assertThat(laid.spans()).isEmpty();
        assertThat(laid.rows()).hasSize(20).allSatisfy(row -> assertThat(row).hasSize(2));
    }

    @Test
    void givesNoRowsForATableWithoutCells() {
        assertThat(CellGrid.layout(Collections.nCopies(3, List.of())).rows()).isEmpty();
    }
}
