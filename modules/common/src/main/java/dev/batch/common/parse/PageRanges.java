package dev.batch.common.parse;

import dev.batch.events.PageRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * LlamaParse's {@code target_pages}: 0-based page numbers and ranges, "0,2-4". Checked at job
 * create (so a bad value is a 422 naming it) and applied by the parse worker.
 */
public final class PageRanges {
    static final int MAX_PAGE = 1_000_000;

    private PageRanges() {}

    /** The 0-based pages named; throws {@link IllegalArgumentException} with a reason on a bad value. */
    public static NavigableSet<Integer> parse(String spec) {
        if (spec == null || spec.isBlank())
            throw new IllegalArgumentException("must name at least one page, e.g. \"0,2-4\"");
        TreeSet<Integer> pages = new TreeSet<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) throw new IllegalArgumentException("has an empty entry in \"" + spec + "\"");
            int dash = p.indexOf('-');
            try {
                if (dash < 0) {
                    pages.add(check(Integer.parseInt(p), spec));
                } else {
                    int from = check(Integer.parseInt(p.substring(0, dash).strip()), spec);
                    int to = check(Integer.parseInt(p.substring(dash + 1).strip()), spec);
                    if (to < from) throw new IllegalArgumentException("has a backwards range \"" + p + "\"");
                    if (to - from > MAX_PAGE)
                        throw new IllegalArgumentException("has a range that is too long: \"" + p + "\"");
                    for (int i = from; i <= to; i++) pages.add(i);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "\"" + p + "\" is not a page number or range (0-based, e.g. \"0,2-4\")");
            }
        }
        return Collections.unmodifiableNavigableSet(pages);
    }

    /** {@code pages} as ranges of consecutive pages, in order. */
    public static List<PageRange> ranges(Collection<Integer> pages) {
        List<PageRange> out = new ArrayList<>();
        PageRange last = null;
        for (int page : new TreeSet<>(pages)) {
            if (last != null && last.getLast() == page - 1) {
                last.setLast(page);
            } else {
                last = new PageRange(page, page);
                out.add(last);
            }
        }
        return out;
    }

    /** The pages of {@code ranges}. */
    public static NavigableSet<Integer> pages(List<PageRange> ranges) {
        TreeSet<Integer> pages = new TreeSet<>();
        for (PageRange r : ranges) {
            for (int i = r.getFirst(); i <= r.getLast(); i++) pages.add(i);
        }
        return Collections.unmodifiableNavigableSet(pages);
    }

    private static int check(int page, String spec) {
        if (page < 0 || page > MAX_PAGE)
            throw new IllegalArgumentException("page " + page + " is out of range in \"" + spec + "\" (0-based)");
        return page;
    }
}
