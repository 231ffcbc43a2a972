/**
 * The splitter: a Kafka Streams application ({@link SplitterService}) that turns each job request
 * into pages of items announced on {@code batch.dispatch} and one task per item on the task topics,
 * paced by each job's window ({@code SplitProcessor}).
 */
package dev.batch.splitter;
