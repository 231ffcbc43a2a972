package dev.batch.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * tabula-java ({@code --guess -p all -f JSON}) in a JVM of its own, on the class path the script resolved
 * (system property {@code tabula.classpath}): it brings PDFBox 2, which must not meet ours.
 */
final class Tabula {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String classpath;

    Tabula(String classpath) {
        if (classpath == null || classpath.isBlank())
            throw new IllegalStateException("no tabula class path: run this through scripts/bench-tables");
        this.classpath = classpath;
    }

    /** The tables tabula finds in a PDF, each as rows of cell texts; fails when tabula does. */
    List<List<List<String>>> tables(Path pdf) throws IOException, InterruptedException {
        Path err = Files.createTempFile("tabula-", ".err");
        try {
            Process p = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            classpath,
                            "technology.tabula.CommandLineApp",
                            "--guess",
                            "-p",
                            "all",
                            "-f",
                            "JSON",
                            pdf.toString())
                    .redirectError(err.toFile())
                    .start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            int exit = p.waitFor();
            if (exit != 0)
                throw new IOException("tabula exited " + exit + " on " + pdf.getFileName() + ": "
                        + Files.readString(err).strip());
            return parse(new String(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Tabula's JSON: a list of tables, each with {@code data}, rows of cells with {@code text}. */
    static List<List<List<String>>> parse(String json) throws IOException {
        List<List<List<String>>> tables = new ArrayList<>();
        for (JsonNode table : JSON.readTree(json)) {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode row : table.path("data")) {
                List<String> cells = new ArrayList<>();
                for (JsonNode cell : row) cells.add(cell.path("text").asText(""));
                rows.add(cells);
            }
            tables.add(rows);
        }
        return tables;
    }
}
