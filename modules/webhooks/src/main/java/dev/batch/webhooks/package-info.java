/**
 * Webhooks: the signatures and settings the API checks jobs with (the receiver policy, shared with
 * document fetching, is {@link dev.batch.common.net.ReceiverPolicy}), and the webhook sink
 * ({@link WebhookService}), a Kafka Streams application that keeps each job's receivers' queues of
 * events and delivers them, in order and signed, off the stream thread, logging every attempt.
 */
package dev.batch.webhooks;
