package dev.batch.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.tools.bench.AdjacencyRelations.Cell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdjacencyRelationsTest {
    private static List<String> ofRows(List<List<String>> rows) {
        return AdjacencyRelations.of(AdjacencyRelations.ofRows(rows));
    }

    @Test
    void relatesEachCellToItsRightAndLowerNeighbour() {
        assertThat(ofRows(List.of(List.of("a", "b"), List.of("c", "d"))))
                .containsExactlyInAnyOrder("a → b (right)", "a → c (below)", "b → d (below)", "c → d (right)");
    }

    @Test
    void skipsEmptyCellsToTheNearestNonEmptyOne() {
        assertThat(ofRows(List.of(List.of("a", " ", "b"), List.of("", "", ""), List.of("c", "d"))))
                .containsExactlyInAnyOrder("a → b (right)", "a → c (below)", "c → d (right)");
    }

    @Test
    void comparesTextsLowerCasedWithoutWhitespace() {
        assertThat(ofRows(List.of(List.of("Total\u00a0 Amount", "1 000\n€"))))
                .containsExactly("totalamount → 1000€ (right)");
    }

    @Test
    void aCellSpanningColumnsHasANeighbourBelowInEachColumn() {
        List<Cell> truth =
                List.of(new Cell("Head", 0, 0, 0, 1), Cell.at("x", 1, 0), Cell.at("y", 1, 1), Cell.at("z", 1, 2));
        assertThat(AdjacencyRelations.of(truth))
                .containsExactlyInAnyOrder("head → x (below)", "head → y (below)", "x → y (right)", "y → z (right)");
        // Written once with the covered position left empty, the matrix loses one of them.
        List<String> asRows = ofRows(IcdarTruth.asRows(truth));
        assertThat(asRows).containsExactlyInAnyOrder("head → x (below)", "x → y (right)", "y → z (right)");
        assertThat(RelationScore.of(asRows, AdjacencyRelations.of(truth))).isEqualTo(new RelationScore(3, 3, 4));
    }

    @Test
    void aNeighbourSharedOverSeveralRowsIsOneRelation() {
        List<Cell> cells = List.of(
                new Cell("Year", 0, 1, 0, 0), new Cell("Both", 0, 1, 1, 1), Cell.at("late", 1, 2), Cell.at("n", 2, 0));
        assertThat(AdjacencyRelations.of(cells))
                .containsExactlyInAnyOrder("year → both (right)", "year → n (below)", "both → late (right)");
    }

    @Test
    void repeatedTextsCountAsOftenAsTheyOccur() {
        List<String> truth = List.of("a → b (right)", "a → b (right)", "a → c (below)");
        assertThat(RelationScore.of(List.of("a → b (right)", "a → b (right)", "a → b (right)"), truth))
                .isEqualTo(new RelationScore(2, 3, 3));
        RelationScore s = RelationScore.of(List.of("a → b (right)", "x → y (below)"), truth);
        assertThat(s.precision()).isEqualTo(0.5);
        assertThat(s.recall()).isEqualTo(1.0 / 3);
        assertThat(s.f1()).isEqualTo(2 * 0.5 * (1.0 / 3) / (0.5 + 1.0 / 3));
        assertThat(RelationScore.of(List.of(), truth).f1()).isZero();
        assertThat(s.plus(new RelationScore(1, 1, 2))).isEqualTo(new RelationScore(2, 3, 5));
    }

    @Test
    void directionMatters() {
        assertThat(RelationScore.of(ofRows(List.of(List.of("a"), List.of("b"))), ofRows(List.of(List.of("a", "b")))))
                .isEqualTo(new RelationScore(0, 1, 1));
    }

    @Test
    void readsEveryRegionOfAGroundTruthAsATable(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("t-str.xml");
        Files.writeString(xml, """
                <?xml version="1.0" encoding="UTF-8"?>
                <document filename="t-str.xml">
                  <table id="1">
                    <region id="1" page="1">
                      <cell id="1" start-row="0" start-col="0" end-col="1"><bounding-box x1="1" x2="2" y1="1" y2="2"/><content>Both years</content></cell>
                      <cell id="2" start-row="1" start-col="0"><content>1</content></cell>
                      <cell id="3" start-row="1" start-col="1"><content>2</content></cell>
                    </region>
                    <region id="2" page="2" row-increment="1">
                      <cell id="6" start-row="-1" start-col="0"><content>Again</content></cell>
                      <cell id="4" start-row="0" start-col="0"><content>3</content></cell>
                      <cell id="5" start-row="0" start-col="1"><content>4</content></cell>
                    </region>
                  </table>
                </document>
                """);
        List<List<Cell>> tables = IcdarTruth.read(xml);
        assertThat(tables).hasSize(2);
        assertThat(tables.get(0).get(0)).isEqualTo(new Cell("Both years", 0, 0, 0, 1));
        assertThat(AdjacencyRelations.of(tables.get(1)))
                .containsExactlyInAnyOrder("again → 3 (below)", "3 → 4 (right)");
    }

    @Test
    void readsTheTablesOfTabulaAndOfOurJsonResult() throws Exception {
        assertThat(Tabula.parse("""
                [{"extraction_method":"stream","data":[[{"top":0,"text":""},{"text":"Q1"}],[{"text":"a"},{"text":"1"}]]},
                 {"data":[[{"text":"x"}]]}]"""))
                .containsExactly(List.of(List.of("", "Q1"), List.of("a", "1")), List.of(List.of("x")));
        assertThat(TablesBench.tablesOf(new ObjectMapper().readTree("""
                {"pages": [{"items": [{"type": "text", "value": "t"}, {"type": "table", "rows": [["a", "b"], ["", "c"]]}]},
                           {"items": [{"type": "table", "rows": [["d"]]}]}]}""")))
                .containsExactly(
                        List.of(Cell.at("a", 0, 0), Cell.at("b", 0, 1), Cell.at("", 1, 0), Cell.at("c", 1, 1)),
                        List.of(Cell.at("d", 0, 0)));
    }

    @Test
    void readsASpanFromTheTablesHtml() throws Exception {
        List<List<Cell>> tables = TablesBench.tablesOf(new ObjectMapper().readTree("""
                {"pages": [{"items": [{"type": "table", "rows": [["Age", "Both", ""], ["", "a", "b"]],
                  "html": "<table><tr><th rowspan=\\"2\\">Age</th><th colspan=\\"2\\">Both &amp; more</th></tr><tr><td>a</td><td>b</td></tr></table>"}]}]}"""));
        assertThat(tables.get(0))
                .containsExactly(
                        new Cell("Age", 0, 1, 0, 0),
                        new Cell("Both & more", 0, 0, 1, 2),
                        Cell.at("a", 1, 1),
                        Cell.at("b", 1, 2));
        assertThat(AdjacencyRelations.of(tables.get(0)))
                .contains("both&more → a (below)", "both&more → b (below)", "age → a (right)");
    }
}
