/**
 * Kafka plumbing shared by the services: the topic registry ({@link dev.batch.common.kafka.Topics}),
 * Avro serdes, client settings, the Streams service base, the publisher, dead letters, trace headers,
 * topic administration and lag metrics.
 */
package dev.batch.common.kafka;
