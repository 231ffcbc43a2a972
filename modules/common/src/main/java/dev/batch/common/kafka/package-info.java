/**
 * Kafka plumbing shared by the services: the registry of topics and stores ({@link dev.batch.common.kafka.Topics},
 * {@link dev.batch.common.kafka.TopicSpec}, {@link dev.batch.common.kafka.StoreSpecs}, {@link dev.batch.common.kafka.StoreSpec}), the nodes of a topology under
 * one naming scheme ({@link dev.batch.common.kafka.Topologies}), Avro serdes, client settings, the Streams service
 * base, the publisher, dead letters, trace headers, topic administration and lag metrics.
 */
package dev.batch.common.kafka;
