/**
 * A single-node Kafka broker (KRaft, broker and controller in one) run inside the JVM from Maven
 * Central jars: what {@code ./scripts/run} and the tests use where no cluster is configured.
 */
package dev.batch.broker;
