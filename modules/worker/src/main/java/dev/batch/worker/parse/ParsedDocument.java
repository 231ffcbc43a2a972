package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parsed document: pages in order (1-based {@code number}), each with its text, markdown and
 * items, and the whole-document text and markdown joined with the page separator.
 */
public record ParsedDocument(List<Page> pages, String textFull, String markdownFull, Map<String, String> metadata,
                             int totalPages, boolean truncated) {

    public record Page(int pageNumber, String text, String markdown, List<Item> items) {}

    /** Builds the document from the handler's pages, applying target pages, max pages and separators. */
    static ParsedDocument of(List<List<Item>> rawPages, ParseOptions options, Map<String, String> metadata, boolean truncated) {
        List<Page> pages = new ArrayList<>();
        for (int i = 0; i < rawPages.size(); i++) {
            int n = i + 1;
            if (!options.wants(n)) continue;
            if (options.maxPages() != null && pages.size() >= options.maxPages()) break;
            List<Item> items = rawPages.get(i);
            StringBuilder text = new StringBuilder();
            StringBuilder md = new StringBuilder();
            for (Item item : items) {
                String plain = item.plain();
                if (!plain.isEmpty()) text.append(text.length() == 0 ? "" : "\n").append(plain);
                if (!(item instanceof Item.Link)) md.append(md.length() == 0 ? "" : "\n\n").append(item.md());
            }
            pages.add(new Page(n, text.toString(), md.toString(), items));
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
            String prefix = options.pagePrefix() == null ? "" : ParseOptions.withPageNumber(options.pagePrefix(), p.pageNumber());
            String suffix = options.pageSuffix() == null ? "" : ParseOptions.withPageNumber(options.pageSuffix(), p.pageNumber());
            textFull.append(prefix).append(p.text()).append(suffix);
            mdFull.append(prefix).append(p.markdown()).append(suffix);
        }
        return new ParsedDocument(pages, textFull.toString(), mdFull.toString(), metadata, rawPages.size(), truncated);
    }
}
