package dev.batch.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.app.BatchSystem;
import dev.batch.client.BatchApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code scripts/bench-classify}: the classify corpus as one classify batch job through the whole
 * embedded system, once per mode ({@code FAST}, {@code MULTIMODAL}), with the rules a user would
 * write for its ten types ({@code bench/classify-rules.json}, never tuned to single files). Prints
 * accuracy, macro-F1, the confusion matrix, the mean confidence of right and of wrong answers, and
 * pages classified per minute.
 */
public final class ClassifyBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClassifyBench() {}

    public static void main(String[] args) throws Exception {
        Path root = CorpusFiles.root();
        Map<String, String> labelOf = new LinkedHashMap<>();
        for (String line : Files.readAllLines(root.resolve("classify/MANIFEST.tsv"))) {
            String[] f = line.split("\t", -1);
            if (f.length > 1 && !f[0].equals("path")) labelOf.put(f[0], f[1]);
        }
        String rules = Files.readString(Path.of("bench/classify-rules.json"));
        Path data = BenchSystem.scratch("bench-classify-");
        String key = "llx-bench";
        System.out.printf(
                "classify corpus: %d documents, %d labels; %s%n",
                labelOf.size(), new TreeSet<>(labelOf.values()).size(), Machine.describe());
        StringBuilder last = new StringBuilder();
        try (BatchSystem system =
                BenchSystem.start(data, key, "BATCH_PARSE_WORKERS", "0", "BATCH_CLASSIFY_WORKERS", "3")) {
            BatchApiClient api = new BatchApiClient("http://localhost:" + system.httpPort(), key);
            Map<String, String> fileToPath = new LinkedHashMap<>();
            for (String p : labelOf.keySet()) fileToPath.put(api.uploadFile(root.resolve(p)), p);
            for (String mode : List.of("FAST", "MULTIMODAL")) {
                long t0 = System.nanoTime();
                String job = api.createClassifyJob("{\"file_ids\": " + JSON.writeValueAsString(fileToPath.keySet())
                        + ", \"rules\": " + rules + ", \"mode\": \"" + mode + "\"}");
                JsonNode status;
                do {
                    Thread.sleep(200); // polls like a client
                    status = api.classifyJob(job);
                } while (status.get("status").asText().equals("PENDING"));
                double seconds = (System.nanoTime() - t0) / 1e9;
                JsonNode results = api.classifyResults(job, "page_size", 1000);
                List<String> truth = new ArrayList<>();
                List<String> guess = new ArrayList<>();
                List<Double> confidence = new ArrayList<>();
                int pages = 0;
                for (JsonNode r : results.get("items")) {
                    String path = fileToPath.get(r.get("file_id").asText());
                    truth.add(labelOf.get(path));
                    JsonNode result = r.get("result");
                    guess.add(
                            result.get("type").isNull()
                                    ? "null"
                                    : result.get("type").asText());
                    confidence.add(result.get("confidence").asDouble());
                    pages += JSON.readTree(api.itemResult(r.get("file_id").asText(), "format", "json"))
                            .path("pages_read")
                            .asInt();
                }
                last.append(report(mode, truth, guess, confidence, labelOf.size(), pages, seconds));
            }
        }
        System.out.print(last);
    }

    private static String report(
            String mode,
            List<String> truth,
            List<String> guess,
            List<Double> confidence,
            int total,
            int pages,
            double seconds) {
        StringBuilder out = new StringBuilder();
        TreeSet<String> labels = new TreeSet<>(truth);
        int right = 0;
        double confRight = 0;
        double confWrong = 0;
        for (int i = 0; i < truth.size(); i++) {
            if (truth.get(i).equals(guess.get(i))) {
                right++;
                confRight += confidence.get(i);
            } else {
                confWrong += confidence.get(i);
            }
        }
        int wrong = truth.size() - right;
        double f1Sum = 0;
        out.append(String.format(
                "%n== %s: %d of %d documents answered in %.1f s ==%n", mode, truth.size(), total, seconds));
        out.append(String.format("%-17s", "truth \\ answer"));
        List<String> columns = new ArrayList<>(labels);
        columns.add("null");
        for (String c : columns) out.append(String.format("%6.5s", c));
        out.append('\n');
        for (String l : labels) {
            out.append(String.format("%-17s", l));
            for (String c : columns) {
                int n = 0;
                for (int i = 0; i < truth.size(); i++)
                    if (truth.get(i).equals(l) && guess.get(i).equals(c)) n++;
                out.append(String.format("%6d", n));
            }
            out.append('\n');
            f1Sum += f1(truth, guess, l);
        }
        double accuracy = right / (double) total;
        double macroF1 = f1Sum / labels.size();
        out.append(String.format(
                "mean confidence: right %.2f, wrong %.2f%n",
                right == 0 ? 0 : confRight / right, wrong == 0 ? 0 : confWrong / wrong));
        out.append(String.format(
                "mode=%s accuracy=%.3f macro_f1=%.3f pages=%d pages_per_min=%.0f%n",
                mode, accuracy, macroF1, pages, pages * 60 / seconds));
        return out.toString();
    }

    /** The F1 score of the answers for one label. */
    private static double f1(List<String> truth, List<String> guess, String label) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < truth.size(); i++) {
            boolean t = truth.get(i).equals(label);
            boolean g = guess.get(i).equals(label);
            if (t && g) tp++;
            else if (g) fp++;
            else if (t) fn++;
        }
        double p = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
        double r = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
