package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.tika.metadata.Metadata;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Turns Tika's XHTML into pages of structured items. A {@code <div class="page">} (a PDF page, a
 * spreadsheet's sheet) or {@code <div class="slide-content">} (a slide) starts a page; flowing
 * formats are one page. Headings, paragraphs, lists, tables, links and images become items;
 * text outside any block becomes a text item. Bounded: past {@code maxChars} characters of text
 * the rest is dropped and {@link #truncated()} says so. Lists and tables, which nest, are built by
 * {@link ListBuilder} and {@link TableBuilder}.
 */
final class StructureHandler extends DefaultHandler {
    private final long maxChars;
    private long chars;
    private boolean truncated;

    private final List<List<Item>> pages = new ArrayList<>();
    private List<Item> page;
    private boolean explicitPages;

    // the block being read: heading level (>0), paragraph (0), code (-1), or none (null)
    private Integer block;
    private final StringBuilder text = new StringBuilder();
    private final List<Item.Link> pendingLinks = new ArrayList<>();
    private String linkHref;
    private final StringBuilder linkText = new StringBuilder();

    private final ListBuilder lists = new ListBuilder();
    private final TableBuilder tables;
    private int ignoreDepth;

    private final Metadata metadata;
    private Boolean sheetPerH1;

    /** {@code layouts} gives the tables their merged cells where the XHTML does not say. */
    StructureHandler(long maxChars, Metadata metadata, TableLayouts layouts) {
        this.maxChars = maxChars;
        this.metadata = metadata;
        this.tables = new TableBuilder(layouts);
    }

    /** Spreadsheets come as one heading per sheet followed by its table: each sheet is a page. */
    private boolean sheetPerH1() {
        if (sheetPerH1 == null) {
            String type = String.valueOf(metadata.get(Metadata.CONTENT_TYPE)).toLowerCase(Locale.ROOT);
            sheetPerH1 = type.contains("spreadsheet") || type.contains("excel") || type.contains("ms-excel");
        }
        return sheetPerH1;
    }

    boolean isPdf() {
        return String.valueOf(metadata.get(Metadata.CONTENT_TYPE)).contains("pdf");
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) {
        String name = (localName == null || localName.isEmpty() ? qName : localName).toLowerCase(Locale.ROOT);
        if (ignoreDepth > 0
                || name.equals("head")
                || name.equals("script")
                || name.equals("style")
                || name.equals("title")) {
            ignoreDepth++;
            return;
        }
        switch (name) {
            case "div" -> {
                String cls = atts.getValue("class");
                if ("page".equals(cls) || "slide-content".equals(cls)) startPage();
            }
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                if (name.equals("h1") && tables.isEmpty() && sheetPerH1()) startPage();
                startBlock(name.charAt(1) - '0');
            }
            case "p" -> {
                if (lists.inItem() || !tables.isEmpty()) break;
                startBlock(0);
            }
            case "pre" -> startBlock(-1);
            case "ul", "ol" -> {
                flushBlock();
                lists.start(name.equals("ol"));
            }
            case "li" -> lists.startItem();
            case "table" -> {
                flushBlock();
                tables.start();
            }
            case "tr" -> tables.startRow();
            case "td", "th" -> tables.startCell(atts.getValue("colspan"), atts.getValue("rowspan"));
            case "a" -> {
                linkHref = atts.getValue("href");
                linkText.setLength(0);
            }
            case "img" -> {
                String src = atts.getValue("src");
                if (src != null) currentPage().add(new Item.Image(src, nullToEmpty(atts.getValue("alt"))));
            }
            case "br" -> characters(new char[] {'\n'}, 0, 1);
            default -> {}
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        String name = (localName == null || localName.isEmpty() ? qName : localName).toLowerCase(Locale.ROOT);
        if (ignoreDepth > 0) {
            ignoreDepth--;
            return;
        }
        switch (name) {
            case "h1", "h2", "h3", "h4", "h5", "h6", "p", "pre" -> {
                if (!(name.equals("p") && (lists.inItem() || !tables.isEmpty()))) flushBlock();
            }
            case "li" -> lists.endItem();
            case "ul", "ol" -> {
                Item.ListItem list = lists.end();
                if (list != null) currentPage().add(list);
            }
            case "td", "th" -> tables.endCell();
            case "table" -> {
                Item.Table table = tables.end();
                if (table != null) currentPage().add(table);
            }
            case "a" -> {
                String label = clean(linkText.toString());
                if (linkHref != null && !linkHref.isBlank() && !label.isEmpty() && !linkHref.startsWith("#")) {
                    pendingLinks.add(new Item.Link(linkHref, label));
                }
                linkHref = null;
            }
            case "div" -> {}
            default -> {}
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (ignoreDepth > 0 || truncated) return;
        if (chars + length > maxChars) {
            truncated = true;
            length = (int) Math.max(0, maxChars - chars);
        }
        chars += length;
        if (linkHref != null) linkText.append(ch, start, length);
        if (tables.inCell()) {
            tables.append(ch, start, length);
        } else if (lists.inItem()) {
            lists.append(ch, start, length);
        } else {
            text.append(ch, start, length);
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
        characters(ch, start, length);
    }

    /** A page marker: a new page, unless the one open so far is still empty (nothing came before the first marker). */
    private void startPage() {
        flushAll();
        if (page != null && page.isEmpty()) {
            explicitPages = true;
            return;
        }
        explicitPages = true;
        page = new ArrayList<>();
        pages.add(page);
    }

    private void startBlock(int kind) {
        flushBlock();
        block = kind;
    }

    /** Ends the current block (or loose text) as an item. */
    private void flushBlock() {
        String raw = text.toString();
        text.setLength(0);
        Integer kind = block;
        block = null;
        if (kind != null && kind == -1) {
            String code = raw.strip();
            if (!code.isEmpty()) currentPage().add(new Item.Code(code));
        } else {
            String value = clean(raw);
            if (!value.isEmpty()) {
                if (kind != null && kind > 0) currentPage().add(new Item.Heading(kind, value));
                else currentPage().add(new Item.Text(value));
            }
        }
        if (!pendingLinks.isEmpty()) {
            currentPage().addAll(pendingLinks);
            pendingLinks.clear();
        }
    }

    private void flushAll() {
        while (!lists.isEmpty()) endElement(null, lists.ordered() ? "ol" : "ul", null);
        while (!tables.isEmpty()) endElement(null, "table", null);
        flushBlock();
    }

    private List<Item> currentPage() {
        if (page == null) {
            page = new ArrayList<>();
            pages.add(page);
        }
        return page;
    }

    @Override
    public void endDocument() {
        flushAll();
    }

    /** The 1-based number of the page being read (an embedded image belongs to it). */
    int pageNumber() {
        return Math.max(1, pages.size());
    }

    /** The pages read, each a list of items; a document with no page markers is one page. */
    List<List<Item>> pages() {
        flushAll();
        if (pages.isEmpty()) pages.add(new ArrayList<>());
        boolean pdf = isPdf();
        List<List<Item>> refined = new ArrayList<>(pages.size());
        for (List<Item> p : pages) refined.add(Refiner.refine(p, pdf));
        return refined;
    }

    boolean explicitPages() {
        return explicitPages;
    }

    boolean truncated() {
        return truncated;
    }

    /** Collapses runs of spaces and tabs, keeps single line breaks, trims. */
    /**
     * Text as a reader sees it: runs of spaces and tabs (a no-break space included) one space, none at a line's
     * ends, at most one blank line in a row, nothing around the whole. One pass: it runs on every cell and
     * paragraph of every page.
     */
    static String clean(String s) {
        if (isClean(s)) return s;
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        int newlines = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u00a0') {
                space = true;
            } else if (c == '\n') {
                space = false;
                newlines++;
            } else {
                if (newlines > 0) b.append(newlines >= 2 ? "\n\n" : "\n");
                else if (space) b.append(' ');
                space = false;
                newlines = 0;
                b.append(c);
            }
        }
        return b.toString().strip();
    }

    /** Whether {@code s} is clean already: single spaces between words, none at the ends, no other white. */
    private static boolean isClean(String s) {
        int n = s.length();
        if (n == 0) return true;
        if (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(n - 1))) return false;
        if (s.charAt(0) == '\u00a0' || s.charAt(n - 1) == '\u00a0') return false;
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (c == ' ' ? s.charAt(i - 1) == ' ' : c < ' ' || c == '\u00a0') return false;
        }
        return true;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
