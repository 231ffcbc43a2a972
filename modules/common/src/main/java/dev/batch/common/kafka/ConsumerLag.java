package dev.batch.common.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code batch_consumer_lag{group}}: records not yet consumed by each of this deployment's consumer
 * groups (the workers, the splitter, the aggregator, the webhook sink), summed over partitions:
 * end offsets minus committed offsets, read through the Admin API. Measured at most every
 * {@code every} however often Prometheus scrapes ({@link #refresh()} runs before each scrape); a
 * group seen once keeps its gauge (0 when gone).
 */
public final class ConsumerLag {
    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    private final Admin admin;
    private final String prefix;
    private final MeterRegistry meters;
    private final long everyNanos;
    private final Map<String, Long> lags = new ConcurrentHashMap<>();
    private long measuredAt;

    public ConsumerLag(Admin admin, Topics topics, MeterRegistry meters, Duration every) {
        this.admin = admin;
        this.prefix = topics.applicationId("");
        this.meters = meters;
        this.everyNanos = every.toNanos();
        this.measuredAt = System.nanoTime() - everyNanos - 1; // the first refresh measures
    }

    /** Measures again when the last measurement is older than {@code every}. */
    public synchronized void refresh() {
        long now = System.nanoTime();
        if (now - measuredAt <= everyNanos) return;
        measuredAt = now;
        try {
            measure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("Could not measure consumer lag: {}", e.toString());
        }
    }

    private void measure() throws Exception {
        Map<String, Long> seen = new HashMap<>();
        for (ConsumerGroupListing g : admin.listConsumerGroups().all().get(5, TimeUnit.SECONDS)) {
            if (!g.groupId().startsWith(prefix)) continue;
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.groupId())
                    .partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            if (committed.isEmpty()) continue;
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            committed.keySet().forEach(tp -> ask.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(ask).all().get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> c : committed.entrySet()) {
                ListOffsetsResult.ListOffsetsResultInfo end = ends.get(c.getKey());
                if (end != null && c.getValue() != null)
                    lag += Math.max(0, end.offset() - c.getValue().offset());
            }
            seen.put(g.groupId().substring(prefix.length()), lag);
        }
        for (String group : Set.copyOf(lags.keySet())) {
            if (!seen.containsKey(group)) lags.put(group, 0L);
        }
        seen.forEach((group, lag) -> {
            if (lags.put(group, lag) == null) {
                Gauge.builder("batch.consumer.lag", lags, m -> m.getOrDefault(group, 0L))
                        .description("Records not yet consumed by the group, over all its partitions")
                        .tags("group", group)
                        .strongReference(true)
                        .register(meters);
            }
        });
    }
}
