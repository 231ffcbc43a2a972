package dev.batch.worker;

import dev.batch.common.kafka.Trace;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemTask;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop of one worker: polls the urgent lane first and the normal lane when the urgent
 * one is empty, runs each task ({@link ItemRunner}), batches what is finished
 * ({@link TransactionBatcher}) and commits it when the batch is due or nothing else waits.
 *
 * <p>Errors: a retriable Kafka error aborts, rewinds to the committed offsets and backs off, at
 * most {@link #MAX_CONSECUTIVE_FAILURES} times in a row; a fatal one (fenced, not authorised), too
 * many in a row or a bug stops the loop, which then reports not ready. Stopping keeps what is
 * finished (one last commit) and abandons what runs: with its offset uncommitted, the task comes
 * again to whoever takes the partition.
 */
final class TaskLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TaskLoop.class);
    static final int MAX_CONSECUTIVE_FAILURES = 10;
    /** How long the normal lane's poll waits for records when nothing waits for its commit. */
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    private final String name;
    private final TaskLane normal;
    private final TaskLane urgent;
    private final TransactionBatcher batch;
    private final ItemRunner runner;
    private final ProgressNotices notices;
    private final WorkerRecords records;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch stopped;
    private volatile boolean healthy = true;

    /** Over subscribed lanes and a batcher whose producer is initialised; the loop closes them all when it ends. */
    TaskLoop(
            String name,
            TaskLane normal,
            TaskLane urgent,
            TransactionBatcher batch,
            ItemRunner runner,
            ProgressNotices notices,
            WorkerRecords records,
            CountDownLatch stopped) {
        this.name = name;
        this.normal = normal;
        this.urgent = urgent;
        this.batch = batch;
        this.runner = runner;
        this.notices = notices;
        this.records = records;
        this.stopped = stopped;
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (WakeupException | InterruptedException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("{}: unexpected failure; stopping this worker", name, e);
        } finally {
            try {
                batch.commit(); // a graceful stop keeps what is finished
            } catch (RuntimeException e) {
                log.debug("{}: final commit failed; those tasks are processed again: {}", name, e.toString());
            }
            healthy = false;
            close();
        }
    }

    private void loop() throws InterruptedException {
        int failures = 0;
        while (running.get()) {
            TaskLane lane = urgent;
            ConsumerRecords<String, byte[]> polled;
            try {
                polled = urgent.poll(Duration.ZERO);
                if (!polled.isEmpty()) {
                    normal.hold(); // keeps the normal lane's membership alive without taking its records
                } else {
                    lane = normal;
                    // With results waiting for their commit, only take what is already fetched.
                    polled = normal.poll(batch.isEmpty() ? IDLE_POLL : Duration.ZERO);
                }
            } catch (WakeupException e) {
                break;
            }
            normal.forgetMoves();
            urgent.forgetMoves();
            try {
                if (polled.isEmpty()) {
                    batch.commit();
                } else {
                    if (!batch.isEmpty() && !batch.holds(lane)) batch.commit();
                    handle(polled, lane);
                    if (batch.due()) batch.commit();
                }
                failures = 0;
            } catch (WakeupException e) {
                break;
            } catch (KafkaException e) {
                if (TransactionBatcher.fatal(e)) {
                    log.error("{}: fatal Kafka error; stopping this worker", name, e);
                    break;
                }
                failures++;
                if (failures > MAX_CONSECUTIVE_FAILURES) {
                    log.error("{}: {} failures in a row; stopping this worker", name, failures, e);
                    break;
                }
                long backoff = Math.min(30_000, 200L << Math.min(failures, 8));
                log.warn(
                        "{}: commit failed (retry {} of {}), rewound; retrying in {} ms: {}",
                        name,
                        failures,
                        MAX_CONSECUTIVE_FAILURES,
                        backoff,
                        e.toString());
                lane.rewind(polled.partitions());
                if (!running.get() || stopped.await(backoff, TimeUnit.MILLISECONDS)) break;
            }
        }
    }

    /** Runs the records of one poll in order and adds what each comes to to the batch. */
    private void handle(ConsumerRecords<String, byte[]> polled, TaskLane lane) throws InterruptedException {
        for (ConsumerRecord<String, byte[]> r : polled) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (lane.moved(tp) || !running.get()) continue; // its position moved; the record comes again
            List<ProducerRecord<byte[], byte[]>> output = outputOf(r);
            if (output == null || lane.moved(tp)) continue; // stopping, or someone else owns the task now
            batch.add(lane, tp, r.offset(), output);
        }
    }

    /** What a record comes to: its task's result records, a dead letter when it holds no task, or null when stopping first. */
    private List<ProducerRecord<byte[], byte[]>> outputOf(ConsumerRecord<String, byte[]> r)
            throws InterruptedException {
        ItemTask task;
        try {
            task = records.task(r);
        } catch (RuntimeException e) {
            log.warn(
                    "{}: undecodable task at {}-{}@{}; sent to dead letters: {}",
                    name,
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    e.toString());
            return List.of(records.deadLetter(r, e));
        }
        ItemResult result = runner.run(task, r.headers(), this::keepHouse);
        return result == null ? null : records.outputs(task, result, Trace.next(r.headers()));
    }

    /** While an item runs: commit what is due, and keep both lanes in their groups. */
    private void keepHouse() {
        if (batch.due()) batch.commit();
        normal.keepAlive();
        urgent.keepAlive();
    }

    boolean healthy() {
        return healthy;
    }

    /**
     * Asks the loop to stop: the item running is abandoned, a back-off ends, a poll under way returns.
     * False when it was asked before.
     */
    boolean stop() {
        if (!running.getAndSet(false)) return false;
        stopped.countDown();
        normal.wakeup();
        urgent.wakeup();
        return true;
    }

    private void close() {
        runner.close();
        notices.close();
        urgent.close();
        normal.close();
        batch.close();
    }
}
