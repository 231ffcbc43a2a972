package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.worker.extract.ExtractDocument.Line;
import dev.batch.worker.extract.ExtractDocument.Page;
import dev.batch.worker.extract.ExtractDocument.Piece;
import dev.batch.worker.extract.ExtractDocument.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * A v2 parse result's pages to the extractor's lines: each text, heading, list entry and code line
 * a line (its box from the item's, shared out line by line when an item of several lines has one
 * box), each table row a line whose pieces are its cells, and each table kept whole as well.
 */
final class ParsedPages {
    private ParsedPages() {}

    static ExtractDocument read(JsonNode parse) {
        List<Page> pages = new ArrayList<>();
        int n = 0;
        for (JsonNode page : parse.path("pages")) {
            n++;
            int number = page.path("page_number").asInt(n);
            List<Line> lines = new ArrayList<>();
            List<Table> tables = new ArrayList<>();
            items(page.path("items"), number, lines, tables);
            if (lines.isEmpty() && page.path("text").isTextual()) {
                for (String l : page.path("text").asText().split("\n")) add(lines, number, l, null);
            }
            pages.add(new Page(
                    number,
                    (float) page.path("page_width").asDouble(0),
                    (float) page.path("page_height").asDouble(0),
                    List.copyOf(lines),
                    List.copyOf(tables)));
        }
        return new ExtractDocument(List.copyOf(pages));
    }

    private static void items(JsonNode items, int page, List<Line> lines, List<Table> tables) {
        for (JsonNode item : items) {
            String type = item.path("type").asText();
            switch (type) {
                case "table" -> tables.add(table(item, page, lines));
                case "list" -> items(item.path("items"), page, lines, tables);
                case "text", "heading", "code" -> text(item, page, lines);
                default -> {} // images and links carry no text of the page
            }
        }
    }

    private static void text(JsonNode item, int page, List<Line> lines) {
        String[] parts = item.path("value").asText("").split("\n");
        JsonNode boxes = item.path("bbox");
        Box whole = null;
        for (JsonNode b : boxes) whole = Box.union(whole, Box.of(b));
        for (int i = 0; i < parts.length; i++) {
            Box box = boxes.size() == parts.length ? Box.of(boxes.get(i)) : slice(whole, i, parts.length);
            add(lines, page, parts[i], box);
        }
    }

    private static Table table(JsonNode item, int page, List<Line> lines) {
        Box box = null;
        for (JsonNode b : item.path("bbox")) box = Box.union(box, Box.of(b));
        List<List<String>> rows = new ArrayList<>();
        List<Line> rowLines = new ArrayList<>();
        JsonNode jsonRows = item.path("rows");
        for (int r = 0; r < jsonRows.size(); r++) {
            List<String> cells = new ArrayList<>();
            for (JsonNode c : jsonRows.get(r)) cells.add(c.asText("").strip());
            rows.add(List.copyOf(cells));
            Box rowBox = slice(box, r, jsonRows.size());
            StringBuilder text = new StringBuilder();
            List<Piece> pieces = new ArrayList<>();
            for (int c = 0; c < cells.size(); c++) {
                // every cell is a piece, empty ones too: piece c is column c
                if (text.length() > 0 && !cells.get(c).isEmpty()) text.append(' ');
                int start = text.length();
                text.append(cells.get(c));
                Box cellBox = rowBox == null
                        ? null
                        : new Box(
                                rowBox.x() + rowBox.w() * c / cells.size(),
                                rowBox.y(),
                                rowBox.w() / cells.size(),
                                rowBox.h());
                pieces.add(new Piece(start, text.length(), cellBox));
            }
            Line line = new Line(page, lines.size(), text.toString(), List.copyOf(pieces), rowBox, 1);
            if (!text.isEmpty()) lines.add(line);
            rowLines.add(line);
        }
        return new Table(page, List.copyOf(rows), List.copyOf(rowLines), box);
    }

    private static void add(List<Line> lines, int page, String text, Box box) {
        String t = text.strip();
        if (t.isEmpty()) return;
        lines.add(new Line(page, lines.size(), t, List.of(new Piece(0, t.length(), box)), box, 1));
    }

    /** Line {@code i} of {@code n} in a box holding all of them, or null. */
    private static Box slice(Box box, int i, int n) {
        if (box == null || n <= 1) return box;
        float h = box.h() / n;
        return new Box(box.x(), box.y() + i * h, box.w(), h);
    }
}
