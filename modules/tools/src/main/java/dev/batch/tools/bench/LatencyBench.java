package dev.batch.tools.bench;

import dev.batch.app.BatchSystem;
import dev.batch.client.ApiPaths;
import dev.batch.client.BatchApiClient;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/bench-latency [jobs] [seconds] [rate] [warm-up]}: on the embedded system, (1) one-item
 * jobs one after the other (100), from the POST that submits each to the GET that first shows it
 * {@code completed} (polled every 5 ms): median and p99; (2) an open-loop load at a fixed rate (500
 * requests/s) from a JVM of its own ({@link OpenLoad}: each request due on a schedule, its latency from
 * when it was due, so stalls are not hidden), on the no-op {@code GET /health/live} (the HTTP stack's own
 * floor on this host), on {@code POST} create (of a job over a cached item, so the load measures the API,
 * not the parser) and on the status {@code GET}; p50 and p99 of each, and the ratios of the POST's and
 * the GET's p99 to the no-op's. Each phase is measured once the server is warm under that load: 10 s
 * windows of the same load run until, after the warm-up time (20 s), one of them sees the server's JIT
 * compile for less than 5% of it ({@link JitWarmth}). The GET's phase starts once the system has
 * processed the jobs the POST's created (its JVM below a quarter of a core). Every answer must be 2xx, else
 * the run fails.
 * Last line: {@code e2e_median_ms=… post_p99_ms=… get_p99_ms=… noop_p99_ms=… post_ratio=… get_ratio=…}.
 */
public final class LatencyBench {
    private LatencyBench() {}

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        long warmUpNanos = (args.length > 3 ? Long.parseLong(args[3]) : 20) * 1_000_000_000L;
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
            String cached = "{\"job_config\": {}, \"item_ids\": [\"" + file + "\"]}";
            Phase phase = new Phase(key, rate, seconds, warmUpNanos);
            OpenLoad.Result noop = phase.measure("GET", base + ApiPaths.HEALTH_LIVE, null);
            OpenLoad.Result post = phase.measure("POST", base + ApiPaths.JOBS, cached);
            System.out.printf("after the POST load, the system worked off its jobs for %.1f s more%n", settle());
            OpenLoad.Result get = phase.measure("GET", base + ApiPaths.path(ApiPaths.JOB, job), null);
            System.out.printf(
                    "at %d requests/s: POST p99 %.2f ms = %.1f x the no-op's %.2f ms (target 4), GET p99 %.2f ms = %.1f x"
                            + " (target 2); one-item job median %.0f ms (target 500)%n",
                    rate,
                    post.p99(),
                    post.p99() / noop.p99(),
                    noop.p99(),
                    get.p99(),
                    get.p99() / noop.p99(),
                    pct(e2e, 50));
            figures = String.format(
                    "e2e_median_ms=%.0f post_p99_ms=%.2f get_p99_ms=%.2f noop_p99_ms=%.2f post_ratio=%.2f get_ratio=%.2f",
                    pct(e2e, 50), post.p99(), get.p99(), noop.p99(), post.p99() / noop.p99(), get.p99() / noop.p99());
        }
        System.out.println(figures); // last, after the shutdown's log lines
    }

    /**
     * Waits until this JVM (the system) uses less than a quarter of a core over a second (idle, it uses about a tenth), at most five
     * minutes: the jobs the POST load created are processed, so the GET's figures are of the GET.
     * Returns the seconds waited.
     */
    private static double settle() throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long t0 = System.nanoTime();
        long cpu = os.getProcessCpuTime();
        long at = t0;
        while (System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(5)) {
            Thread.sleep(1000); // sampling the process's CPU time once a second
            long cpuNow = os.getProcessCpuTime();
            long now = System.nanoTime();
            boolean quiet = (cpuNow - cpu) < (now - at) / 4;
            cpu = cpuNow;
            at = now;
            if (quiet) break;
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double endToEnd(BatchApiClient api, String body) throws Exception {
        long t0 = System.nanoTime();
        String job = api.createJob(body);
        String status = ApiPaths.path(ApiPaths.JOB, job);
        while (true) {
            String s = api.get(status).path("job").path("status").asText();
            if (s.equals("completed")) break;
            if (s.equals("failed") || s.equals("cancelled")) throw new IllegalStateException("job " + job + " " + s);
            Thread.sleep(5); // a client polling hard; the figure includes at most this interval
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /** One route under the open-loop load: warmed until the server's JIT is quiet, then measured. */
    private record Phase(String key, int rate, int seconds, long warmUpNanos) {
        OpenLoad.Result measure(String method, String url, String body) throws Exception {
            JitWarmth warmth = new JitWarmth(warmUpNanos);
            while (!warmth.warm()) {
                long t0 = System.nanoTime();
                OpenLoad.Result w = OpenLoad.run(method, url, key, body, rate, 2, 10);
                warmth.ran((System.nanoTime() - t0) / 1e9);
                System.out.printf(
                        "warm-up %s %s: %s, JIT %.0f%% of the window%n",
                        method, URI.create(url).getPath(), w, warmth.lastJitShare() * 100);
            }
            long t0 = System.nanoTime();
            OpenLoad.Result r = OpenLoad.run(method, url, key, body, rate, 2, seconds);
            warmth.ran((System.nanoTime() - t0) / 1e9);
            System.out.printf(
                    "measured %s %s: %s; JIT %.0f%% of the run%n",
                    method, URI.create(url).getPath(), r, warmth.lastJitShare() * 100);
            if (r.non2xx() > 0 || r.errors() > 0)
                throw new IllegalStateException(method + " " + url + ": not every answer was 2xx: " + r);
            return r;
        }
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * p / 100.0) - 1));
    }
}
