package dev.batch.worker;

import dev.batch.common.kafka.DeadLetters;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Trace;
import dev.batch.common.lifecycle.Service;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.events.ProcessingResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
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
 * One consumer loop over a task topic and its urgent lane, writing each task's {@link ItemResult}
 * in a Kafka transaction together with the consumed offsets (read-process-write, exactly once): a
 * worker killed mid-way leaves no result behind, and its tasks are processed again by whoever takes
 * the partition. An undecodable task goes to the dead-letter topic in the same way.
 *
 * <p>Items run on a processing thread of their own while this loop keeps the consumers alive and
 * commits what is finished. Finished results are committed together, a transaction at most every
 * {@link Tuning#transactionSpan()} (sooner when nothing else waits), and the transaction is only
 * open for the moment of the commit: a document that takes an hour neither holds back the results
 * finished before it, nor outlives a transaction timeout or the consumer's poll interval.
 *
 * <p>Infrastructure errors are retriable (abort, rewind to the committed offsets, back off, try
 * again, at most {@link #MAX_CONSECUTIVE_FAILURES} times in a row) or fatal (fenced, not
 * authorised): then the worker stops and reports not ready.
 */
public final class TaskWorker implements Service {
    private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);
    static final int MAX_CONSECUTIVE_FAILURES = 10;
    /** How often the loop looks up from a running item to commit and to keep its group membership. */
    private static final Duration TICK = Duration.ofMillis(50);

    /**
     * How the loop batches: finished results wait at most {@code transactionSpan} for company
     * before they are committed; an item still running after {@code noticeAfter} is announced as
     * {@code processing} (shorter items go straight to their result).
     */
    public record Tuning(Duration transactionSpan, Duration noticeAfter) {
        public static final Tuning DEFAULT = new Tuning(Duration.ofMillis(250), Duration.ofMillis(200));
    }

    private final String name;
    private final KafkaSettings kafka;
    private final TopicSpec<String, ItemTask> tasks;
    private final TopicSpec<String, ItemTask> urgent;
    private final TaskProcessor processor;
    private final Tuning tuning;
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicBoolean running = new AtomicBoolean();
    private final CountDownLatch exited = new CountDownLatch(1);
    private final CountDownLatch stopSignal = new CountDownLatch(1); // lets back-off waits end early on stop
    private volatile boolean healthy;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile KafkaConsumer<String, byte[]> urgentConsumer;
    private volatile KafkaProducer<byte[], byte[]> progress;
    private Thread thread;
    private ExecutorService processing;
    private ScheduledExecutorService notices;

    // Loop state, touched only by the loop thread (rebalance callbacks run inside its polls).
    private KafkaProducer<byte[], byte[]> producer;
    private final List<Finished> pending = new ArrayList<>();
    private KafkaConsumer<String, byte[]> pendingLane;
    private long pendingSince;
    /** Partitions whose position moved under the current batch (revoked, lost, rewound): their in-flight results are dropped. */
    private final Set<TopicPartition> invalidated = new HashSet<>();

    /** A task that is done: what to write, and the offset it consumed. */
    private record Finished(TopicPartition partition, long offset, List<ProducerRecord<byte[], byte[]>> output) {}

    /** A worker over a task topic and its urgent lane, which it drains first. */
    public TaskWorker(String name, KafkaSettings kafka, TopicSpec<String, ItemTask> tasks, TopicSpec<String, ItemTask> urgent,
                      TaskProcessor processor) {
        this(name, kafka, tasks, urgent, processor, Tuning.DEFAULT);
    }

    public TaskWorker(String name, KafkaSettings kafka, TopicSpec<String, ItemTask> tasks, TopicSpec<String, ItemTask> urgent,
                      TaskProcessor processor, Tuning tuning) {
        this.name = name;
        this.kafka = kafka;
        this.tasks = tasks;
        this.urgent = urgent;
        this.processor = processor;
        this.tuning = tuning;
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
        producer = new KafkaProducer<>(
                kafka.transactionalProducer(name + "-" + instanceId, group + "-" + name + "-" + instanceId),
                new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        // "processing" notices go outside the transaction, so they are visible while the item runs;
        // they are advisory (a crash leaves the item to be processed again, and the aggregator
        // ignores a notice that arrives after the item's result).
        progress = new KafkaProducer<>(kafka.producer(name + "-" + instanceId + "-progress"), new ByteArraySerializer(), new ByteArraySerializer());
        processing = Executors.newSingleThreadExecutor(daemon(name + "-processing"));
        notices = Executors.newSingleThreadScheduledExecutor(daemon(name + "-notices"));
        consumer.subscribe(List.of(tasks.name()), new Rebalance(consumer));
        urgentConsumer.subscribe(List.of(urgent.name()), new Rebalance(urgentConsumer));
        running.set(true);
        healthy = true;
        thread = new Thread(() -> loop(consumer, urgentConsumer), name);
        thread.start();
    }

    private static java.util.concurrent.ThreadFactory daemon(String threadName) {
        return r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        };
    }

    private KafkaConsumer<String, byte[]> consumer(String group, String suffix) {
        Map<String, Object> cc = kafka.transactionalConsumer(group, name + "-" + instanceId + suffix);
        // Few records per poll: each is a whole document, and what is fetched but not started could
        // have gone to an idle worker.
        cc.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4);
        return new KafkaConsumer<>(cc, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void loop(KafkaConsumer<String, byte[]> normal, KafkaConsumer<String, byte[]> urgentLane) {
        int failures = 0;
        try {
            while (running.get()) {
                ConsumerRecords<String, byte[]> records;
                KafkaConsumer<String, byte[]> lane;
                try {
                    records = urgentLane.poll(Duration.ZERO);
                    if (!records.isEmpty()) {
                        lane = urgentLane;
                        // Keep the normal lane's membership alive without taking its records.
                        normal.pause(normal.assignment());
                        normal.poll(Duration.ZERO);
                    } else {
                        lane = normal;
                        normal.resume(normal.paused());
                        // With results waiting for their commit, only take what is already fetched.
                        records = normal.poll(pending.isEmpty() ? Duration.ofMillis(200) : Duration.ZERO);
                    }
                } catch (WakeupException e) {
                    break;
                }
                invalidated.clear();
                try {
                    if (records.isEmpty()) {
                        flush();
                    } else {
                        if (pendingLane != null && pendingLane != lane) flush(); // one transaction holds one group's offsets
                        handleBatch(records, lane, normal, urgentLane);
                        if (due()) flush();
                    }
                    failures = 0;
                } catch (ProducerFencedException | InvalidProducerEpochException | AuthorizationException e) {
                    log.error("{}: fatal Kafka error; stopping this worker", name, e);
                    break;
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    failures++;
                    if (failures > MAX_CONSECUTIVE_FAILURES) {
                        log.error("{}: {} failures in a row; stopping this worker", name, failures, e);
                        break;
                    }
                    long backoff = Math.min(30_000, 200L << Math.min(failures, 8));
                    log.warn("{}: commit failed (retry {} of {}), rewound; retrying in {} ms: {}",
                            name, failures, MAX_CONSECUTIVE_FAILURES, backoff, e.toString());
                    rewind(lane, records.partitions());
                    if (!running.get() || stopSignal.await(backoff, TimeUnit.MILLISECONDS)) break;
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("{}: unexpected failure; stopping this worker", name, e);
        } finally {
            try {
                flush(); // a graceful stop keeps what is finished
            } catch (RuntimeException e) {
                log.debug("{}: final commit failed; those tasks are processed again: {}", name, e.toString());
            }
            healthy = false;
            processing.shutdownNow();
            notices.shutdownNow();
            closeQuietly(urgentLane, producer);
            closeQuietly(normal, progress);
            exited.countDown();
        }
    }

    /** Processes the records of one poll in order; each item runs on the processing thread while this one keeps house. */
    private void handleBatch(ConsumerRecords<String, byte[]> records, KafkaConsumer<String, byte[]> lane,
                             KafkaConsumer<String, byte[]> normal, KafkaConsumer<String, byte[]> urgentLane) throws InterruptedException {
        for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (invalidated.contains(tp) || !running.get()) continue; // its position moved; the record comes again
            ItemTask task;
            List<ProducerRecord<byte[], byte[]>> output = null;
            try {
                task = tasks.valueSerde().deserializer().deserialize(r.topic(), r.value());
                if (task == null) throw new IllegalArgumentException("task record has no value");
            } catch (RuntimeException e) {
                log.warn("{}: undecodable task at {}-{}@{}; sent to dead letters: {}", name, r.topic(), r.partition(), r.offset(), e.toString());
                task = null;
                output = List.of(DeadLetters.of(kafka.topics(), name, r.topic(), r.partition(), r.offset(),
                        r.key() == null ? null : r.key().getBytes(java.nio.charset.StandardCharsets.UTF_8), r.value(), e));
            }
            if (task != null) {
                ItemResult result = run(task, r.headers(), normal, urgentLane);
                if (result == null || invalidated.contains(tp)) continue; // stopping, or someone else owns the task now
                output = outputs(task, result, Trace.next(r.headers()));
            }
            if (pending.isEmpty()) pendingSince = System.nanoTime();
            pendingLane = lane;
            pending.add(new Finished(tp, r.offset(), output));
        }
    }

    /** Runs one task on the processing thread; meanwhile commits what is due and keeps both consumers in their groups. */
    private ItemResult run(ItemTask task, org.apache.kafka.common.header.Headers headers, KafkaConsumer<String, byte[]> normal,
                           KafkaConsumer<String, byte[]> urgentLane) throws InterruptedException {
        Instant started = Instant.now();
        ScheduledFuture<?> notice = null;
        if (tuning.noticeAfter().isZero()) announce(task, started);
        else notice = notices.schedule(() -> announce(task, started), tuning.noticeAfter().toMillis(), TimeUnit.MILLISECONDS);
        String correlation = Trace.get(headers, Trace.CORRELATION_ID);
        Future<ItemResult> future = processing.submit(() -> {
            try (Trace.Scope mdc = Trace.mdc(task.getProjectId(), task.getJobId(), task.getItemId(), correlation)) {
                return processWithRetries(task);
            }
        });
        try {
            while (true) {
                try {
                    return future.get(TICK.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (!running.get()) {
                        future.cancel(true);
                        return null;
                    }
                    if (due()) flush();
                    keepAlive(normal);
                    keepAlive(urgentLane);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof InterruptedException) return null; // stopping
                    // processWithRetries turns every item failure into a result; this is a bug, not a bad file
                    throw new IllegalStateException("processing thread failed", e.getCause());
                }
            }
        } finally {
            if (notice != null) notice.cancel(false);
        }
    }

    /** Polls with every partition paused: the member stays in its group (and rebalances run) without taking records. */
    private void keepAlive(KafkaConsumer<String, byte[]> c) {
        Set<TopicPartition> pausedBefore = new HashSet<>(c.paused());
        c.pause(c.assignment());
        ConsumerRecords<String, byte[]> unexpected = c.poll(Duration.ZERO);
        // A partition assigned during this very poll was not paused yet: put what it returned back.
        for (TopicPartition tp : unexpected.partitions()) c.seek(tp, unexpected.records(tp).get(0).offset());
        Set<TopicPartition> resume = new HashSet<>(c.assignment());
        resume.removeAll(pausedBefore);
        c.resume(resume);
    }

    private boolean due() {
        return !pending.isEmpty() && System.nanoTime() - pendingSince >= tuning.transactionSpan().toNanos();
    }

    /** Commits every finished task in one short transaction with the offsets it consumed. */
    private void flush() {
        if (pending.isEmpty()) return;
        KafkaConsumer<String, byte[]> lane = pendingLane;
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Finished f : pending) offsets.merge(f.partition(), new OffsetAndMetadata(f.offset() + 1),
                (a, b) -> a.offset() >= b.offset() ? a : b);
        try {
            producer.beginTransaction();
            for (Finished f : pending) f.output().forEach(producer::send);
            producer.sendOffsetsToTransaction(offsets, lane.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException | AuthorizationException e) {
            throw e;
        } catch (KafkaException e) {
            abortQuietly(producer);
            rewind(lane, offsets.keySet());
            throw e;
        } finally {
            pending.clear();
            pendingLane = null;
        }
    }

    /** Commits before partitions move away, so the next owner starts after what this worker finished. */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> lane;

        Rebalance(KafkaConsumer<String, byte[]> lane) {
            this.lane = lane;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (pendingLane == lane) {
                try {
                    flush();
                } catch (KafkaException e) {
                    log.warn("{}: commit before a rebalance failed; the next owner processes those tasks again: {}", name, e.toString());
                }
            }
            invalidated.addAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (pendingLane == lane) {
                pending.clear(); // not ours to commit any more; the next owner processes them again
                pendingLane = null;
            }
            invalidated.addAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
    }

    /** The records a task's result becomes: the result, and for a completed item its lineage. */
    /** The item's result (and its lineage when it completed), with the task's trace headers for the next hop. */
    private List<ProducerRecord<byte[], byte[]>> outputs(ItemTask task, ItemResult result, org.apache.kafka.common.header.Headers headers) {
        Topics topics = kafka.topics();
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(2);
        out.add(new ProducerRecord<>(topics.itemResults.name(), null,
                topics.itemResults.keySerde().serializer().serialize(topics.itemResults.name(), task.getJobId()),
                topics.itemResults.valueSerde().serializer().serialize(topics.itemResults.name(), result), headers));
        if (result.getStatus() == ItemState.completed && result.getContentHash() != null && result.getOutputLocation() != null) {
            ProcessingResult lineage = ItemPipeline.lineage(task, result);
            String topic = topics.processingResults.name();
            out.add(new ProducerRecord<>(topic, null,
                    topics.processingResults.keySerde().serializer().serialize(topic, ItemPipeline.lineageKey(lineage)),
                    topics.processingResults.valueSerde().serializer().serialize(topic, lineage), headers));
        }
        return out;
    }

    /** Tells the aggregator this item is being processed (best effort). */
    private void announce(ItemTask task, Instant started) {
        Topics topics = kafka.topics();
        String topic = topics.itemResults.name();
        try {
            ItemResult notice = ItemResult.newBuilder().setJobId(task.getJobId()).setItemId(task.getItemId())
                    .setFileId(task.getFileId()).setItemName(task.getItemName()).setStatus(ItemState.processing)
                    .setAttempt(task.getAttempt()).setWorkerId(name + "-" + instanceId).setStartedAt(started)
                    .setFinishedAt(Instant.now()).build();
            progress.send(new ProducerRecord<>(topic, topics.itemResults.keySerde().serializer().serialize(topic, task.getJobId()),
                    topics.itemResults.valueSerde().serializer().serialize(topic, notice)));
        } catch (RuntimeException e) {
            log.debug("{}: no processing notice for item {}: {}", name, task.getItemId(), e.toString());
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
        // The exception names this service's insides (paths, store locations, hosts): the log has it, the item does not.
        log.warn("{}: item {} of job {} failed after 3 attempts", name, task.getItemId(), task.getJobId(), last);
        return ItemResult.newBuilder()
                .setJobId(task.getJobId())
                .setItemId(task.getItemId())
                .setFileId(task.getFileId())
                .setStatus(ItemState.failed)
                .setErrorCode("INTERNAL_ERROR")
                .setErrorMessage("processing failed after 3 attempts; " + dev.batch.worker.parse.ErrorText.RETRY)
                .setParametersHash(task.getConfigHash())
                .setAttempt(task.getAttempt())
                .setWorkerId(name + "-" + instanceId)
                .setStartedAt(started)
                .setFinishedAt(Instant.now())
                .build();
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
