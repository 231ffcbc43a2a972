/**
 * The parse and classify workers. {@link dev.batch.worker.TaskWorkerService} consumes a task topic
 * and its urgent lane and writes each task's result exactly once (its parts: {@code TaskLoop},
 * {@code TaskLane}, {@code TransactionBatcher}, {@code ItemRunner}, {@code ProgressNotices},
 * {@code WorkerRecords}); {@link dev.batch.worker.ItemPipeline} resolves, checks and caches each item
 * around its {@link dev.batch.worker.DocumentProcessor}: {@link dev.batch.worker.ParseProcessor} or
 * {@link dev.batch.worker.ClassifyProcessor}. {@link dev.batch.worker.WorkerRole} assembles them for
 * the {@code worker} role from {@link dev.batch.worker.WorkerSettings}.
 */
package dev.batch.worker;
