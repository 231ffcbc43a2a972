/**
 * The aggregator, the only writer of job status. {@code AggregatorTopology} folds job requests,
 * dispatch pages, item results and job commands into one status per job and one record per item
 * ({@code JobFold}, run by {@code JobStatusProcessor}), fails what never reports ({@code Watchdog})
 * and sends retried items back to the workers. {@code AggregatorService} runs it in a process and
 * answers job queries, each from the instance that owns the job.
 */
package dev.batch.aggregator;
