package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The headings of a PDF, decided once all its pages are read, since what is large or bold is so
 * against the body text of the whole document. Pages are noted as they are read ({@link #page});
 * {@link #apply} then turns the candidates ({@link HeadingCandidate}) into headings: not a running
 * header, not a numbered list, and levels from their numbering where it is consistent, else from
 * their type (larger first). The title is level 1 when the first page has it clearly largest.
 */
final class PdfHeadings {
    /** Stands for an item taken into the heading before it. */
    static final HeadingCandidate JOINED = new HeadingCandidate("", 0, false, false, false, null, null, null, null);

    private final FontSizes sizes = new FontSizes();
    private final List<List<TextStyle>> styles = new ArrayList<>();

    /** Notes a page as read: its items and the text layer's lines they were made from (none for OCR). */
    void page(List<Item> items, List<PdfLayout.Line> lines) {
        styles.add(TextStyle.of(items, lines, sizes));
    }

    /** Notes a page whose items stand in for it (it failed): none of them is a heading. */
    void failedPage() {
        styles.add(null);
    }

    /** The pages (as noted, in order; {@code numbers} 1-based) with their headings made. */
    List<List<Item>> apply(List<List<Item>> pages, List<Integer> numbers) {
        FontSizes.Body body = sizes.body();
        List<HeadingLevels.Entry> found = new ArrayList<>();
        SectionNumber previous = null;
        List<HeadingCandidate[]> candidates = candidates(pages, body);
        for (int p = 0; p < pages.size(); p++) {
            HeadingCandidate[] page = candidates.get(p);
            int kept = -1;
            for (int i = 0; i < page.length; i++) {
                HeadingCandidate c = page[i];
                if (c == JOINED && kept == i - 1) {
                    found.add(new HeadingLevels.Entry(p, i, c, null));
                    kept = i;
                }
                if (c == null || c == JOINED) continue;
                SectionNumber n = c.number() == null ? null : c.number().under(previous);
                boolean consistent = n != null && n.follows(previous);
                if (c.numberedOnly() && !(consistent && !HeadingPlaces.listed(pages.get(p), i, c.number()))) continue;
                if (n != null && (consistent || n.dotted())) previous = n;
                else n = null;
                found.add(new HeadingLevels.Entry(p, i, c, n));
                kept = i;
            }
        }
        return rebuild(pages, found, levels(found, numbers, body));
    }

    /** Every text item's candidate, page by page, less running headers and footers, with wrapped titles joined. */
    private List<HeadingCandidate[]> candidates(List<List<Item>> pages, FontSizes.Body body) {
        List<HeadingCandidate[]> out = new ArrayList<>();
        Map<String, Integer> edges = new HashMap<>();
        for (int p = 0; p < pages.size(); p++) {
            List<Item> items = pages.get(p);
            List<TextStyle> style = styles.get(p);
            HeadingCandidate[] page = new HeadingCandidate[items.size()];
            for (int i = 0; style != null && i < items.size(); i++) {
                if (items.get(i) instanceof Item.Text t) page[i] = HeadingCandidate.of(t, style.get(i), body);
                if (HeadingPlaces.boldOnly(page[i]) && HeadingPlaces.inList(items, i)) page[i] = null;
                if (page[i] != null
                        && page[i].number() == null
                        && !page[i].larger()
                        && HeadingPlaces.inTableRow(items, style, i, page[i].box())) page[i] = null;
            }
            out.add(page);
            for (int i : edgeIndexes(page)) edges.merge(shape(page[i]), 1, Integer::sum);
        }
        for (int p = 0; p < out.size(); p++) {
            HeadingCandidate[] page = out.get(p);
            for (int i : edgeIndexes(page)) if (edges.get(shape(page[i])) >= 3) page[i] = null;
            joinWrapped(page, pages.get(p), styles.get(p));
            for (int i = 0; i < page.length; i++)
                if (HeadingPlaces.boldOnly(page[i]) && !HeadingPlaces.followedByText(page, pages.get(p), i))
                    page[i] = null;
        }
        return out;
    }

    /**
     * A heading's title going on in the items after it takes them in (they are then left out, {@link
     * #JOINED}); lines that end up a sentence were a paragraph, not a heading.
     */
    private static void joinWrapped(HeadingCandidate[] page, List<Item> items, List<TextStyle> style) {
        for (int i = 0; style != null && i < page.length; i++) {
            if (page[i] == null || page[i] == JOINED) continue;
            HeadingCandidate c = page[i];
            int end = i + 1;
            for (HeadingCandidate j;
                    end < page.length && (j = c.continuedBy(items.get(end), style.get(end))) != null;
                    end++) c = j;
            if (end == i + 1) continue;
            if (!HeadingCandidate.titleLength(c.text())) {
                page[i] = null;
                continue;
            }
            page[i] = c;
            for (int k = i + 1; k < end; k++) page[k] = JOINED;
            i = end - 1;
        }
    }

    /** The first and the last item of a page, where running headers and footers are, when they are candidates. */
    private static List<Integer> edgeIndexes(HeadingCandidate[] page) {
        List<Integer> out = new ArrayList<>(2);
        if (page.length > 0 && page[0] != null) out.add(0);
        if (page.length > 1 && page[page.length - 1] != null) out.add(page.length - 1);
        return out;
    }

    private static String shape(HeadingCandidate c) {
        return c.text().replaceAll("\\d+", "#");
    }

    private List<Map<Integer, Integer>> levels(
            List<HeadingLevels.Entry> found, List<Integer> numbers, FontSizes.Body body) {
        return HeadingLevels.of(
                found.stream().filter(f -> f.candidate() != JOINED).toList(),
                !numbers.isEmpty() && numbers.get(0) == 1,
                body == null ? 0 : body.size(),
                styles.size());
    }

    private static List<List<Item>> rebuild(
            List<List<Item>> pages, List<HeadingLevels.Entry> found, List<Map<Integer, Integer>> levels) {
        List<List<Item>> out = new ArrayList<>(pages.size());
        Map<Integer, Map<Integer, HeadingCandidate>> byPage = new HashMap<>();
        for (HeadingLevels.Entry f : found)
            byPage.computeIfAbsent(f.page(), k -> new HashMap<>()).put(f.index(), f.candidate());
        for (int p = 0; p < pages.size(); p++) {
            Map<Integer, HeadingCandidate> here = byPage.getOrDefault(p, Map.of());
            if (here.isEmpty()) {
                out.add(pages.get(p));
                continue;
            }
            List<Item> items = new ArrayList<>(pages.get(p).size() + here.size());
            for (int i = 0; i < pages.get(p).size(); i++) {
                HeadingCandidate c = here.get(i);
                if (c == JOINED) continue;
                if (c == null) {
                    items.add(pages.get(p).get(i));
                    continue;
                }
                items.add(new Item.Heading(levels.get(p).get(i), c.text(), c.box() == null ? null : List.of(c.box())));
                if (c.rest() != null) items.add(new Item.Text(c.rest(), c.restBox()));
            }
            out.add(Collections.unmodifiableList(items));
        }
        return out;
    }
}
