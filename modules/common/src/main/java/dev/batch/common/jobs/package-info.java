/**
 * The rules every job request meets, wherever it enters (the API or a producer on
 * {@code batch.job-requests}), and the one reader of a job config's JSON ({@code JobConfigs}): parse
 * parameters, classify rules, webhook receivers, time limits into the typed {@code JobConfig} the
 * events carry; and the deployment's job policy.
 */
package dev.batch.common.jobs;
