package dev.batch.tools.bench;

import dev.batch.worker.parse.DocumentParser;
import dev.batch.worker.parse.Item;
import dev.batch.worker.parse.ParseOptions;
import dev.batch.worker.parse.ParsedDocument;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;

/**
 * {@code scripts/heading-outline}: the heading outline of each paper-like PDF of the corpus (MANIFEST
 * notes naming a paper, LaTeX or lecture notes; or the PDFs given as arguments), as our markdown has
 * it. Where the PDF carries its own bookmarks (the author's section structure), our headings are
 * matched to them by title, numbering aside: how many sections we find, how many of our headings
 * are sections, and how many matched ones sit at the bookmark's depth (one offset for the document,
 * as a title above the sections shifts every level). Last line: the totals over those documents.
 */
public final class HeadingOutline {
    private HeadingOutline() {}

    private record Heading(int page, int level, String text) {}

    private record Mark(int depth, String title) {}

    public static void main(String[] args) throws Exception {
        List<Path> pdfs = new ArrayList<>();
        for (String a : args) pdfs.add(Path.of(a));
        if (pdfs.isEmpty()) pdfs = papers();
        DocumentParser parser = new DocumentParser();
        int marks = 0;
        int found = 0;
        int headings = 0;
        int sections = 0;
        int atDepth = 0;
        for (Path pdf : pdfs) {
            List<Heading> ours;
            try {
                ours = outline(parser, pdf);
            } catch (Exception e) {
                System.out.printf("%n== %s: not read (%s)%n", pdf.getFileName(), e.getMessage());
                continue;
            }
            List<Mark> theirs = bookmarks(pdf);
            System.out.printf(
                    "%n== %s: %d headings%s%n",
                    pdf.getFileName(), ours.size(), theirs.isEmpty() ? "" : ", " + theirs.size() + " bookmarks");
            for (Heading h : ours) System.out.printf("  p%-3d %s %s%n", h.page(), "#".repeat(h.level()), h.text());
            if (theirs.isEmpty()) continue;
            int[] score = score(ours, theirs);
            long titles = theirs.stream().map(m -> key(m.title())).distinct().count();
            System.out.printf(
                    "  bookmark titles found %d/%d, headings that are bookmarks %d/%d, at their depth %d/%d%n",
                    score[0], titles, score[1], ours.size(), score[2], score[0]);
            marks += (int) titles;
            found += score[0];
            headings += ours.size();
            sections += score[1];
            atDepth += score[2];
        }
        System.out.printf(
                "%nbookmarks_found=%d/%d headings_matched=%d/%d levels_right=%d/%d%n",
                found, marks, sections, headings, atDepth, found);
    }

    /** The corpus PDFs whose notes say they are papers, LaTeX documents or lecture notes. */
    private static List<Path> papers() throws Exception {
        Path root = CorpusFiles.root();
        List<Path> out = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("parse/MANIFEST.tsv"))) {
            String[] f = line.split("\t", -1);
            if (f.length < 7 || !f[1].equals("pdf") || !f[6].matches("(?i).*(paper|latex|lecture notes).*")) continue;
            out.add(root.resolve(f[0]));
        }
        return out;
    }

    private static List<Heading> outline(DocumentParser parser, Path pdf) throws Exception {
        List<Heading> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pdf)) {
            ParsedDocument d = parser.parse(in, pdf.getFileName().toString(), ParseOptions.of("{}"));
            for (ParsedDocument.Page p : d.pages())
                for (Item i : p.items())
                    if (i instanceof Item.Heading h) out.add(new Heading(p.pageNumber(), h.level(), h.value()));
        }
        return out;
    }

    /** The PDF's bookmarks that lead to one of its pages (an excerpt keeps those of the whole work). */
    private static List<Mark> bookmarks(Path pdf) {
        List<Mark> out = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            PDDocumentOutline outline = doc.getDocumentCatalog().getDocumentOutline();
            if (outline != null) walk(doc, outline.children(), 1, out);
        } catch (Exception e) {
            // no bookmarks to compare with
        }
        return out;
    }

    private static void walk(PDDocument doc, Iterable<PDOutlineItem> items, int depth, List<Mark> out)
            throws Exception {
        for (PDOutlineItem i : items) {
            PDPage page = i.findDestinationPage(doc);
            if (i.getTitle() != null && page != null && doc.getPages().indexOf(page) >= 0)
                out.add(new Mark(depth, i.getTitle()));
            walk(doc, i.children(), depth + 1, out);
        }
    }

    /** Titles of bookmarks found among our headings, our headings that are bookmarks, titles found at their depth. */
    private static int[] score(List<Heading> ours, List<Mark> theirs) {
        Map<String, Mark> byTitle = new HashMap<>();
        for (Mark m : theirs) byTitle.putIfAbsent(key(m.title()), m);
        Map<String, Integer> offsetOf = new HashMap<>();
        Map<Integer, Integer> offsets = new HashMap<>();
        for (Heading h : ours) {
            Mark m = byTitle.get(key(h.text()));
            if (m == null || offsetOf.containsKey(key(m.title()))) continue;
            offsetOf.put(key(m.title()), h.level() - m.depth());
            offsets.merge(h.level() - m.depth(), 1, Integer::sum);
        }
        int usual = offsets.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(0);
        int right = (int) offsetOf.values().stream().filter(o -> o == usual).count();
        int matched = (int)
                ours.stream().filter(h -> byTitle.containsKey(key(h.text()))).count();
        return new int[] {offsetOf.size(), matched, right};
    }

    /** A title without its numbering ("3.1.", "IV.", "III-A", "A.") and without case, spaces and signs. */
    static String key(String title) {
        String t = title.strip().replaceFirst("^(?:[0-9IVX]+(?:[.\\-][0-9A-Z]+)*\\.?|[A-Z]\\.)\\s+", "");
        return t.toLowerCase().replaceAll("[^\\p{L}\\p{N}]", "");
    }
}
