package dev.batch.worker.parse;

import java.util.List;

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

    static String htmlTable(List<List<String>> rows) {
        StringBuilder b = new StringBuilder("<table>");
        for (int r = 0; r < rows.size(); r++) {
            b.append("<tr>");
            String tag = r == 0 ? "th" : "td";
            for (String cell : rows.get(r))
                b.append('<')
                        .append(tag)
                        .append('>')
                        .append(html(cell))
                        .append("</")
                        .append(tag)
                        .append('>');
            b.append("</tr>");
        }
        return b.append("</table>").toString();
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
