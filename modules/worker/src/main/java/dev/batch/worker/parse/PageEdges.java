package dev.batch.worker.parse;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What may stand between a table at the foot of a page and its continuation at the head of the next without
 * breaking the table: running headers and footers, page numbers, a "(continued)" or "see notes" line, the
 * table's title repeated. Anything else there (a paragraph, a heading of its own, another table) ends it.
 */
final class PageEdges {
    private static final Pattern CONTINUED =
            Pattern.compile("(?i)\\b(continued|contd|cont'd|cont’d|cont\\.)|\\bsee notes?\\b");
    private static final Pattern PAGE_NUMBER = Pattern.compile(
            "(?i)[-–(\\[]?\\s*(page\\s*)?([a-z]{1,3}\\s*-\\s*)?\\d{1,4}\\s*(of\\s*\\d{1,4})?\\s*[-–)\\]]?");
    /** Share of the page's height at its top and bottom where running headers and footers sit. */
    private static final float MARGIN = 0.12f;

    private static final int NOTE_CHARS = 200;
    /** How many items at each end of a page may be its running header or footer. */
    private static final int EDGE_ITEMS = 3;

    private final Map<String, Integer> edgeShapes = new HashMap<>();
    private final int pageCount;

    /** The running lines of a document: what comes back at the top or foot of its pages, digits aside. */
    PageEdges(List<List<Item>> pages) {
        pageCount = pages.size();
        for (List<Item> page : pages) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < page.size(); i++)
                if (i < EDGE_ITEMS || i >= page.size() - EDGE_ITEMS) seen.add(shape(page.get(i)));
            seen.forEach(s -> edgeShapes.merge(s, 1, Integer::sum));
        }
    }

    /**
     * Whether {@code item}, between a table and its continuation, leaves the table whole. {@code height}: its
     * page's height, null when unknown; {@code earlier}: the items of the page before the continuation's, where a
     * repeated title would have appeared first.
     */
    boolean passes(Item item, Float height, List<Item> earlier) {
        if (item instanceof Item.Link || item instanceof Item.Image) return true;
        String text = item.plain().strip();
        if (text.isEmpty() || PAGE_NUMBER.matcher(text).matches()) return true;
        if (text.length() <= NOTE_CHARS && CONTINUED.matcher(text).find()) return true;
        int seen = edgeShapes.getOrDefault(shape(item), 0);
        if (seen >= Math.max(3, (pageCount + 1) / 2)) return true;
        if (seen >= 2 && inMargin(item, height)) return true;
        String norm = normal(text);
        for (Item e : earlier)
            if (!(e instanceof Item.Table) && normal(e.plain()).equals(norm)) return true;
        return false;
    }

    private static boolean inMargin(Item item, Float height) {
        Item.BBox box = box(item);
        if (box == null || height == null) return false;
        return box.y() + box.h() <= MARGIN * height || box.y() >= (1 - MARGIN) * height;
    }

    static Item.BBox box(Item item) {
        List<Item.BBox> boxes = null;
        if (item instanceof Item.Text t) boxes = t.bbox();
        else if (item instanceof Item.Heading h) boxes = h.bbox();
        else if (item instanceof Item.Table t) boxes = t.bbox();
        return boxes == null || boxes.isEmpty() ? null : boxes.get(0);
    }

    private static String shape(Item item) {
        return item.plain().replaceAll("\\d+", "#").strip();
    }

    /** Text compared regardless of case and spacing. */
    static String normal(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
    }
}
