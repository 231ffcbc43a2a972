package dev.batch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Plain-text tables for listings: columns padded to their widest cell, cells cut at 60 characters. */
final class Table {
    private static final int MAX_CELL = 60;

    private Table() {}

    /** A page of {@code {items, total_size}} as a table, then "n of total <noun>". */
    static void page(
            PrintWriter out, JsonNode page, String noun, List<String> header, Function<JsonNode, List<String>> row) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (JsonNode n : page.get("items")) rows.add(row.apply(n));
        print(out, rows);
        out.printf("%d of %d %s%n", rows.size() - 1, page.get("total_size").asLong(), noun);
    }

    static void print(PrintWriter out, List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> r : rows) {
            for (int c = 0; c < r.size(); c++)
                widths[c] = Math.min(MAX_CELL, Math.max(widths[c], r.get(c).length()));
        }
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.size(); c++) {
                String cell = r.get(c).length() > MAX_CELL ? r.get(c).substring(0, MAX_CELL - 3) + "..." : r.get(c);
                line.append(c == r.size() - 1 ? cell : String.format("%-" + widths[c] + "s  ", cell));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
