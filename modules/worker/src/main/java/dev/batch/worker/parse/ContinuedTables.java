package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code merge_continued_tables}: a table that ends a page and goes on at the head of the next page, with the
 * same columns, is one table, over as many pages as it runs. The table on its first page gets the rows of its
 * continuations (a header row repeated at the top of a continuation left out) and {@code merged_from_pages}; each
 * continuation stays on its page as an empty table with {@code merged_into_page}. Only what {@link PageEdges}
 * lets through may stand between the two parts.
 */
final class ContinuedTables {
    /** The most header rows a continuation repeats. */
    private static final int MAX_HEADER_ROWS = 3;

    private ContinuedTables() {}

    /** The index of the table at the foot of page i ({@code tail}) continued by the one at the head of page i + 1. */
    private record Link(int tail, int head) {}

    /**
     * The pages with their continued tables merged. {@code numbers}: each page's 1-based number (only consecutive
     * pages continue each other); {@code errors}: null for a page that was read; {@code sizes}: width and height.
     */
    static List<List<Item>> merge(
            List<List<Item>> pages, List<Integer> numbers, List<String> errors, List<float[]> sizes) {
        PageEdges edges = new PageEdges(pages);
        Link[] links = new Link[pages.size()];
        for (int i = 0; i + 1 < pages.size(); i++) {
            if (errors.get(i) != null || errors.get(i + 1) != null || numbers.get(i + 1) != numbers.get(i) + 1)
                continue;
            int tail = tail(pages.get(i), height(sizes, i), edges);
            int head = tail < 0 ? -1 : head(pages.get(i + 1), height(sizes, i + 1), edges, pages.get(i));
            if (head >= 0 && TableColumns.lineUp(table(pages, i, tail), table(pages, i + 1, head)))
                links[i] = new Link(tail, head);
        }
        List<List<Item>> out = new ArrayList<>();
        for (List<Item> page : pages) out.add(new ArrayList<>(page));
        for (int i = 0; i < pages.size(); i++) {
            if (links[i] == null
                    || out.get(i).get(links[i].tail()) instanceof Item.Table t && t.mergedIntoPage() != null) continue;
            chain(pages, numbers, links, i, out);
        }
        return out;
    }

    /** Merges the chain of continuations that starts with the table at the foot of page {@code first}. */
    private static void chain(
            List<List<Item>> pages, List<Integer> numbers, Link[] links, int first, List<List<Item>> out) {
        Item.Table root = table(pages, first, links[first].tail());
        List<List<String>> rows = new ArrayList<>(root.rows());
        List<Item.Span> spans = new ArrayList<>(root.spans());
        List<Integer> merged = new ArrayList<>(List.of(numbers.get(first)));
        for (int j = first; j + 1 < pages.size() && links[j] != null; j++) {
            if (j > first && links[j].tail() != links[j - 1].head()) break; // the continuation does not end its page
            Item.Table next = table(pages, j + 1, links[j].head());
            int header = repeatedHeader(root, next);
            if (header == 0 && sameRowLabels(root, next)) break; // the other columns of a wide table, not more rows
            int offset = rows.size() - header;
            rows.addAll(next.rows().subList(header, next.rows().size()));
            for (Item.Span s : next.spans())
                if (s.row() >= header) spans.add(new Item.Span(s.row() + offset, s.col(), s.rows(), s.cols()));
            merged.add(numbers.get(j + 1));
            out.get(j + 1).set(links[j].head(), next.mergedInto(numbers.get(first)));
        }
        if (merged.size() > 1) out.get(first).set(links[first].tail(), root.mergedFrom(rows, spans, merged));
    }

    private static Item.Table table(List<List<Item>> pages, int page, int index) {
        return (Item.Table) pages.get(page).get(index);
    }

    private static Float height(List<float[]> sizes, int i) {
        return sizes == null ? null : sizes.get(i)[1];
    }

    /** The lowest table of a page when nothing but what {@link PageEdges} lets through comes after it; else -1. */
    private static int tail(List<Item> page, Float height, PageEdges edges) {
        int tail = -1;
        for (int i = 0; i < page.size(); i++)
            if (page.get(i) instanceof Item.Table t
                    && !t.rows().isEmpty()
                    && (tail < 0 || bottom(t) >= bottom(page.get(tail)))) tail = i;
        if (tail < 0) return -1;
        Item.BBox table = PageEdges.box(page.get(tail));
        for (int i = 0; i < page.size(); i++) {
            if (i == tail) continue;
            Item.BBox box = PageEdges.box(page.get(i));
            boolean after = table != null && box != null ? box.y() >= table.y() + table.h() - 2 : i > tail;
            if (after && !edges.passes(page.get(i), height, List.of())) return -1;
        }
        return tail;
    }

    /** The highest table of a page when nothing but what {@link PageEdges} lets through comes before it; else -1. */
    private static int head(List<Item> page, Float height, PageEdges edges, List<Item> previous) {
        int head = -1;
        for (int i = 0; i < page.size(); i++)
            if (page.get(i) instanceof Item.Table t
                    && !t.rows().isEmpty()
                    && (head < 0 || top(t) < top(page.get(head)))) head = i;
        if (head < 0) return -1;
        Item.BBox table = PageEdges.box(page.get(head));
        for (int i = 0; i < page.size(); i++) {
            if (i == head) continue;
            Item.BBox box = PageEdges.box(page.get(i));
            boolean before = table != null && box != null ? box.y() + box.h() <= table.y() + 2 : i < head;
            if (before && !edges.passes(page.get(i), height, previous)) return -1;
        }
        return head;
    }

    private static float bottom(Item item) {
        Item.BBox b = PageEdges.box(item);
        return b == null ? Float.MAX_VALUE : b.y() + b.h();
    }

    private static float top(Item item) {
        Item.BBox b = PageEdges.box(item);
        return b == null ? -Float.MAX_VALUE : b.y();
    }

    /** How many rows at the top of {@code next} repeat the first rows of {@code root} (its header); at least one stays. */
    static int repeatedHeader(Item.Table root, Item.Table next) {
        int most = Math.min(
                MAX_HEADER_ROWS, Math.min(root.rows().size(), next.rows().size() - 1));
        for (int k = most; k >= 1; k--) {
            boolean same = true;
            for (int r = 0; r < k && same; r++)
                same = normal(root.rows().get(r)).equals(normal(next.rows().get(r)));
            if (same) return k;
        }
        return 0;
    }

    private static List<String> normal(List<String> row) {
        return row.stream().map(PageEdges::normal).toList();
    }

    /**
     * Whether most row labels of {@code next} (its first column) are labels of {@code root} too: a table too wide for
     * its page, its further columns printed on the next page for the same rows.
     */
    private static boolean sameRowLabels(Item.Table root, Item.Table next) {
        Set<String> labels = new HashSet<>();
        for (List<String> row : root.rows()) if (!row.get(0).isBlank()) labels.add(PageEdges.normal(row.get(0)));
        int labelled = 0, repeated = 0;
        for (List<String> row : next.rows()) {
            if (row.get(0).isBlank()) continue;
            labelled++;
            if (labels.contains(PageEdges.normal(row.get(0)))) repeated++;
        }
        return repeated >= 3 && 2 * repeated >= labelled;
    }
}
