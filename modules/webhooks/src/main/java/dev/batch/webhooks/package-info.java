/**
 * Webhooks: the receiver policy and signatures the API checks jobs with, and the webhook sink
 * ({@link WebhookService}), a Kafka Streams application that keeps each job's receivers' queues of
 * events and delivers them, in order and signed, off the stream thread, logging every attempt.
 */
package dev.batch.webhooks;
