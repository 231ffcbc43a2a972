/**
 * The rules every job request meets, wherever it enters (the API or a producer on
 * {@code batch.job-requests}), and the job parameters they read: parse parameters, webhook
 * receivers, time limits, the deployment's job policy.
 */
package dev.batch.common.jobs;
