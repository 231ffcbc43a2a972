package dev.batch.app.bench;

import dev.batch.app.BatchSystem;
import dev.batch.common.config.Config;
import dev.batch.worker.parse.DocumentParser;
import dev.batch.worker.parse.ParseOptions;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code scripts/bench-parse}: pages per minute over the text PDFs of the corpus (a) through the
 * whole pipeline on the embedded default (upload once, then batch jobs; the time from create to
 * completed) and (b) in a direct in-process loop over the same parser with the same number of
 * threads; both warmed up first, medians of the timed runs; then the ratio (a)/(b). Arguments:
 * runs (3), copies of the set per run (3), parse isolation in child JVMs (true).
 */
public final class ParseBench {
    private ParseBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String isolation = args.length > 2 ? args[2] : "true"; // false: parse in the worker's JVM, to see what isolation costs
        int threads = 2;
        List<CorpusFiles.Doc> docs = CorpusFiles.textPdfs();
        int pagesPerSet = docs.stream().mapToInt(CorpusFiles.Doc::pages).sum();
        System.out.printf("speed set: %d text PDFs, %d pages; %d copies per run = %d pages a run; %d threads%n",
                docs.size(), pagesPerSet, copies, pagesPerSet * copies, threads);

        // (b) direct loop over the same parser, in this JVM
        DocumentParser parser = new DocumentParser();
        List<Double> direct = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < docs.size() * copies) {
                        try (InputStream in = Files.newInputStream(docs.get(i % docs.size()).path())) {
                            parser.parse(in, docs.get(i % docs.size()).path().getFileName().toString(), ParseOptions.of("{}"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
            pool.shutdown();
            double ppm = pagesPerSet * copies * 60_000.0 / ((System.nanoTime() - t0) / 1e6);
            if (run > 0) direct.add(ppm); // run 0 warms up
            System.out.printf("direct   run %d: %8.0f pages/min%s%n", run, ppm, run == 0 ? " (warm-up)" : "");
        }

        // (a) the whole pipeline on the embedded default
        Path data = Files.createTempDirectory("bench-parse-");
        String key = "llx-bench";
        List<Double> pipeline = new ArrayList<>();
        try (BatchSystem system = BatchSystem.start(Config.of(Map.of("BATCH_DATA_DIR", data.toString(), "BATCH_HTTP_PORT", "0",
                "BATCH_API_KEY", key, "BATCH_KAFKA_PORT", "0", "BATCH_KAFKA_CONTROLLER_PORT", "0",
                "BATCH_PARSE_WORKERS", Integer.toString(threads), "BATCH_PARSE_ISOLATION", isolation)))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://localhost:" + system.httpPort() + "/api/v1/beta";
            List<String> ids = new ArrayList<>();
            for (int c = 0; c < copies; c++) {
                for (CorpusFiles.Doc d : docs) ids.add(upload(http, base, key, d.path()));
            }
            String items = "[\"" + String.join("\",\"", ids) + "\"]";
            for (int run = 0; run <= runs; run++) {
                long t0 = System.nanoTime();
                String created = send(http, HttpRequest.newBuilder(URI.create(base + "/batch-processing")).header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"item_ids\": " + items + "}")));
                String job = created.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                String status;
                do {
                    Thread.sleep(20); // the benchmark polls like a client; the figure includes at most this interval
                    status = send(http, HttpRequest.newBuilder(URI.create(base + "/batch-processing/" + job)).header("Authorization", "Bearer " + key).GET());
                } while (!status.contains("\"status\":\"completed\"") && !status.contains("\"status\":\"failed\""));
                double ppm = pagesPerSet * copies * 60_000.0 / ((System.nanoTime() - t0) / 1e6);
                if (run > 0) pipeline.add(ppm);
                System.out.printf("pipeline run %d: %8.0f pages/min%s%n", run, ppm, run == 0 ? " (warm-up)" : "");
            }
        }
        double a = median(pipeline);
        double b = median(direct);
        System.out.printf("%n(a) pipeline: %.0f pages/min   (b) direct: %.0f pages/min   ratio (a)/(b): %.2f%n", a, b, a / b);
    }

    private static String upload(HttpClient http, String base, String key, Path file) throws Exception {
        String boundary = "----bench" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file.getFileName()
                + "\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes();
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes();
        byte[] body = new byte[0];
        try (var out = new java.io.ByteArrayOutputStream()) {
            out.write(head);
            out.write(Files.readAllBytes(file));
            out.write(tail);
            body = out.toByteArray();
        }
        String r = send(http, HttpRequest.newBuilder(URI.create(base + "/files")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        return r.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    private static String send(HttpClient http, HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.isEmpty() ? 0 : s.get(s.size() / 2);
    }
}
