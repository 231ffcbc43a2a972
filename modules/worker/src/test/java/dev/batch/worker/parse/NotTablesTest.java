package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NotTablesTest {
    @Test
    void takesTheAlignedPiecesOfADisplayedFormulaForNoTable() {
        List<List<String>> formula = List.of(
                List.of("⇒", "Uij ∪ (X \\A) ∩A = A", ""),
                List.of("Dann sei H(t, s) :=", "H(2t, s)", "falls 0 ≤ s ≤ 1"),
                List.of("", "H(2t − 1, s)", "sonst"));

        assertThat(NotTables.scraps(formula)).isTrue();
    }

    @Test
    void keepsATableWithAFewSignsInItsCells() {
        List<List<String>> ages = List.of(
                List.of("Age", "Total", "Share"),
                List.of("≤ 20", "1,200", "31%"),
                List.of("21–30", "950", "25%"),
                List.of("31–40", "870", "23%"),
                List.of("≥ 41", "780", "21%"));

        assertThat(NotTables.scraps(ages)).isFalse();
    }
}
