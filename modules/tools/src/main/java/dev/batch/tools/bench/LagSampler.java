package dev.batch.tools.bench;

import dev.batch.common.config.Config;
import dev.batch.common.kafka.ConsumerLag;
import dev.batch.common.kafka.KafkaSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * The system's consumer lag while a benchmark runs, once a second, by group: how many records wait
 * before the splitter, the workers, the aggregator, the webhook sink. Which queue a job waits in. It is
 * the system's own measure ({@link ConsumerLag}, what {@code batch_consumer_lag} reports), taken here
 * with an Admin client of its own every time, not the scrape's at most every 5 s.
 */
final class LagSampler implements AutoCloseable {
    private final Admin admin;
    private final ConsumerLag lag;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Map<String, List<Double>> samples = new TreeMap<>();
    private final ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lag-sampler");
        t.setDaemon(true);
        return t;
    });

    LagSampler(String bootstrap) {
        KafkaSettings kafka = KafkaSettings.from(Config.of(Map.of()), bootstrap);
        admin = Admin.create(kafka.admin());
        lag = new ConsumerLag(admin, kafka.topics(), meters, Duration.ZERO);
        every.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        lag.refresh();
        synchronized (samples) {
            for (Gauge g : meters.find("batch.consumer.lag").gauges())
                samples.computeIfAbsent(g.getId().getTag("group"), k -> new ArrayList<>())
                        .add(g.value());
        }
    }

    /** Each group's median and highest lag over the samples, e.g. {@code worker-parse 2,310 / 4,120 (12 samples)}. */
    String summary() {
        List<String> out = new ArrayList<>();
        synchronized (samples) {
            samples.forEach((group, values) -> {
                List<Double> s = new ArrayList<>(values);
                Collections.sort(s);
                out.add(String.format(
                        "%s %,.0f / %,.0f (%d samples)", group, s.get(s.size() / 2), s.get(s.size() - 1), s.size()));
            });
        }
        return out.isEmpty() ? "(no lag figures)" : String.join(", ", out);
    }

    @Override
    public void close() {
        every.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
