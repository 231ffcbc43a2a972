package dev.batch.worker.parse;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One structured item of a parsed page, in the shapes of LlamaCloud's v2 parse result
 * ({@code TextItem}, {@code HeadingItem}, {@code ListItem}, {@code TableItem}, {@code ImageItem},
 * {@code LinkItem}, {@code CodeItem}): {@code type} names the shape, {@code md} is its markdown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Item {
    String type();

    String md();

    /** The item's plain text, as it contributes to the page text. */
    String plain();

    /** Where an item sits on its page, in points from the top-left corner (formats with geometry only). */
    record BBox(float x, float y, float w, float h) {
        static BBox union(BBox a, BBox b) {
            if (a == null) return b;
            if (b == null) return a;
            float x0 = Math.min(a.x, b.x);
            float y0 = Math.min(a.y, b.y);
            float x1 = Math.max(a.x + a.w, b.x + b.w);
            float y1 = Math.max(a.y + a.h, b.y + b.h);
            return new BBox(x0, y0, x1 - x0, y1 - y0);
        }
    }

    record Text(String type, String value, String md, List<BBox> bbox) implements Item {
        public Text(String value) {
            this(value, null);
        }

        public Text(String value, BBox box) {
            this("text", value, Markdown.escapeLine(value), box == null ? null : List.of(box));
        }

        public String plain() {
            return value;
        }
    }

    record Heading(String type, int level, String value, String md, List<BBox> bbox) implements Item {
        public Heading(int level, String value) {
            this(level, value, null);
        }

        public Heading(int level, String value, List<BBox> bbox) {
            this("heading", level, value, "#".repeat(Math.max(1, Math.min(6, level))) + " " + value, bbox);
        }

        public String plain() {
            return value;
        }
    }

    record Code(String type, String value, String md) implements Item {
        public Code(String value) {
            this("code", value, "```\n" + value + "\n```");
        }

        public String plain() {
            return value;
        }
    }

    record ListItem(String type, boolean ordered, List<Item> items, String md) implements Item {
        public ListItem(boolean ordered, List<Item> items) {
            this("list", ordered, items, Markdown.list(ordered, items));
        }

        public String plain() {
            StringBuilder b = new StringBuilder();
            for (Item i : items) b.append(b.length() == 0 ? "" : "\n").append(i.plain());
            return b.toString();
        }
    }

    /**
     * A cell covering more than its own position: {@code rows} x {@code cols} positions from its top-left
     * ({@code row}, {@code col}). In {@code rows} the covered positions are empty; {@code html} gives the
     * span as {@code rowspan}/{@code colspan}.
     */
    record Span(int row, int col, int rows, int cols) {}

    /**
     * A table; {@code mergedFromPages} and {@code mergedIntoPage} are set only when {@code merge_continued_tables}
     * joined it with its continuations ({@link ContinuedTables}). {@code columns}: where each column lies on the page,
     * left and right edge in turn (PDF tables only), to tell a continuation on the next page by.
     */
    record Table(
            String type,
            List<List<String>> rows,
            String md,
            String html,
            String csv,
            List<BBox> bbox,
            @JsonIgnore List<Span> spans,
            List<Integer> mergedFromPages,
            Integer mergedIntoPage,
            @JsonIgnore List<Float> columns,
            @JsonIgnore String lines)
            implements Item {
        public Table(List<List<String>> rows) {
            this(rows, null);
        }

        public Table(List<List<String>> rows, BBox box) {
            this(rows, List.of(), box);
        }

        public Table(List<List<String>> rows, List<Span> spans, BBox box) {
            this(rows, spans, box, null);
        }

        public Table(List<List<String>> rows, List<Span> spans, BBox box, List<Float> columns) {
            this(rows, spans, box == null ? null : List.of(box), null, null, columns);
        }

        private Table(
                List<List<String>> rows,
                List<Span> spans,
                List<BBox> bbox,
                List<Integer> mergedFromPages,
                Integer mergedIntoPage,
                List<Float> columns) {
            this(
                    "table",
                    rows,
                    Markdown.table(rows),
                    Markdown.htmlTable(rows, spans),
                    Markdown.csv(rows),
                    bbox,
                    List.copyOf(spans),
                    mergedFromPages,
                    mergedIntoPage,
                    columns,
                    null);
        }

        /**
         * This table whose text is {@code text}: a PDF table's words line by line as the page shows them, so the
         * page's text reads as the page does, whatever cells the lines were joined into.
         */
        Table readAs(String text) {
            return new Table(type, rows, md, html, csv, bbox, spans, mergedFromPages, mergedIntoPage, columns, text);
        }

        /** This table with the rows of its continuations, which were on {@code pages} (its own first). */
        Table mergedFrom(List<List<String>> allRows, List<Span> allSpans, List<Integer> pages) {
            return new Table(allRows, allSpans, bbox, List.copyOf(pages), null, columns);
        }

        /** The empty table a continuation leaves on its page: its rows are in the table on page {@code first}. */
        Table mergedInto(int first) {
            return new Table(List.of(), List.of(), bbox, null, first, columns);
        }

        /** Its lines as read, or the rows' cells joined by spaces, empty ones (covered by a span, or blank) left out. */
        public String plain() {
            if (lines != null) return lines;
            StringBuilder b = new StringBuilder();
            for (List<String> row : rows) {
                b.append(b.length() == 0 ? "" : "\n");
                b.append(String.join(" ", row.stream().filter(c -> !c.isEmpty()).toList()));
            }
            return b.toString();
        }
    }

    record Image(String type, String url, String caption, String md) implements Item {
        public Image(String url, String caption) {
            this("image", url, caption, "![" + caption + "](" + url + ")");
        }

        public String plain() {
            return "";
        }
    }

    record Link(String type, String url, String text, String md) implements Item {
        public Link(String url, String text) {
            this("link", url, text, "[" + text + "](" + url + ")");
        }

        public String plain() {
            return "";
        }
    }
}
