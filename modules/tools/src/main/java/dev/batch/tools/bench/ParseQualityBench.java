package dev.batch.tools.bench;

import dev.batch.worker.parse.DocumentParser;
import dev.batch.worker.parse.ParseOptions;
import dev.batch.worker.parse.ParsedDocument;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code scripts/bench-parse-quality}: mean Levenshtein ratio (whitespace collapsed) of our text
 * against every ground truth in the corpus ({@code *.gt.txt} beside a document), text documents and
 * OCR ones reported apart.
 */
public final class ParseQualityBench {
    private ParseQualityBench() {}

    public static void main(String[] args) throws Exception {
        DocumentParser parser = new DocumentParser();
        List<Path> truths;
        try (Stream<Path> s = Files.walk(CorpusFiles.root().resolve("parse"))) {
            truths = s.filter(p -> p.toString().endsWith(".gt.txt")).sorted().toList();
        }
        List<Double> text = new ArrayList<>();
        List<Double> ocr = new ArrayList<>();
        System.out.printf("%-45s %-6s %10s %10s%n", "document", "kind", "chars", "ratio");
        for (Path gt : truths) {
            Path doc = Path.of(gt.toString().substring(0, gt.toString().length() - ".gt.txt".length()));
            boolean isOcr = doc.getFileName().toString().startsWith("ocr__")
                    || !doc.toString().endsWith(".pdf");
            String ours;
            try (InputStream in = Files.newInputStream(doc)) {
                ParsedDocument d = parser.parse(
                        in,
                        doc.getFileName().toString(),
                        ParseOptions.of("{\"parameters\": {\"page_separator\": \"\\n\"}}"));
                ours = d.textFull();
            } catch (Exception e) {
                ours = "";
            }
            double r = Levenshtein.ratio(Levenshtein.collapse(ours), Levenshtein.collapse(Files.readString(gt)));
            (isOcr ? ocr : text).add(r);
            System.out.printf("%-45s %-6s %10d %10.4f%n", doc.getFileName(), isOcr ? "ocr" : "text", ours.length(), r);
        }
        System.out.printf(
                "%ntext documents: n=%d mean=%.4f min=%.4f%n",
                text.size(), mean(text), text.stream().mapToDouble(d -> d).min().orElse(0));
        System.out.printf(
                "ocr documents:  n=%d mean=%.4f (Tesseract %s)%n",
                ocr.size(),
                mean(ocr),
                Files.isExecutable(Path.of("/usr/bin/tesseract")) ? "installed" : "not installed: OCR pages fail");
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(d -> d).average().orElse(0);
    }
}
