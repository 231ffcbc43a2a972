package dev.batch.worker;

import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the aggregator that an item still running after {@link TaskWorkerService.Tuning#noticeAfter()}
 * is {@code processing}. The notices go outside the transaction, so they are visible while the item
 * runs; they are advisory (a crash leaves the item to be processed again, and the aggregator
 * ignores a notice that arrives after the item's result).
 */
final class ProgressNotices implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProgressNotices.class);

    private final String workerId;
    private final Producer<byte[], byte[]> producer;
    private final WorkerRecords records;
    private final Duration after;
    private final ScheduledExecutorService timer;

    ProgressNotices(String workerId, Producer<byte[], byte[]> producer, WorkerRecords records, Duration after) {
        this.workerId = workerId;
        this.producer = producer;
        this.records = records;
        this.after = after;
        this.timer = Executors.newSingleThreadScheduledExecutor(Daemons.named(workerId + "-notices"));
    }

    /** Announces {@code task} once {@code after} has passed (at once for zero); cancel the answer when the item ends. */
    ScheduledFuture<?> schedule(ItemTask task, Instant started) {
        if (after.isZero()) {
            announce(task, started);
            return null;
        }
        return timer.schedule(() -> announce(task, started), after.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void announce(ItemTask task, Instant started) {
        try {
            ItemResult notice = ItemResult.newBuilder()
                    .setJobId(task.getJobId())
                    .setItemId(task.getItemId())
                    .setProjectId(task.getProjectId())
                    .setFileId(task.getFileId())
                    .setItemName(task.getItemName())
                    .setStatus(ItemState.processing)
                    .setAttempt(task.getAttempt())
                    .setWorkerId(workerId)
                    .setStartedAt(started)
                    .setFinishedAt(Instant.now())
                    .build();
            producer.send(records.notice(notice));
        } catch (RuntimeException e) {
            log.debug("{}: no processing notice for item {}: {}", workerId, task.getItemId(), e.toString());
        }
    }

    /** Stops the timer and closes the producer. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.debug("{}: producer close failed: {}", workerId, e.toString());
        }
    }
}
