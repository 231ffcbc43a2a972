package dev.batch.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.app.BatchSystem;
import dev.batch.client.BatchApiClient;
import dev.batch.tools.bench.AdjacencyRelations.Cell;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code scripts/bench-tables}: the tables of our parse results ({@code format=json}, items of type
 * {@code table}) for the ICDAR 2013 table set, one job through the embedded system, scored by the competition's
 * adjacency relations ({@link AdjacencyRelations}) against each document's ground truth; tabula-java scored the
 * same way in the same run, in processes of its own while the job runs. The relations of all tables of a
 * document are pooled (no matching of tables to tables); precision and recall are pooled over the documents,
 * and the F1 of each document averaged. A failed item or tabula run is printed and the exit code is 1.
 */
public final class TablesBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TablesBench() {}

    /** One document's relations: the ground truth's, ours, tabula's; null where that side failed. */
    private record Doc(String name, List<String> truth, List<String> ours, int ourTables, List<String> tabula) {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--direct")) {
            TablesDev.run(List.of(args).subList(1, args.length));
            return;
        }
        long t0 = System.nanoTime();
        List<Path> pdfs = CorpusFiles.tablePdfs();
        Tabula tabula = new Tabula(System.getProperty("tabula.classpath"));
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Map<Path, List<List<List<String>>>> tabulaTables = new LinkedHashMap<>();
        CompletableFuture<Void> tabulaRuns = CompletableFuture.runAsync(() -> {
            for (Path pdf : pdfs) {
                try {
                    tabulaTables.put(pdf, tabula.tables(pdf));
                } catch (Exception e) {
                    failures.add("tabula " + pdf.getFileName() + ": " + e.getMessage());
                }
            }
        });
        Map<Path, List<List<Cell>>> ours = ourTables(pdfs, failures);
        tabulaRuns.join();
        List<Doc> docs = new ArrayList<>();
        for (Path pdf : pdfs) docs.add(score(pdf, ours.get(pdf), tabulaTables.get(pdf)));
        print(docs, ceiling(pdfs));
        for (String f : List.copyOf(failures)) System.out.println("FAILED " + f);
        System.out.printf(
                "%d documents in %.0f s; %s%n", pdfs.size(), (System.nanoTime() - t0) / 1e9, Machine.describe());
        System.out.println(lastLine(docs));
        if (!failures.isEmpty()) System.exit(1);
    }

    /** Our tables of each PDF, from one parse job over all of them; a failed item is added to {@code failures}. */
    private static Map<Path, List<List<Cell>>> ourTables(List<Path> pdfs, List<String> failures) throws Exception {
        Path data = BenchSystem.scratch("bench-tables-");
        String key = "llx-bench";
        Map<Path, List<List<Cell>>> tables = new LinkedHashMap<>();
        try (BatchSystem system = BenchSystem.start(data, key)) {
            BatchApiClient api = new BatchApiClient("http://localhost:" + system.httpPort(), key);
            Map<String, Path> byId = new LinkedHashMap<>();
            for (Path pdf : pdfs) byId.put(api.uploadFile(pdf), pdf);
            String job = api.createJob("{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"item_ids\": "
                    + JSON.writeValueAsString(byId.keySet()) + "}");
            api.awaitTerminal(job, Duration.ofMinutes(30), Duration.ofMillis(500));
            for (JsonNode item : api.items(job, "limit", 1000).get("items")) {
                Path pdf = byId.get(item.get("item_id").asText());
                if (item.path("status").asText().equals("completed"))
                    tables.put(
                            pdf,
                            tablesOf(JSON.readTree(
                                    api.itemResult(item.get("item_id").asText(), "format", "json"))));
                else
                    failures.add("parse " + pdf.getFileName() + ": "
                            + item.path("status").asText() + " "
                            + item.path("error_message").asText(""));
                byId.remove(item.get("item_id").asText());
            }
            for (Path pdf : byId.values()) failures.add("parse " + pdf.getFileName() + ": no item in the job");
        }
        return tables;
    }

    /**
     * The cells of every item of type {@code table} of a {@code format=json} result: from its {@code html}, which
     * carries the spans, or, where it has none, its {@code rows}.
     */
    static List<List<Cell>> tablesOf(JsonNode result) {
        List<List<Cell>> tables = new ArrayList<>();
        for (JsonNode page : result.path("pages"))
            for (JsonNode item : page.path("items")) {
                if (!item.path("type").asText().equals("table")) continue;
                if (item.hasNonNull("html")) {
                    tables.add(HtmlTableCells.of(item.get("html").asText()));
                    continue;
                }
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode row : item.path("rows")) {
                    List<String> cells = new ArrayList<>();
                    for (JsonNode cell : row) cells.add(cell.asText(""));
                    rows.add(cells);
                }
                tables.add(AdjacencyRelations.ofRows(rows));
            }
        return tables;
    }

    private static Doc score(Path pdf, List<List<Cell>> ours, List<List<List<String>>> tabula) throws Exception {
        List<String> truth = new ArrayList<>();
        for (List<Cell> table : IcdarTruth.read(truthOf(pdf))) truth.addAll(AdjacencyRelations.of(table));
        return new Doc(
                pdf.getFileName().toString().replace(".pdf", ""),
                truth,
                cellRelations(ours),
                ours == null ? 0 : ours.size(),
                relations(tabula));
    }

    private static Path truthOf(Path pdf) {
        return pdf.resolveSibling(pdf.getFileName().toString().replace(".pdf", "-str.xml"));
    }

    static List<String> cellRelations(List<List<Cell>> tables) {
        if (tables == null) return null;
        List<String> relations = new ArrayList<>();
        for (List<Cell> table : tables) relations.addAll(AdjacencyRelations.of(table));
        return relations;
    }

    private static List<String> relations(List<List<List<String>>> tables) {
        if (tables == null) return null;
        List<String> relations = new ArrayList<>();
        for (List<List<String>> rows : tables) relations.addAll(AdjacencyRelations.of(AdjacencyRelations.ofRows(rows)));
        return relations;
    }

    /** The ground truth written as {@code rows} matrices (spans once, covered cells empty) scored against itself. */
    private static RelationScore ceiling(List<Path> pdfs) throws Exception {
        RelationScore pooled = RelationScore.NONE;
        for (Path pdf : pdfs) {
            List<String> truth = new ArrayList<>();
            List<String> asRows = new ArrayList<>();
            for (List<Cell> table : IcdarTruth.read(truthOf(pdf))) {
                truth.addAll(AdjacencyRelations.of(table));
                asRows.addAll(AdjacencyRelations.of(AdjacencyRelations.ofRows(IcdarTruth.asRows(table))));
            }
            pooled = pooled.plus(RelationScore.of(asRows, truth));
        }
        return pooled;
    }

    private static void print(List<Doc> docs, RelationScore ceiling) {
        System.out.printf("%-10s %9s %7s %8s %10s%n", "doc", "relations", "tables", "ours F1", "tabula F1");
        for (Doc d : docs)
            System.out.printf(
                    "%-10s %9d %7d %8s %10s%n",
                    d.name(), d.truth().size(), d.ourTables(), f1(d.ours(), d.truth()), f1(d.tabula(), d.truth()));
        RelationScore ours = pooled(docs, true);
        RelationScore tabula = pooled(docs, false);
        System.out.printf(
                "%nours:   precision %.3f recall %.3f F1 %.3f (%d relations right of %d found, %d expected)%n",
                ours.precision(), ours.recall(), ours.f1(), ours.matched(), ours.found(), ours.expected());
        System.out.printf(
                "tabula: precision %.3f recall %.3f F1 %.3f, mean F1 per document %.3f%n",
                tabula.precision(), tabula.recall(), tabula.f1(), meanF1(docs, false));
        System.out.printf(
                "ground truth as rows (spans once, covered cells empty), the measure's ceiling: precision %.3f recall %.3f F1 %.3f%n",
                ceiling.precision(), ceiling.recall(), ceiling.f1());
    }

    private static String f1(List<String> found, List<String> truth) {
        return found == null
                ? "failed"
                : String.format("%.3f", RelationScore.of(found, truth).f1());
    }

    private static RelationScore pooled(List<Doc> docs, boolean ours) {
        RelationScore pooled = RelationScore.NONE;
        for (Doc d : docs) {
            List<String> found = ours ? d.ours() : d.tabula();
            pooled = pooled.plus(RelationScore.of(found == null ? List.of() : found, d.truth()));
        }
        return pooled;
    }

    private static double meanF1(List<Doc> docs, boolean ours) {
        return docs.stream()
                .mapToDouble(d -> {
                    List<String> found = ours ? d.ours() : d.tabula();
                    return RelationScore.of(found == null ? List.of() : found, d.truth())
                            .f1();
                })
                .average()
                .orElse(0);
    }

    private static String lastLine(List<Doc> docs) {
        RelationScore ours = pooled(docs, true);
        return String.format(
                "tables_precision=%.3f tables_recall=%.3f tables_f1=%.3f doc_mean_f1=%.3f tabula_f1=%.3f docs=%d",
                ours.precision(),
                ours.recall(),
                ours.f1(),
                meanF1(docs, true),
                pooled(docs, false).f1(),
                docs.size());
    }
}
