package dev.batch.worker.parse;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Markdown, HTML and CSV renderings of items. */
final class Markdown {
    private Markdown() {}

    /** Escapes what would turn a line of text into markdown structure (a leading '#', '-', '>', '|'). */
    static String escapeLine(String text) {
        if (text.isEmpty()) return text;
        char c = text.charAt(0);
        if (c == '#'
                || c == '>'
                || ((c == '-' || c == '+' || c == '*') && text.length() > 1 && text.charAt(1) == ' ')) {
            return "\\" + text;
        }
        return text;
    }

    static String list(boolean ordered, List<Item> items) {
        StringBuilder b = new StringBuilder();
        int n = 1;
        for (Item i : items) {
            String prefix = ordered ? (n++) + ". " : "- ";
            if (i instanceof Item.ListItem nested) {
                for (String line : nested.md().split("\n"))
                    b.append(b.length() == 0 ? "" : "\n").append("  ").append(line);
            } else {
                b.append(b.length() == 0 ? "" : "\n").append(prefix).append(i.md().replace("\n", " "));
            }
        }
        return b.toString();
    }

    static String table(List<List<String>> rows) {
        if (rows.isEmpty()) return "";
        int cols = rows.stream().mapToInt(List::size).max().orElse(0);
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            b.append('|');
            for (int c = 0; c < cols; c++) {
                String cell = c < rows.get(r).size() ? rows.get(r).get(c) : "";
                b.append(' ')
                        .append(cell.replace("|", "\\|").replace("\n", " "))
                        .append(" |");
            }
            b.append('\n');
            if (r == 0) {
                b.append('|');
                for (int c = 0; c < cols; c++) b.append(" --- |");
                b.append('\n');
            }
        }
        return b.toString().stripTrailing();
    }

    /** The table in HTML, the first row as header cells; a span is one cell with its covered positions left out. */
    static String htmlTable(List<List<String>> rows, List<Item.Span> spans) {
        Map<Long, Item.Span> starts = new HashMap<>();
        Set<Long> covered = new HashSet<>();
        for (Item.Span s : spans) {
            starts.put(key(s.row(), s.col()), s);
            for (int r = s.row(); r < s.row() + s.rows(); r++)
                for (int c = s.col(); c < s.col() + s.cols(); c++)
                    if (r != s.row() || c != s.col()) covered.add(key(r, c));
        }
        StringBuilder b = new StringBuilder("<table>");
        for (int r = 0; r < rows.size(); r++) {
            b.append("<tr>");
            String tag = r == 0 ? "th" : "td";
            List<String> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                if (covered.contains(key(r, c))) continue;
                b.append('<').append(tag);
                Item.Span s = starts.get(key(r, c));
                if (s != null && s.rows() > 1)
                    b.append(" rowspan=\"").append(s.rows()).append('"');
                if (s != null && s.cols() > 1)
                    b.append(" colspan=\"").append(s.cols()).append('"');
                b.append('>').append(html(row.get(c))).append("</").append(tag).append('>');
            }
            b.append("</tr>");
        }
        return b.append("</table>").toString();
    }

    private static long key(int row, int col) {
        return ((long) row << 32) | (col & 0xffffffffL);
    }

    static String csv(List<List<String>> rows) {
        StringBuilder b = new StringBuilder();
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                if (c > 0) b.append(',');
                if (cell.contains(",") || cell.contains("\"") || cell.contains("\n"))
                    b.append('"').append(cell.replace("\"", "\"\"")).append('"');
                else b.append(cell);
            }
            b.append('\n');
        }
        return b.toString();
    }

    static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
