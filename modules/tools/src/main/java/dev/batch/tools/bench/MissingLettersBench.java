package dev.batch.tools.bench;

import dev.batch.testkit.MissingLetters;
import dev.batch.testkit.Pdftotext;
import dev.batch.worker.parse.DocumentParser;
import dev.batch.worker.parse.ParseOptions;
import dev.batch.worker.parse.ParsedDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * {@code scripts/bench-missing-letters}: over every PDF of the corpus ({@code parse/pdf} and
 * {@code tables/icdar2013}), the words {@code pdftotext} reads that our page text has only with
 * letters missing ({@link MissingLetters}). Beside ours, the same count for PDFBox's plain text
 * stripper with its duplicate-overlap suppression on (its default) and off: words that only the
 * suppression loses are real letters it drops. Last line {@code missing_letter_words= pdfbox_suppress=
 * pdfbox_no_suppress= docs=}.
 */
public final class MissingLettersBench {
    private static final int EXAMPLES = 5;

    private MissingLettersBench() {}

    public static void main(String[] args) throws Exception {
        if (!Pdftotext.available()) throw new IllegalStateException(Pdftotext.TOOL + " is needed");
        DocumentParser parser = new DocumentParser();
        int docs = 0;
        int ours = 0;
        int suppress = 0;
        int noSuppress = 0;
        System.out.printf(
                "%-55s %6s %9s %12s  %s%n",
                "document", "ours", "suppress", "no_suppress", "examples (pdftotext -> ours)");
        for (Path pdf : pdfs()) {
            Optional<List<String>> reference = Pdftotext.pages(pdf);
            if (reference.isEmpty() || String.join("", reference.get()).isBlank()) continue;
            docs++;
            List<MissingLetters.Miss> misses = MissingLetters.compare(reference.get(), ourPages(parser, pdf));
            int on = MissingLetters.compare(reference.get(), pdfboxPages(pdf, true))
                    .size();
            int off = MissingLetters.compare(reference.get(), pdfboxPages(pdf, false))
                    .size();
            ours += misses.size();
            suppress += on;
            noSuppress += off;
            if (misses.isEmpty() && on == off) continue;
            StringBuilder ex = new StringBuilder();
            for (MissingLetters.Miss m : misses.subList(0, Math.min(EXAMPLES, misses.size())))
                ex.append(String.format("p%d %s->%s  ", m.page(), m.expected(), m.found()));
            System.out.printf(
                    "%-55s %6d %9d %12d  %s%n",
                    name(pdf), misses.size(), on, off, ex.toString().strip());
        }
        System.out.printf(
                "%nmissing_letter_words=%d pdfbox_suppress=%d pdfbox_no_suppress=%d docs=%d%n",
                ours, suppress, noSuppress, docs);
    }

    private static List<Path> pdfs() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("parse/pdf", "tables/icdar2013")) {
            try (Stream<Path> s = Files.list(CorpusFiles.root().resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".pdf")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    private static String name(Path pdf) {
        return pdf.getParent().getFileName() + "/" + pdf.getFileName();
    }

    /** Our page texts by page number (an empty text for a page we did not return). */
    private static List<String> ourPages(DocumentParser parser, Path pdf) {
        List<String> pages = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pdf)) {
            ParsedDocument d = parser.parse(in, pdf.getFileName().toString(), ParseOptions.of("{}"));
            for (ParsedDocument.Page p : d.pages()) {
                while (pages.size() < p.pageNumber()) pages.add("");
                pages.set(p.pageNumber() - 1, p.text());
            }
        } catch (Exception e) {
            // a document we cannot read has no text: every word of pdftotext's is missing, none "with letters missing"
        }
        return pages;
    }

    private static List<String> pdfboxPages(Path pdf, boolean suppressDuplicates) {
        List<String> pages = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSuppressDuplicateOverlappingText(suppressDuplicates);
            for (int n = 1; n <= doc.getNumberOfPages(); n++) {
                stripper.setStartPage(n);
                stripper.setEndPage(n);
                pages.add(stripper.getText(doc));
            }
        } catch (Exception e) {
            // as above
        }
        return pages;
    }
}
