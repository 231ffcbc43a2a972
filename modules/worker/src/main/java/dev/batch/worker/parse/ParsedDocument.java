package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A parsed document: pages in order (1-based {@code number}), each with its text, markdown and
 * items, and the whole-document text and markdown joined with the page separator.
 */
public record ParsedDocument(
        List<Page> pages,
        String textFull,
        String markdownFull,
        Map<String, String> metadata,
        int totalPages,
        boolean truncated,
        List<Images.Saved> images) {

    public ParsedDocument(
            List<Page> pages,
            String textFull,
            String markdownFull,
            Map<String, String> metadata,
            int totalPages,
            boolean truncated) {
        this(pages, textFull, markdownFull, metadata, totalPages, truncated, List.of());
    }

    ParsedDocument withImages(List<Images.Saved> saved) {
        return new ParsedDocument(pages, textFull, markdownFull, metadata, totalPages, truncated, saved);
    }

    /** A page; {@code error} is set (and the content empty) when the page could not be read. */
    public record Page(
            int pageNumber,
            String text,
            String markdown,
            List<Item> items,
            String error,
            Float pageWidth,
            Float pageHeight) {
        @com.fasterxml.jackson.annotation.JsonProperty("success")
        public boolean success() {
            return error == null;
        }
    }

    private static Float width(List<float[]> sizes, int i) {
        return sizes == null ? null : sizes.get(i)[0];
    }

    private static Float height(List<float[]> sizes, int i) {
        return sizes == null ? null : sizes.get(i)[1];
    }

    /** Builds the document from the handler's pages, applying target pages, max pages and separators. */
    static ParsedDocument of(
            List<List<Item>> rawPages, ParseOptions options, Map<String, String> metadata, boolean truncated) {
        List<List<Item>> kept = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < rawPages.size(); i++) {
            int n = i + 1;
            if (!options.wants(n)) continue;
            if (options.maxPages() != null && kept.size() >= options.maxPages()) break;
            kept.add(rawPages.get(i));
            numbers.add(n);
        }
        List<String> errors = new ArrayList<>(Collections.nCopies(kept.size(), (String) null));
        ParsedDocument d = ofPages(kept, numbers, errors, null, options, metadata, rawPages.size());
        return new ParsedDocument(d.pages(), d.textFull(), d.markdownFull(), metadata, rawPages.size(), truncated);
    }

    /** Builds the document from pages already chosen (numbers 1-based), with an error or null for each. */
    static ParsedDocument ofPages(
            List<List<Item>> kept,
            List<Integer> numbers,
            List<String> errors,
            ParseOptions options,
            Map<String, String> metadata,
            int totalPages) {
        return ofPages(kept, numbers, errors, null, options, metadata, totalPages);
    }

    /** As above, with each page's size in points ({@code sizes} null: the format has no pages of its own). */
    static ParsedDocument ofPages(
            List<List<Item>> kept,
            List<Integer> numbers,
            List<String> errors,
            List<float[]> sizes,
            ParseOptions options,
            Map<String, String> metadata,
            int totalPages) {
        List<Page> pages = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            int n = numbers.get(i);
            List<Item> items = kept.get(i);
            if (errors.get(i) != null) {
                String stand = FailedPages.replacement(errors.get(i), options, items);
                pages.add(new Page(n, stand, stand, List.of(), errors.get(i), width(sizes, i), height(sizes, i)));
                continue;
            }
            StringBuilder text = new StringBuilder();
            StringBuilder md = new StringBuilder();
            for (Item item : items) {
                String plain = item.plain();
                if (!plain.isEmpty())
                    text.append(text.length() == 0 ? "" : "\n").append(plain);
                String itemMd = item instanceof Item.Table t && options.tablesAsHtml() ? t.html() : item.md();
                boolean merged = item instanceof Item.Table t && t.mergedIntoPage() != null; // its rows are elsewhere
                if (!(item instanceof Item.Link) && !merged)
                    md.append(md.length() == 0 ? "" : "\n\n").append(itemMd);
            }
            pages.add(new Page(
                    n, text.toString(), md.toString(), items, errors.get(i), width(sizes, i), height(sizes, i)));
        }
        StringBuilder textFull = new StringBuilder();
        StringBuilder mdFull = new StringBuilder();
        for (int i = 0; i < pages.size(); i++) {
            Page p = pages.get(i);
            if (i > 0) {
                String sep = ParseOptions.withPageNumber(options.pageSeparator(), p.pageNumber());
                textFull.append(sep);
                mdFull.append(sep);
            }
            String prefix = options.pagePrefix() == null
                    ? ""
                    : ParseOptions.withPageNumber(options.pagePrefix(), p.pageNumber());
            String suffix = options.pageSuffix() == null
                    ? ""
                    : ParseOptions.withPageNumber(options.pageSuffix(), p.pageNumber());
            textFull.append(prefix).append(p.text()).append(suffix);
            mdFull.append(prefix).append(p.markdown()).append(suffix);
        }
        return new ParsedDocument(pages, textFull.toString(), mdFull.toString(), metadata, totalPages, false);
    }
}
