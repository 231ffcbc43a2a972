package dev.batch.tools.bench;

import dev.batch.tools.bench.AdjacencyRelations.Cell;
import dev.batch.worker.parse.DocumentParser;
import dev.batch.worker.parse.Item;
import dev.batch.worker.parse.ParseOptions;
import dev.batch.worker.parse.ParsedDocument;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/bench-tables --direct [name...]}: the parser called in this JVM on the ICDAR set, scored as
 * {@link TablesBench} scores the system's results, in seconds instead of a minute; with names, each named
 * document's tables and its missed and extra relations are printed, for working on table detection.
 */
final class TablesDev {
    private TablesDev() {}

    static void run(List<String> names) throws Exception {
        DocumentParser parser = new DocumentParser();
        RelationScore pooled = RelationScore.NONE;
        double f1s = 0;
        int docs = 0;
        for (Path pdf : CorpusFiles.tablePdfs()) {
            String name = pdf.getFileName().toString().replace(".pdf", "");
            if (!names.isEmpty() && !names.contains(name)) continue;
            List<List<List<String>>> tables = new ArrayList<>();
            List<List<Cell>> cells = new ArrayList<>();
            ParsedDocument parsed;
            try (InputStream in = Files.newInputStream(pdf)) {
                parsed = parser.parse(in, pdf.getFileName().toString(), ParseOptions.of("{}"));
            }
            for (ParsedDocument.Page page : parsed.pages())
                for (Item item : page.items())
                    if (item instanceof Item.Table t) {
                        tables.add(t.rows());
                        cells.add(HtmlTableCells.of(t.html()));
                    }
            List<String> truth = new ArrayList<>();
            for (List<Cell> table : IcdarTruth.read(pdf.resolveSibling(name + "-str.xml")))
                truth.addAll(AdjacencyRelations.of(table));
            List<String> ours = TablesBench.cellRelations(cells);
            RelationScore score = RelationScore.of(ours, truth);
            pooled = pooled.plus(score);
            f1s += score.f1();
            docs++;
            System.out.printf(
                    "%-10s %5d truth %3d tables  P %.3f R %.3f F1 %.3f%n",
                    name, truth.size(), tables.size(), score.precision(), score.recall(), score.f1());
            if (!names.isEmpty()) detail(tables, ours, truth);
        }
        System.out.printf(
                "tables_precision=%.3f tables_recall=%.3f tables_f1=%.3f doc_mean_f1=%.3f docs=%d%n",
                pooled.precision(), pooled.recall(), pooled.f1(), f1s / Math.max(1, docs), docs);
    }

    private static void detail(List<List<List<String>>> tables, List<String> ours, List<String> truth) {
        for (List<List<String>> rows : tables) {
            System.out.println("--- table " + rows.size() + " rows");
            for (List<String> row : rows) System.out.println("  " + String.join(" | ", row));
        }
        System.out.println("missed: " + minus(truth, ours));
        System.out.println("extra:  " + minus(ours, truth));
    }

    private static List<String> minus(List<String> a, List<String> b) {
        Map<String, Integer> left = new HashMap<>();
        for (String s : b) left.merge(s, 1, Integer::sum);
        List<String> out = new ArrayList<>();
        for (String s : a) {
            if (left.getOrDefault(s, 0) > 0) left.merge(s, -1, Integer::sum);
            else out.add(s);
        }
        return out;
    }
}
