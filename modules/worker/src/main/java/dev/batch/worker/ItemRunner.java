package dev.batch.worker;

import dev.batch.common.kafka.Trace;
import dev.batch.events.ErrorCode;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.worker.parse.ErrorText;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task on a processing thread of its own and turns it into its {@link ItemResult}. The
 * document's own time limit is the processor's business; here an infrastructure fault (the
 * processor throws) is retried, and after {@link #ATTEMPTS} attempts the item fails with
 * {@code INTERNAL_ERROR}. The calling thread waits in short ticks and does its housekeeping in
 * between, so a document that takes an hour does not hold back commits or group membership.
 */
final class ItemRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ItemRunner.class);
    static final int ATTEMPTS = 3;
    /** How often the waiting thread looks up from a running item to commit and to keep its group membership. */
    private static final Duration TICK = Duration.ofMillis(50);

    private final String workerId;
    private final TaskProcessor processor;
    private final ProgressNotices notices;
    private final CountDownLatch stopped;
    private final ExecutorService processing;

    /** {@code stopped} counts down when the worker stops: a waiting item is abandoned, a retry's back-off ends. */
    ItemRunner(String workerId, TaskProcessor processor, ProgressNotices notices, CountDownLatch stopped) {
        this.workerId = workerId;
        this.processor = processor;
        this.notices = notices;
        this.stopped = stopped;
        this.processing = Executors.newSingleThreadExecutor(Daemons.named(workerId + "-processing"));
    }

    /**
     * The task's result, or null when the worker stops before it is done (the task is then processed
     * again by whoever takes its partition). {@code housekeeping} runs every tick while the task runs.
     */
    ItemResult run(ItemTask task, Headers headers, Runnable housekeeping) throws InterruptedException {
        Instant started = Instant.now();
        ScheduledFuture<?> notice = notices.schedule(task, started);
        String correlation = Trace.get(headers, Trace.CORRELATION_ID);
        Future<ItemResult> future = processing.submit(() -> {
            try (Trace.Scope mdc = Trace.mdc(task.getProjectId(), task.getJobId(), task.getItemId(), correlation)) {
                return withRetries(task);
            }
        });
        try {
            return await(future, housekeeping);
        } finally {
            if (notice != null) notice.cancel(false);
        }
    }

    private ItemResult await(Future<ItemResult> future, Runnable housekeeping) throws InterruptedException {
        while (true) {
            try {
                return future.get(TICK.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (stopped.getCount() == 0) {
                    future.cancel(true);
                    return null;
                }
                housekeeping.run();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof InterruptedException) return null; // stopping
                // withRetries turns every item failure into a result; this is a bug, not a bad file
                throw new IllegalStateException("processing thread failed", e.getCause());
            }
        }
    }

    /** Processes a task; an infrastructure fault is retried a few times, then the item fails with it. */
    private ItemResult withRetries(ItemTask task) throws InterruptedException {
        Instant started = Instant.now();
        Exception last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                ItemResult result = processor.process(task);
                if (result.getWorkerId() == null) result.setWorkerId(workerId);
                return result;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
                log.warn(
                        "{}: item {} of job {} hit {} (attempt {} of {})",
                        workerId,
                        task.getItemId(),
                        task.getJobId(),
                        e.toString(),
                        attempt,
                        ATTEMPTS);
                if (stopped.await(250L * attempt, TimeUnit.MILLISECONDS)) break;
            }
        }
        // The exception names this service's insides (paths, store locations, hosts): the log has it, the item does
        // not.
        log.warn(
                "{}: item {} of job {} failed after {} attempts",
                workerId,
                task.getItemId(),
                task.getJobId(),
                ATTEMPTS,
                last);
        return ItemResult.newBuilder()
                .setJobId(task.getJobId())
                .setItemId(task.getItemId())
                .setProjectId(task.getProjectId())
                .setFileId(task.getFileId())
                .setStatus(ItemState.failed)
                .setErrorCode(ErrorCode.INTERNAL_ERROR)
                .setErrorMessage("processing failed after " + ATTEMPTS + " attempts; " + ErrorText.RETRY)
                .setParametersHash(task.getConfigHash())
                .setAttempt(task.getAttempt())
                .setWorkerId(workerId)
                .setStartedAt(started)
                .setFinishedAt(Instant.now())
                .build();
    }

    /** Interrupts the item still running, if any: the worker is stopping and will not commit it. */
    @Override
    public void close() {
        processing.shutdownNow();
    }
}
