package dev.batch.tools.bench;

import dev.batch.tools.bench.AdjacencyRelations.Cell;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cells of a table item's {@code html}, spans included (its {@code rows} show a span only as empty covered
 * cells): each {@code th}/{@code td} placed on the grid as a browser places it, skipping positions a
 * {@code rowspan} from above already covers.
 */
final class HtmlTableCells {
    private static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL =
            Pattern.compile("<(th|td)(?: rowspan=\"(\\d+)\")?(?: colspan=\"(\\d+)\")?>(.*?)</\\1>", Pattern.DOTALL);

    private HtmlTableCells() {}

    static List<Cell> of(String html) {
        List<Cell> cells = new ArrayList<>();
        Set<Long> taken = new HashSet<>();
        Matcher row = ROW.matcher(html);
        int r = 0;
        while (row.find()) {
            Matcher cell = CELL.matcher(row.group(1));
            int c = 0;
            while (cell.find()) {
                while (taken.contains(key(r, c))) c++;
                int rows = cell.group(2) == null ? 1 : Integer.parseInt(cell.group(2));
                int cols = cell.group(3) == null ? 1 : Integer.parseInt(cell.group(3));
                for (int i = r; i < r + rows; i++) for (int j = c; j < c + cols; j++) taken.add(key(i, j));
                cells.add(new Cell(unescape(cell.group(4)), r, r + rows - 1, c, c + cols - 1));
                c += cols;
            }
            r++;
        }
        return cells;
    }

    private static long key(int r, int c) {
        return ((long) r << 32) | c;
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
