package dev.batch.tools.bench;

import dev.batch.client.ApiPaths;
import dev.batch.client.BatchApiClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The system's consumer lag while a benchmark runs: {@code batch_consumer_lag{group}} from the API's
 * {@code /metrics}, once a second (the system measures it at most every 5 s), by group: how many
 * records wait before the splitter, the workers, the aggregator. Which queue a job waits in.
 */
final class LagSampler implements AutoCloseable {
    private static final Pattern LINE = Pattern.compile("^batch_consumer_lag\\{group=\"([^\"]+)\".*} ([0-9.eE+-]+)$");

    private final BatchApiClient api;
    private final Map<String, List<Double>> samples = new TreeMap<>();
    private final ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lag-sampler");
        t.setDaemon(true);
        return t;
    });

    LagSampler(BatchApiClient api) {
        this.api = api;
        every.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        try {
            String text = api.get(ApiPaths.METRICS).raw();
            synchronized (samples) {
                for (String line : text.split("\n")) {
                    Matcher m = LINE.matcher(line.strip());
                    if (m.matches())
                        samples.computeIfAbsent(m.group(1), g -> new ArrayList<>())
                                .add(Double.parseDouble(m.group(2)));
                }
            }
        } catch (RuntimeException e) {
            // a missed sample: the others still tell
        }
    }

    /** Each group's median and highest lag over the samples, e.g. {@code worker-parse 2,310 / 4,120}. */
    String summary() {
        List<String> out = new ArrayList<>();
        synchronized (samples) {
            samples.forEach((group, values) -> {
                List<Double> s = new ArrayList<>(values);
                Collections.sort(s);
                out.add(String.format("%s %,.0f / %,.0f", group, s.get(s.size() / 2), s.get(s.size() - 1)));
            });
        }
        return out.isEmpty() ? "(no lag figures)" : String.join(", ", out);
    }

    @Override
    public void close() {
        every.shutdownNow();
    }
}
