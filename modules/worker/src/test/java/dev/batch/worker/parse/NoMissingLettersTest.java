package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.testkit.Corpus;
import dev.batch.testkit.MissingLetters;
import dev.batch.testkit.Pdftotext;
import dev.batch.testkit.RequiredTools;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every word pdftotext reads in the suite's PDFs is in our page text with all its letters. */
class NoMissingLettersTest {
    /**
     * Words only pdftotext has, glued from elsewhere: from the caption beside ("in" + "weights", "ver"
     * + "Hindernis"), or from a formula ("S" + "einer", the labels "hac", "hca" of a figure).
     */
    private static final List<String> GLUED_BY_PDFTOTEXT = List.of(
            "arxiv-1601.03642.pdf p1 inweights->weights",
            "sf__GeoTopo-komprimiert.pdf p48 verHindernis->Hindernis",
            "sf__GeoTopo-komprimiert.pdf p58 Seiner->einer",
            "sf__GeoTopo-komprimiert.pdf p59 YSwegzusammenhängend.->wegzusammenhängend.",
            "sf__GeoTopo-komprimiert.pdf p79 hac->hc",
            "sf__GeoTopo-komprimiert.pdf p79 hca->ha");

    @Test
    void everyWordPdftotextReadsKeepsAllItsLettersInOurText() throws Exception {
        RequiredTools.require(Pdftotext.TOOL, Pdftotext.available());
        List<Path> pdfs;
        try (Stream<Path> s = Files.list(Corpus.root().resolve("parse/pdf"))) {
            pdfs = s.filter(p -> p.toString().endsWith(".pdf")).sorted().toList();
        }
        List<String> misses = new ArrayList<>();
        int compared = 0;
        for (Path pdf : pdfs) {
            Optional<List<String>> reference = Pdftotext.pages(pdf);
            if (reference.isEmpty() || String.join("", reference.get()).isBlank()) continue;
            compared++;
            for (MissingLetters.Miss m : MissingLetters.compare(reference.get(), ourPages(pdf)))
                misses.add(pdf.getFileName() + " p" + m.page() + " " + m.expected() + "->" + m.found());
        }
        assertThat(compared).isGreaterThanOrEqualTo(5);
        assertThat(misses).isSubsetOf(GLUED_BY_PDFTOTEXT);
    }

    private static List<String> ourPages(Path pdf) throws Exception {
        List<String> pages = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pdf)) {
            ParsedDocument d = new DocumentParser().parse(in, pdf.getFileName().toString(), ParseOptions.of("{}"));
            for (ParsedDocument.Page p : d.pages()) {
                while (pages.size() < p.pageNumber()) pages.add("");
                pages.set(p.pageNumber() - 1, p.text());
            }
        }
        return pages;
    }
}
