/**
 * {@code scripts/chaos}: the system as separate processes (brokers, API, splitter, workers) killed
 * and restarted mid-job, then every job checked through the API for lost, double-counted or stuck
 * items.
 */
package dev.batch.tools.chaos;
