package dev.batch.worker;

import dev.batch.common.kafka.DeadLetters;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
import dev.batch.common.lifecycle.Service;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.events.ProcessingResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer loop over a task topic, processing each task and writing its {@link ItemResult} in
 * a Kafka transaction together with the consumed offsets (read-process-write, exactly once): a
 * worker killed mid-batch leaves no result behind, and its tasks are processed again by whoever
 * takes the partition. An undecodable task goes to the dead-letter topic in the same transaction.
 *
 * <p>Infrastructure errors are retriable (abort, rewind to the committed offsets, back off, try
 * again, at most {@link #MAX_CONSECUTIVE_FAILURES} times in a row) or fatal (fenced, not
 * authorised): then the worker stops and reports not ready.
 */
public final class TaskWorker implements Service {
    private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);
    static final int MAX_CONSECUTIVE_FAILURES = 10;

    private final String name;
    private final KafkaSettings kafka;
    private final TopicSpec<String, ItemTask> tasks;
    private final TopicSpec<String, ItemTask> urgent;
    private final TaskProcessor processor;
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicBoolean running = new AtomicBoolean();
    private final CountDownLatch exited = new CountDownLatch(1);
    private final CountDownLatch stopSignal = new CountDownLatch(1); // lets back-off waits end early on stop
    private volatile boolean healthy;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile KafkaConsumer<String, byte[]> urgentConsumer;
    private volatile KafkaProducer<byte[], byte[]> progress;
    private Thread thread;

    /** A worker over a task topic and its urgent lane, which it drains first. */
    public TaskWorker(String name, KafkaSettings kafka, TopicSpec<String, ItemTask> tasks, TopicSpec<String, ItemTask> urgent,
                      TaskProcessor processor) {
        this.name = name;
        this.kafka = kafka;
        this.tasks = tasks;
        this.urgent = urgent;
        this.processor = processor;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        Topics topics = kafka.topics();
        String group = topics.applicationId("worker-" + tasks.name().substring(tasks.name().lastIndexOf('.') + 1));
        consumer = consumer(group, "");
        // The urgent lane has its own consumer (and group), so tasks already fetched from the normal
        // lane never queue in front of urgent ones.
        urgentConsumer = consumer(group + "-urgent", "-urgent");
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                kafka.transactionalProducer(name + "-" + instanceId, group + "-" + name + "-" + instanceId),
                new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        // "processing" notices go outside the transaction, so they are visible while the item runs;
        // they are advisory (a crash leaves the item to be processed again, and the aggregator
        // ignores a notice that arrives after the item's result).
        progress = new KafkaProducer<>(kafka.producer(name + "-" + instanceId + "-progress"), new ByteArraySerializer(), new ByteArraySerializer());
        consumer.subscribe(List.of(tasks.name()));
        urgentConsumer.subscribe(List.of(urgent.name()));
        running.set(true);
        healthy = true;
        thread = new Thread(() -> loop(consumer, urgentConsumer, producer), name);
        thread.start();
    }

    private KafkaConsumer<String, byte[]> consumer(String group, String suffix) {
        Map<String, Object> cc = kafka.transactionalConsumer(group, name + "-" + instanceId + suffix);
        // Few records per poll: each is a whole document; the transaction commits after each poll.
        cc.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4);
        return new KafkaConsumer<>(cc, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void loop(KafkaConsumer<String, byte[]> normal, KafkaConsumer<String, byte[]> urgentLane, KafkaProducer<byte[], byte[]> producer) {
        int failures = 0;
        try {
            while (running.get()) {
                ConsumerRecords<String, byte[]> records;
                KafkaConsumer<String, byte[]> consumer;
                try {
                    records = urgentLane.poll(Duration.ZERO);
                    if (!records.isEmpty()) {
                        consumer = urgentLane;
                        // Keep the normal lane's membership alive without taking its records.
                        normal.pause(normal.assignment());
                        normal.poll(Duration.ZERO);
                    } else {
                        consumer = normal;
                        normal.resume(normal.paused());
                        records = normal.poll(Duration.ofMillis(200));
                    }
                } catch (WakeupException e) {
                    break;
                }
                if (records.isEmpty()) continue;
                announce(records);
                try {
                    producer.beginTransaction();
                    for (ConsumerRecord<String, byte[]> r : records) {
                        handle(r, producer);
                    }
                    producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
                    producer.commitTransaction();
                    failures = 0;
                } catch (ProducerFencedException | InvalidProducerEpochException | AuthorizationException e) {
                    log.error("{}: fatal Kafka error; stopping this worker", name, e);
                    break;
                } catch (WakeupException e) {
                    abortQuietly(producer);
                    break;
                } catch (KafkaException | InterruptedException e) {
                    failures++;
                    abortQuietly(producer);
                    if (failures > MAX_CONSECUTIVE_FAILURES || e instanceof InterruptedException) {
                        log.error("{}: {} failures in a row; stopping this worker", name, failures, e);
                        break;
                    }
                    long backoff = Math.min(30_000, 200L << Math.min(failures, 8));
                    log.warn("{}: batch failed (retry {} of {}), rewinding and retrying in {} ms: {}",
                            name, failures, MAX_CONSECUTIVE_FAILURES, backoff, e.toString());
                    rewind(consumer, records.partitions());
                    if (!running.get() || stopSignal.await(backoff, TimeUnit.MILLISECONDS)) break;
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("{}: unexpected failure; stopping this worker", name, e);
        } finally {
            healthy = false;
            closeQuietly(urgentLane, producer);
            closeQuietly(normal, progress);
            exited.countDown();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r, KafkaProducer<byte[], byte[]> producer) throws InterruptedException {
        Topics topics = kafka.topics();
        ItemTask task;
        try {
            task = tasks.valueSerde().deserializer().deserialize(r.topic(), r.value());
            if (task == null) throw new IllegalArgumentException("task record has no value");
        } catch (RuntimeException e) {
            log.warn("{}: undecodable task at {}-{}@{}; sent to dead letters: {}", name, r.topic(), r.partition(), r.offset(), e.toString());
            producer.send(DeadLetters.of(topics, name, r.topic(), r.partition(), r.offset(),
                    r.key() == null ? null : r.key().getBytes(java.nio.charset.StandardCharsets.UTF_8), r.value(), e));
            return;
        }
        ItemResult result = processWithRetries(task);
        producer.send(new ProducerRecord<>(topics.itemResults.name(),
                topics.itemResults.keySerde().serializer().serialize(topics.itemResults.name(), task.getJobId()),
                topics.itemResults.valueSerde().serializer().serialize(topics.itemResults.name(), result)));
        if (result.getStatus() == ItemState.completed && result.getContentHash() != null && result.getOutputLocation() != null) {
            ProcessingResult lineage = ItemPipeline.lineage(task, result);
            String topic = topics.processingResults.name();
            producer.send(new ProducerRecord<>(topic,
                    topics.processingResults.keySerde().serializer().serialize(topic, lineage.getContentHash() + ":" + lineage.getParametersHash()),
                    topics.processingResults.valueSerde().serializer().serialize(topic, lineage)));
        }
    }

    /** Tells the aggregator these items are being processed (best effort). */
    private void announce(ConsumerRecords<String, byte[]> records) {
        Topics topics = kafka.topics();
        String topic = topics.itemResults.name();
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                ItemTask task = tasks.valueSerde().deserializer().deserialize(r.topic(), r.value());
                if (task == null) continue;
                ItemResult notice = ItemResult.newBuilder().setJobId(task.getJobId()).setItemId(task.getItemId())
                        .setFileId(task.getFileId()).setItemName(task.getItemName()).setStatus(ItemState.processing)
                        .setAttempt(task.getAttempt()).setWorkerId(name + "-" + instanceId).setStartedAt(Instant.now())
                        .setFinishedAt(Instant.now()).build();
                progress.send(new ProducerRecord<>(topic, topics.itemResults.keySerde().serializer().serialize(topic, task.getJobId()),
                        topics.itemResults.valueSerde().serializer().serialize(topic, notice)));
            } catch (RuntimeException e) {
                log.debug("{}: no processing notice for {}-{}@{}: {}", name, r.topic(), r.partition(), r.offset(), e.toString());
            }
        }
    }

    /** Processes a task; an infrastructure fault is retried a few times, then the item fails with it. */
    private ItemResult processWithRetries(ItemTask task) throws InterruptedException {
        Instant started = Instant.now();
        Exception last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                ItemResult result = processor.process(task);
                if (result.getWorkerId() == null) result.setWorkerId(name + "-" + instanceId);
                return result;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
                log.warn("{}: item {} of job {} hit {} (attempt {} of 3)", name, task.getItemId(), task.getJobId(), e.toString(), attempt);
                if (stopSignal.await(250L * attempt, TimeUnit.MILLISECONDS)) break;
            }
        }
        return ItemResult.newBuilder()
                .setJobId(task.getJobId())
                .setItemId(task.getItemId())
                .setFileId(task.getFileId())
                .setStatus(ItemState.failed)
                .setErrorCode("INTERNAL_ERROR")
                .setErrorMessage("processing failed after 3 attempts: " + last)
                .setParametersHash(task.getConfigHash())
                .setAttempt(task.getAttempt())
                .setWorkerId(name + "-" + instanceId)
                .setStartedAt(started)
                .setFinishedAt(Instant.now())
                .build();
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> rs = records.records(tp);
            out.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
        }
        return out;
    }

    /** After an aborted transaction, go back to the last committed offsets so nothing is skipped. */
    private void rewind(KafkaConsumer<String, byte[]> consumer, Set<TopicPartition> partitions) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
            for (TopicPartition tp : partitions) {
                if (!consumer.assignment().contains(tp)) continue;
                OffsetAndMetadata o = committed.get(tp);
                if (o != null) consumer.seek(tp, o.offset());
                else consumer.seekToBeginning(List.of(tp));
            }
        } catch (KafkaException e) {
            log.warn("{}: could not rewind {}; the next rebalance will: {}", name, partitions, e.toString());
        }
    }

    private void abortQuietly(KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            log.debug("{}: abort failed: {}", name, e.toString());
        }
    }

    private void closeQuietly(KafkaConsumer<String, byte[]> consumer, KafkaProducer<byte[], byte[]> producer) {
        try {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            log.debug("{}: consumer close failed: {}", name, e.toString());
        }
        try {
            if (producer != null) producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.debug("{}: producer close failed: {}", name, e.toString());
        }
    }

    @Override
    public boolean ready() {
        return healthy;
    }

    @Override
    public void stop() {
        if (!running.getAndSet(false)) return;
        stopSignal.countDown();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) c.wakeup();
        KafkaConsumer<String, byte[]> u = urgentConsumer;
        if (u != null) u.wakeup();
        try {
            if (!exited.await(30, TimeUnit.SECONDS)) {
                log.warn("{}: loop did not exit within 30 s; interrupting", name);
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
