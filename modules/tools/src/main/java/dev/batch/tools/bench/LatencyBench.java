package dev.batch.tools.bench;

import dev.batch.app.BatchSystem;
import dev.batch.client.ApiPaths;
import dev.batch.client.BatchApiClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code scripts/bench-latency [jobs] [seconds]}: on the embedded system, (1) one-item jobs one
 * after the other (100), from the POST that submits each to the GET that first shows it
 * {@code completed} (polled every 5 ms): median and p99; (2) {@code wrk} from a second process,
 * paced to about 500 requests/s (16 connections, each waiting 32 ms between requests), first on
 * {@code POST} create, then on the status {@code GET}: p50 and p99 as wrk reports them. Each wrk
 * phase is measured once the system is warm under that load: 10 s windows of the same load run
 * until, after the warm-up time (20 s), one of them sees the JIT compile for less than 5% of it
 * ({@link JitWarmth}); their figures are printed, not counted. Arguments: jobs (100), seconds per
 * measured wrk phase (20), warm-up seconds (20). Last line:
 * {@code e2e_median_ms=… e2e_p99_ms=… post_p50_ms=… post_p99_ms=… get_p50_ms=… get_p99_ms=…}.
 */
public final class LatencyBench {
    private static final Pattern PERCENTILE =
            Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

    private LatencyBench() {}

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long warmUpNanos = (args.length > 2 ? Long.parseLong(args[2]) : 20) * 1_000_000_000L;
        Path data = BenchSystem.scratch("bench-latency-");
        String key = "llx-bench";
        String figures;
        try (BatchSystem system = BenchSystem.start(data, key)) {
            String base = "http://localhost:" + system.httpPort();
            BatchApiClient api = new BatchApiClient(base, key);
            String file = api.uploadFile("one.txt", "One small item, end to end.\n".getBytes(StandardCharsets.UTF_8));
            String body =
                    "{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"item_ids\": [\"" + file + "\"]}";
            // Warm-up: the JIT and the parser JVMs, so the figures are of a running system.
            for (int i = 0; i < 20; i++) endToEnd(api, body);
            List<Double> e2e = new ArrayList<>();
            for (int i = 0; i < jobs; i++) e2e.add(endToEnd(api, body));
            Collections.sort(e2e);
            System.out.printf(
                    "end to end over %d one-item jobs: median %.0f ms, p99 %.0f ms, max %.0f ms; %s%n",
                    jobs, pct(e2e, 50), pct(e2e, 99), e2e.get(e2e.size() - 1), Machine.describe());
            String job = api.createJob(body);
            // Under load the POSTs ask for a cached item, so the load measures the API, not the parser.
            String cached = "{\"job_config\": {}, \"item_ids\": [\"" + file + "\"]}";
            double[] post = warmThenWrk(base + ApiPaths.JOBS, "POST", cached, key, seconds, warmUpNanos);
            double[] get = warmThenWrk(base + ApiPaths.path(ApiPaths.JOB, job), "GET", null, key, seconds, warmUpNanos);
            figures = String.format(
                    "e2e_median_ms=%.0f e2e_p99_ms=%.0f post_p50_ms=%.2f post_p99_ms=%.2f get_p50_ms=%.2f get_p99_ms=%.2f",
                    pct(e2e, 50), pct(e2e, 99), post[0], post[1], get[0], get[1]);
        }
        System.out.println(figures); // last, after the shutdown's log lines
    }

    private static double endToEnd(BatchApiClient api, String body) throws Exception {
        long t0 = System.nanoTime();
        String job = api.createJob(body);
        String status = ApiPaths.path(ApiPaths.JOB, job);
        while (true) {
            String s = api.get(status).path("job").path("status").asText();
            if (s.equals("completed") || s.equals("failed")) break;
            Thread.sleep(5); // a client polling hard; the figure includes at most this interval
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * The same load in 10 s windows until the JIT is quiet (the first {@code POST}s under load meet
     * code the sequential jobs never ran: in a profile of the first 10 s, C2 had a third of the
     * system JVM's CPU), then the measured run.
     */
    private static double[] warmThenWrk(
            String url, String method, String body, String key, int seconds, long warmUpNanos) throws Exception {
        Path script = Files.createTempFile("wrk-", ".lua");
        script.toFile().deleteOnExit();
        Files.writeString(
                script,
                "wrk.method = \"" + method + "\"\n"
                        + "wrk.headers[\"Authorization\"] = \"Bearer " + key + "\"\n"
                        + (body == null
                                ? ""
                                : "wrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = '" + body + "'\n")
                        + "function delay() return 32 end\n");
        JitWarmth warmth = new JitWarmth(warmUpNanos);
        while (!warmth.warm()) {
            long t0 = System.nanoTime();
            double[] w = wrk(url, method, script, 10, false);
            warmth.ran((System.nanoTime() - t0) / 1e9);
            System.out.printf(
                    "warm-up %s: p50 %.2f ms, p99 %.2f ms, JIT %.0f%% of the window%n",
                    method, w[0], w[1], warmth.lastJitShare() * 100);
        }
        long t0 = System.nanoTime();
        double[] r = wrk(url, method, script, seconds, true);
        warmth.ran((System.nanoTime() - t0) / 1e9);
        System.out.printf("measured %s: JIT %.0f%% of the run%n", method, warmth.lastJitShare() * 100);
        return r;
    }

    /** Runs wrk with {@code script} (paced to about 500 requests/s); returns {p50, p99} in ms. */
    private static double[] wrk(String url, String method, Path script, int seconds, boolean print) throws Exception {
        Process p = new ProcessBuilder(
                        "wrk", "-t2", "-c16", "-d" + seconds + "s", "--latency", "-s", script.toString(), url)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("wrk failed: " + out);
        if (print) System.out.println("wrk " + method + " " + url + "\n" + out);
        double[] r = new double[2];
        Matcher m = PERCENTILE.matcher(out);
        while (m.find()) {
            double v = Double.parseDouble(m.group(2));
            double ms = switch (m.group(3)) {
                case "us" -> v / 1000;
                case "s" -> v * 1000;
                default -> v;
            };
            r[m.group(1).equals("50") ? 0 : 1] = ms;
        }
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
        if (non2xx.find()) System.out.println("  (" + non2xx.group(1) + " answers were not 2xx)");
        return r;
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * p / 100.0) - 1));
    }
}
