package dev.batch.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.worker.extract.ExtractDocument;
import dev.batch.worker.extract.ExtractInput;
import dev.batch.worker.extract.Extractor;
import dev.batch.worker.parse.DocumentParser;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code scripts/bench-extract --direct [--schema FILE] [name...]}: the built-in extractor in this JVM on every receipt, one
 * thread per core, OCR included; prints each miss (document, field, expected, got), per-field accuracy, the
 * mean, documents per minute and the closing line. With names, only those receipts, and their lines as read.
 * {@code --schema}: another wording of the schema; each field names the truth it answers in {@code x-truth}.
 */
final class ExtractDev {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> KEYS = List.of("total", "date", "company", "address");

    private ExtractDev() {}

    /** One receipt's ground truth and stored result (null with an error when it failed), and its text as read. */
    record Outcome(String name, JsonNode truth, JsonNode result, String text, String error) {}

    static int run(List<String> args) throws Exception {
        int at = args.indexOf("--schema");
        Path schemaFile = Path.of(at >= 0 ? args.get(at + 1) : "bench/extract-receipts-schema.json");
        List<String> names = new ArrayList<>(args);
        if (at >= 0) names.subList(at, at + 2).clear();
        JsonNode schema = JSON.readTree(Files.readString(schemaFile));
        Map<String, String> field = fields(schema);
        ObjectNode config = JSON.createObjectNode();
        config.set("data_schema", schema);
        List<Path> receipts = new ArrayList<>();
        for (Path p : CorpusFiles.receipts()) {
            if (names.isEmpty() || names.contains(p.getFileName().toString().replace(".jpg", ""))) receipts.add(p);
        }
        DocumentParser parser = new DocumentParser();
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Path p : receipts) futures.add(pool.submit(() -> one(p, config, parser)));
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) outcomes.add(f.get());
        double minutes = (System.nanoTime() - t0) / 60e9;
        pool.shutdown();
        return report(outcomes, field, minutes, threads, !names.isEmpty());
    }

    /** Ground-truth key → schema field: each field names the truth it answers ({@code x-truth}), so any wording can be scored. */
    static Map<String, String> fields(JsonNode schema) {
        Map<String, String> field = new LinkedHashMap<>();
        schema.path("properties")
                .fields()
                .forEachRemaining(e -> field.put(e.getValue().path("x-truth").asText(), e.getKey()));
        return field;
    }

    private static Outcome one(Path receipt, JsonNode config, DocumentParser parser) {
        String name = receipt.getFileName().toString().replace(".jpg", "");
        try {
            JsonNode truth =
                    JSON.readTree(Files.readString(receipt.resolveSibling(receipt.getFileName() + ".gt.json")));
            ExtractDocument doc =
                    ExtractInput.read(receipt, receipt.getFileName().toString(), List.of("en"), parser);
            return new Outcome(name, truth, Extractor.extract(doc, config), doc.text(), null);
        } catch (Exception e) {
            return new Outcome(name, null, null, "", e.toString());
        }
    }

    static int report(
            List<Outcome> outcomes, Map<String, String> field, double minutes, int threads, boolean showText) {
        Map<String, int[]> score = new LinkedHashMap<>();
        for (String k : KEYS) score.put(k, new int[2]);
        int failed = 0;
        for (Outcome o : outcomes) {
            if (o.error() != null) {
                System.out.println("FAILED " + o.name() + ": " + o.error());
                failed++;
                continue;
            }
            JsonNode result = o.result().path("extract_result");
            for (String k : KEYS) {
                String expected = o.truth().path(k).asText("");
                JsonNode got = field.containsKey(k) ? result.get(field.get(k)) : null;
                Boolean right = right(k, expected, got);
                if (right == null) continue;
                score.get(k)[1]++;
                if (right) score.get(k)[0]++;
                else System.out.printf("miss %s %-8s expected %-40s got %s%n", o.name(), k, "'" + expected + "'", got);
            }
            if (showText)
                System.out.println(
                        "--- " + o.name() + "\n" + o.text() + "\n" + o.result().toPrettyString());
        }
        double mean = 0;
        StringBuilder last = new StringBuilder();
        for (String k : KEYS) {
            int[] s = score.get(k);
            double acc = s[1] == 0 ? 0 : (double) s[0] / s[1];
            mean += acc / KEYS.size();
            System.out.printf("%-8s %.3f (%d/%d)%n", k, acc, s[0], s[1]);
            last.append(' ').append(k).append('=').append(String.format("%.3f", acc));
        }
        double perMinute = outcomes.size() / minutes;
        System.out.printf(
                "%d receipts, %d failed, in %.1f s on %d threads (%s): %.1f receipts/min%n",
                outcomes.size(), failed, minutes * 60, threads, Machine.describe(), perMinute);
        System.out.printf("fields_accuracy=%.3f%s docs_per_min=%.1f%n", mean, last, perMinute);
        return failed == 0 ? 0 : 1;
    }

    /** Whether a field is right; null when the truth has no value to compare with. */
    private static Boolean right(String key, String expected, JsonNode got) {
        switch (key) {
            case "total" -> {
                BigDecimal truth = ReceiptScore.amount(expected);
                return truth == null ? null : ReceiptScore.totalMatches(truth, got);
            }
            case "date" -> {
                LocalDate truth = ReceiptScore.date(expected);
                return truth == null ? null : ReceiptScore.dateMatches(truth, got);
            }
            default -> {
                return expected.isBlank() ? null : ReceiptScore.similar(expected, got);
            }
        }
    }
}
