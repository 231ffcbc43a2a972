package dev.batch.tools.bench;

import java.util.List;

/**
 * {@code scripts/bench-extract}: field extraction on the scanned receipts of the extraction set
 * ({@code extract/receipts/}, SROIE) with the schema of {@code bench/extract-receipts-schema.json}, written
 * in our own words (the judges' schema is worded otherwise): one extract batch job through the embedded
 * system ({@link ExtractBatch}). {@code --direct}: the built-in extractor in
 * this JVM, OCR included ({@link ExtractDev}). Scores: the total by value, the date by day, month and year,
 * company and address by normalised similarity of at least 0.8 ({@link ReceiptScore}).
 */
public final class ExtractBench {
    private ExtractBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--direct")) {
            System.exit(ExtractDev.run(List.of(args).subList(1, args.length)));
        }
        System.exit(ExtractBatch.run(List.of(args)));
    }
}
