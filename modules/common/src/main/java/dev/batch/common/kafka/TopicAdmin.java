package dev.batch.common.kafka;

import dev.batch.common.query.NotAvailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the registry's topics idempotently through the Admin API and checks the existing ones. */
public final class TopicAdmin {
    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

    private TopicAdmin() {}

    /**
     * Describes topics, waiting (bounded) while freshly created ones are not yet in the broker's
     * metadata: a create is acknowledged by the controller before every broker knows the topic.
     */
    private static Map<String, TopicDescription> describe(Admin admin, List<String> names, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline)
                    throw e;
                log.debug("Topics not yet visible (attempt {}), retrying", attempt);
                TimeUnit.MILLISECONDS.sleep(Math.min(1000, 50L * attempt));
            }
        }
    }

    public static void ensureTopics(Admin admin, Topics topics, short replicationFactor, Duration timeout) {
        List<NewTopic> wanted = new ArrayList<>();
        for (TopicSpec<?, ?> t : topics.all()) {
            Map<String, String> configs = new HashMap<>(t.configs());
            // Replicated, a write needs two copies: losing one broker loses nothing acknowledged.
            if (replicationFactor >= 3) configs.put("min.insync.replicas", "2");
            wanted.add(new NewTopic(t.name(), t.partitions(), replicationFactor).configs(configs));
        }
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing =
                    wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                Map<String, Throwable> failures = new HashMap<>();
                admin.createTopics(missing).values().forEach((name, f) -> {
                    try {
                        f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) failures.put(name, e.getCause());
                    } catch (InterruptedException | TimeoutException e) {
                        failures.put(name, e);
                    }
                });
                if (!failures.isEmpty()) {
                    throw new IllegalStateException("could not create topics " + failures);
                }
                log.info(
                        "Created topics {}",
                        missing.stream().map(NewTopic::name).toList());
            }
            Map<String, TopicDescription> described =
                    describe(admin, wanted.stream().map(NewTopic::name).toList(), timeout);
            for (TopicSpec<?, ?> t : topics.all()) {
                int actual = described.get(t.name()).partitions().size();
                if (actual != t.partitions()) {
                    // Co-partitioning of job-keyed topics depends on this; refuse to run on a mismatch.
                    throw new IllegalStateException("topic " + t.name() + " has " + actual + " partitions, expected "
                            + t.partitions() + " (BATCH_PARTITIONS); recreate it or set BATCH_PARTITIONS=" + actual);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka to create topics: " + e.getMessage(), e);
        }
    }

    /** A topic's end offset by partition; {@link NotAvailableException} when the cluster does not answer in 10 s. */
    public static Map<Integer, Long> endOffsets(Admin admin, String topic) {
        try {
            var partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions();
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            partitions.forEach(p -> ask.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<Integer, Long> out = new HashMap<>();
            admin.listOffsets(ask)
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .forEach((tp, info) -> out.put(tp.partition(), info.offset()));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new NotAvailableException("cannot read the end offsets of " + topic + ": " + e, e);
        }
    }
}
